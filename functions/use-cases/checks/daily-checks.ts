import { isStuck } from '#domain/lifecycle/stuck';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import { hasRunRunning, relationshipsRunning } from '#adapters/workflow/running';
import { getRelationship } from '#adapters/store';
import { eraseEndedRelationships, everyProgramsRelationships } from '#use-cases/privacy/erase-ended';
import type { ErasedRecords } from '#domain/people/erasure';

export interface DailyCheckReport {
  /** Program time of the check. */
  at: string;
  /** Relationships that have not closed yet have no execution running: nothing will move them on. */
  stuck: string[];
  /** Ended relationships whose personal data was erased now, past their program's retention. */
  erased: string[];
  erasedRecords: ErasedRecords;
}

/**
 * Once a program day: no relationship may stand still unseen, and no personal data may be kept
 * past its program's retention. Finds every relationship not closed with no execution running
 * (its ids, never names, go to the log, and their count to the `StuckRelationships` metric and
 * its alarm), then erases the personal data of those that ended long enough ago.
 */
export const runDailyChecks = async (): Promise<DailyCheckReport> => {
  const now = clock().now();
  const [running, programs] = await Promise.all([relationshipsRunning(), everyProgramsRelationships()]);
  const candidates = programs.flatMap(({ relationships }) => relationships).filter((r) => isStuck(r, running.has(r.relationshipId), now));
  // Read side by side, a relationship that closed or moved to its next phase meanwhile looks stuck: each is asked about again.
  const stuck: string[] = [];
  for (const { relationshipId } of candidates) {
    const relationship = await getRelationship(relationshipId);
    if (isStuck(relationship, await hasRunRunning(relationship), now)) stuck.push(relationshipId);
  }
  stuck.sort();
  // One line a day, also when all is well: the metric filter reads `stuckRelationships` from it.
  const line = { stuckRelationships: stuck.length, relationshipIds: stuck };
  if (stuck.length) logger.warn('relationships stuck: no execution running', line);
  else logger.info('no relationship stuck', line);
  const erasure = await eraseEndedRelationships(running, programs);
  return { at: now.toISOString(), stuck, erased: erasure.relationships, erasedRecords: erasure.records };
};
