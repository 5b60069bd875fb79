import { clock } from '#platform/clock';
import { exportRows, overlaps, type Period } from '#domain/desk/export-rows';
import { listRelationships } from '#adapters/store';
import { judgeEach } from './status.ts';
import { programIdOf } from './lookup.ts';

/**
 * A program's relationships, meetings and answers for a period (`exportRows`), for the
 * organisation's warehouse: ids, kinds, dates, outcomes and counts only. The relationships that
 * overlap the period, their meetings that fell in it and the answers given in it.
 */
export const exportProgram = async (asked: string | undefined, period: Period = {}) => {
  const programId = await programIdOf(asked);
  const chosen = (await listRelationships(programId)).filter((r) => overlaps(r, period)).sort((a, b) => a.relationshipId.localeCompare(b.relationshipId));
  const rows = (await judgeEach(programId, chosen, clock().now())).map(({ relationship, history, status }) =>
    exportRows({ relationship, status, meetings: history.meetings, saved: history.saved }, period),
  );
  return {
    programId,
    relationships: rows.map((r) => r.relationship),
    meetings: rows.flatMap((r) => r.meetings),
    answers: rows.flatMap((r) => r.answers),
  };
};
