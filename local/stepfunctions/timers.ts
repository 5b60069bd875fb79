import { setImmediate as nextMacrotask } from 'node:timers/promises';

/** Lets every queued microtask run, e.g. the engine's event-log consumers. */
export const drainMicrotasks = (): Promise<void> => nextMacrotask();
