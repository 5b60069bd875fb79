import { handler as sendDigests } from '#handlers/scheduled/send-digests';
import { invoke } from './handlers.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** What the digests' function answers: how many went, and when the next is due. */
type DigestReport = Awaited<ReturnType<typeof sendDigests>>;

/** One run of the digests' function: what it did, or why it failed. */
export type DigestRun = { at: string } & ({ report: DigestReport } | { error: string });

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The schedule's tick at or after `at`: on AWS it fires at the top of every hour. */
const topOfHour = (at: number): number => Math.ceil(at / HOUR_MS) * HOUR_MS;

/**
 * The weekly digests on program time: the same handler the hourly schedule invokes on AWS, at
 * the ticks where one can be due. Rather than wake every hour of a simulated year, it wakes at
 * the tick of the next digest the function names, and at least once a program day for a
 * coordinator enrolled meanwhile. In the background, like the daily checks.
 */
export const startDigests = (clock: VirtualClock) => {
  const runs: DigestRun[] = [];
  let cancel = () => {};
  let inFlight: Promise<void> = Promise.resolve();
  const plan = (at: number) => {
    cancel = clock.inBackground(
      at,
      () => {
        inFlight = clock.track(async () => {
          const now = clock.now().getTime();
          let next = topOfHour(now + DAY_MS);
          try {
            // Measured as CloudWatch would count it, as the daily checks are: the program report's cost includes the digests.
            const report = await invoke('mentoring-send-digests', (context) => sendDigests(undefined, context));
            runs.push({ at: new Date(now).toISOString(), report });
            if (report.next) next = Math.min(next, topOfHour(Date.parse(report.next)));
          } catch (error) {
            runs.push({ at: new Date(now).toISOString(), error: (error as Error).message });
          }
          plan(Math.max(next, now + HOUR_MS));
        });
      },
      'digests',
    );
  };
  plan(topOfHour(clock.now().getTime() + 1));
  return {
    runs,
    stop: async () => {
      cancel();
      await inFlight;
    },
  };
};
