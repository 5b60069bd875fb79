import cliProgress from 'cli-progress';
import { parseExecutionName } from '#domain/lifecycle/execution-names';
import type { Clock } from '#platform/clock';
import { counted } from '#domain/plain-text';
import type { LocalRuntime } from './runtime.ts';

/** Relationships by the phase they are in now (their newest main-lane execution), or "closed" once nothing runs. */
export const phaseCounts = (runtime: LocalRuntime, relationships: number): Map<string, number> => {
  const latest = new Map<string, string>();
  const busy = new Set<string>();
  for (const execution of runtime.stepFunctions.listAll()) {
    const named = parseExecutionName(execution.name);
    if (!named) continue;
    if (execution.status === 'RUNNING') busy.add(named.relationshipId);
    // The agreement runs beside the first meetings; the meetings say where the relationship is.
    if (named.phase !== 'agreement') latest.set(named.relationshipId, named.phase);
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

const DAY_MS = 86_400_000;

/**
 * A live line while program time runs: the program date, a bar over the days planned (it
 * grows when an extension or a pause runs past them) and what `details` says. On a terminal it
 * redraws in place; in a log it prints a line every 10 s.
 */
export const startProgressLine = (options: { label?: string; clock: Clock; from: Date; until: Date; details: () => string }) => {
  const bar = new cliProgress.SingleBar(
    {
      format: ` ${options.label ? `${options.label} ` : ''}{date} |{bar}| day {value}/{total} · {details}`,
      barsize: 24,
      hideCursor: true,
      noTTYOutput: process.stdout.isTTY !== true,
      notTTYSchedule: 10_000,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const day = () => Math.max(0, Math.floor((options.clock.now().getTime() - options.from.getTime()) / DAY_MS));
  const payload = () => ({ date: options.clock.now().toISOString().slice(0, 10), details: options.details() });
  const update = () => {
    const today = day();
    if (today > bar.getTotal()) bar.setTotal(today);
    bar.update(today, payload());
  };
  bar.start(Math.ceil((options.until.getTime() - options.from.getTime()) / DAY_MS), 0, payload());
  const timer = setInterval(update, 500);
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      update();
      bar.stop();
    },
  };
};

/** The live line of a local run: relationships by phase and e-mails sent. */
export const startLiveStatus = (runtime: LocalRuntime, options: { clock: Clock; from: Date; until: Date; relationships: number }) =>
  startProgressLine({
    ...options,
    details: () =>
      `${[...phaseCounts(runtime, options.relationships)].map(([phase, n]) => `${phase} ${n}`).join(', ') || 'starting'} · ${counted(runtime.inbox.accepted, 'e-mail')}`,
  });
