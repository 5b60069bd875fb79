import { measureFloorYear } from './floor.ts';
import { measureRealYear } from './real-year.ts';
import type { BenchOptions } from './measure.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One measured year in a process of its own, started by run.ts: its CPU time and peak memory
 * are then its own, not shared with the other year or warmed up by it. Sends the figures back.
 */
const [part, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}') as BenchOptions;
const figures = part === 'floor' ? await measureFloorYear(options) : part === 'real' ? await measureRealYear(options) : undefined;
if (!figures) throw new Error(`Unknown bench part: ${part}`);
process.send!(figures, () => process.exit(0));
