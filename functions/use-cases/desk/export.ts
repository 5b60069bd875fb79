import { clock } from '#platform/clock';
import { relationshipStatus } from '#domain/desk/relationship-status';
import { exportRows, overlaps, type Period } from '#domain/desk/export-rows';
import { getProgram, listOpenQuestions, listRelationships, readHistory } from '#adapters/store';
import { calendarOf } from '#use-cases/relationship/relationship-context';
import { byRelationship, mapFew } from './status.ts';
import { programIdOf } from './lookup.ts';

/**
 * A program's relationships, meetings and answers for a period (`exportRows`), for the
 * organisation's warehouse: ids, kinds, dates, outcomes and counts only. The relationships that
 * overlap the period, their meetings that fell in it and the answers given in it.
 */
export const exportProgram = async (asked: string | undefined, period: Period = {}) => {
  const programId = await programIdOf(asked);
  const [program, relationships, open] = await Promise.all([getProgram(programId), listRelationships(programId), listOpenQuestions()]);
  const openOf = byRelationship(open);
  const now = clock().now();
  const chosen = relationships.filter((r) => overlaps(r, period)).sort((a, b) => a.relationshipId.localeCompare(b.relationshipId));
  const rows = await mapFew(chosen, async (relationship) => {
    const { meetings, saved, mail } = await readHistory(relationship.relationshipId);
    const calendar = calendarOf(relationship, program);
    const status = relationshipStatus(
      { relationship, calendar, meetings, saved, mail, open: openOf.get(relationship.relationshipId) ?? [], thresholds: program.safetyNet },
      now,
    );
    return exportRows({ relationship, status, meetings, saved }, period);
  });
  return {
    programId,
    relationships: rows.map((r) => r.relationship),
    meetings: rows.flatMap((r) => r.meetings),
    answers: rows.flatMap((r) => r.answers),
  };
};
