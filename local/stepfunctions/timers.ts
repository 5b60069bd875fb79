import { setImmediate as nextMacrotask } from 'node:timers/promises';

// setTimeout fires immediately for delays above 2^31-1 ms, so long delays are chunked.
const MAX_DELAY_MS = 2_147_483_647;

/** Schedules fn after ms (any size); returns a cancel function. */
export function longTimeout(ms: number, fn: () => void): () => void {
  const deadline = Date.now() + ms;
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = deadline - Date.now();
    handle = left > MAX_DELAY_MS ? setTimeout(arm, MAX_DELAY_MS) : setTimeout(fn, Math.max(0, left));
  };
  arm();
  return () => clearTimeout(handle);
}

/** Lets every queued microtask run, e.g. the engine's event-log consumers. */
export const drainMicrotasks = (): Promise<void> => nextMacrotask();
