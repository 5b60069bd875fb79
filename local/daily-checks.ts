import { DAILY_CHECKS_AT_UTC } from '#domain/lifecycle/stuck';
import { handler as runDailyChecks } from '#handlers/scheduled/run-daily-checks';
import { invoke } from './handlers.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** What the daily checks' function answers: the relationships it found stuck and those it erased. */
type DailyCheckReport = Awaited<ReturnType<typeof runDailyChecks>>;

/** One run of the daily checks: what it found, or why it failed. */
export type DailyCheckRun = { at: string } & ({ report: DailyCheckReport } | { error: string });

/** The first instant of the daily checks' schedule after `after`. */
export const nextDailyCheck = (after: Date): Date => {
  const next = new Date(after);
  next.setUTCHours(DAILY_CHECKS_AT_UTC.hour, DAILY_CHECKS_AT_UTC.minute, 0, 0);
  if (next <= after) next.setUTCDate(next.getUTCDate() + 1);
  return next;
};

/**
 * The daily checks on program time: the same handler the schedule invokes on AWS, once a
 * program day. They run in the background: while anything else is still to happen, never on
 * their own, so a run still ends when its executions do and one that is stuck still says so.
 */
export const startDailyChecks = (clock: VirtualClock) => {
  const runs: DailyCheckRun[] = [];
  let cancel = () => {};
  let inFlight: Promise<void> = Promise.resolve();
  const check = async () => {
    const at = clock.now().toISOString();
    try {
      runs.push({ at, report: await invoke('mentoring-run-daily-checks', (context) => runDailyChecks(undefined, context)) });
    } catch (error) {
      runs.push({ at, error: (error as Error).message });
    }
  };
  const plan = (at: Date) => {
    cancel = clock.inBackground(
      at.getTime(),
      () => {
        plan(nextDailyCheck(at));
        inFlight = clock.track(check);
      },
      'daily-checks',
    );
  };
  plan(nextDailyCheck(clock.now()));
  return {
    runs,
    stop: async () => {
      cancel();
      await inFlight;
    },
  };
};
