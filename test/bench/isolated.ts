import { measureFloorYear } from './floor.ts';
import { measureRealYear } from './real-year.ts';
import type { BenchOptions } from './measure.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One measured year in a process of its own, started by run.ts: its CPU time and peak memory
 * are then its own, not shared with the other year or warmed up by it. Sends the figures back.
 */
const [part, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}') as BenchOptions & { maxMinutes?: number };

/** Ctrl-C or the time budget stops the real year early; its figures then cover the days it got through. */
const stopEarly = () => {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  if (options.maxMinutes) setTimeout(stop, options.maxMinutes * 60_000).unref();
  return stopped;
};

const figures = part === 'floor' ? await measureFloorYear(options) : part === 'real' ? await measureRealYear(options, stopEarly()) : undefined;
if (!figures) throw new Error(`Unknown bench part: ${part}`);
// Kept-alive sockets and the like would hold the process open; the figures are all it owes.
process.send!(figures, () => process.exit(0));
