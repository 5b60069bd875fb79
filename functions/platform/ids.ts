import { createHmac, randomBytes } from 'node:crypto';

let seed: string | undefined;

/**
 * Bytes for a new id (a person, a relationship, an answer link). On AWS they are random. A
 * local run draws them from its seed and from what the id names, so the same seed writes
 * the same run record, whatever order the work happens in.
 */
export const idBytes = (length: number, ...names: string[]): Buffer =>
  seed === undefined ? randomBytes(length) : createHmac('sha256', `mentoring-ids-${seed}`).update(names.join('\u0000')).digest().subarray(0, length);

/** The local runtime's seed; on AWS nothing calls this. */
export const useSeededIds = (next: number | undefined): void => {
  seed = next === undefined ? undefined : String(next);
};
