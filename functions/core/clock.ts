/**
 * The one place that knows what time it is. On AWS the program clock is the wall clock.
 * Locally it is compressed: program time runs `speed` times faster than the wall clock, so
 * a mentoring year passes in minutes with the very same definitions. Handlers compute
 * every date in program time and convert it with `engineInstant` / `engineSeconds` when
 * they hand a wait to the state machine, whose engine only knows the wall clock.
 */
export interface Clock {
  now(): Date;
  /** The wall-clock instant at which the engine should act for a program instant. */
  engineInstant(programInstant: Date): string;
  /** Wall-clock seconds the engine should wait for a span of program time. */
  engineSeconds(programSeconds: number): number;
}

export interface CompressedClockSettings {
  /** Program instant that corresponds to `wallOrigin`. */
  programOrigin: Date;
  wallOrigin: Date;
  /** Program seconds per wall second. */
  speed: number;
}

export const wallClock: Clock = {
  now: () => new Date(),
  engineInstant: (instant) => instant.toISOString(),
  // Step Functions wants whole seconds, at least one.
  engineSeconds: (seconds) => Math.max(1, Math.round(seconds)),
};

export const compressedClock = ({ programOrigin, wallOrigin, speed }: CompressedClockSettings): Clock => ({
  now: () => new Date(programOrigin.getTime() + (Date.now() - wallOrigin.getTime()) * speed),
  engineInstant: (instant) =>
    new Date(wallOrigin.getTime() + (instant.getTime() - programOrigin.getTime()) / speed).toISOString(),
  engineSeconds: (seconds) => seconds / speed,
});

let current: Clock | undefined;

export const clock = (): Clock => current ?? wallClock;

/** The local runtime and tests set the compressed clock; on AWS nothing calls this. */
export const useClock = (next: Clock | undefined): void => {
  current = next;
};
