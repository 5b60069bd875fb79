import { createHmac } from 'node:crypto';

/**
 * An execution's own sequence of draws in [0, 1), from the run's seed and the execution: the
 * full jitter between retries then repeats exactly, whatever else runs beside it.
 */
export const seededRandom = (seed: number, executionArn: string): (() => number) => {
  let n = 0;
  return () => createHmac('sha256', `local-retry-jitter-${seed}`).update(`${executionArn}#${n++}`).digest().readUInt32BE(0) / 2 ** 32;
};
