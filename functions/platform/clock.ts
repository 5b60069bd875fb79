/**
 * The one place that knows what time it is. On AWS the program clock is the wall clock;
 * locally the runtime sets a virtual clock that skips from one pending event to the next.
 * Handlers compute every date from it and hand the state machine instants (ISO strings) and
 * whole seconds, which mean the same on both.
 */
export interface Clock {
  now(): Date;
}

export const wallClock: Clock = { now: () => new Date() };

let current: Clock | undefined;

export const clock = (): Clock => current ?? wallClock;

/** The local runtime sets its virtual clock; on AWS nothing calls this. */
export const useClock = (next: Clock | undefined): void => {
  current = next;
};
