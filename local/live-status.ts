import cliProgress from 'cli-progress';
import type { Clock } from '#core/clock';
import type { LocalRuntime } from './runtime.ts';

/** Relationships by the phase they are in now (their newest main-lane execution), or "closed" once nothing runs. */
export const phaseCounts = (runtime: LocalRuntime, relationships: number): Map<string, number> => {
  const latest = new Map<string, string>();
  const busy = new Set<string>();
  for (const execution of runtime.stepFunctions.listAll()) {
    const match = /^(rel-[0-9a-f]+)-(.+?)(-after-pause-\d+)?$/.exec(execution.name);
    if (!match) continue;
    if (execution.status === 'RUNNING') busy.add(match[1]!);
    // The agreement runs beside the first meetings; the meetings say where the relationship is.
    if (match[2] !== 'agreement') latest.set(match[1]!, match[2]!);
  }
  const counts = new Map<string, number>();
  for (const [id, phase] of latest) {
    const key = busy.has(id) ? phase.replace(/-\d+$/, '') : 'closed';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const waiting = relationships - latest.size;
  if (waiting > 0) counts.set('enrolling', waiting);
  return counts;
};

/**
 * A live line while the year runs: program date, a bar over the year, relationships by
 * phase and e-mails sent. On a terminal it redraws in place; in a log it prints now and then.
 */
export const startLiveStatus = (runtime: LocalRuntime, options: { clock: Clock; from: Date; until: Date; relationships: number }) => {
  const totalDays = Math.ceil((options.until.getTime() - options.from.getTime()) / 86_400_000);
  const interactive = process.stdout.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: ' {date} |{bar}| day {value}/{total} · {phases} · {emails} e-mails',
      barsize: 24,
      hideCursor: true,
      noTTYOutput: !interactive,
      notTTYSchedule: 10_000,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({
    date: options.clock.now().toISOString().slice(0, 10),
    phases: [...phaseCounts(runtime, options.relationships)].map(([phase, n]) => `${phase} ${n}`).join(', ') || 'starting',
    emails: runtime.inbox.accepted,
  });
  const day = () => Math.min(totalDays, Math.max(0, Math.floor((options.clock.now().getTime() - options.from.getTime()) / 86_400_000)));
  bar.start(totalDays, 0, payload());
  let stopped = false;
  const timer = setInterval(() => bar.update(day(), payload()), 500);
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      bar.update(day(), payload());
      bar.stop();
    },
  };
};
