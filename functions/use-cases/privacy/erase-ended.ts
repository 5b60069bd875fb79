import { addRecords, dueForErasure, noRecords, peopleToErase, type ErasedRecords } from '#domain/people/erasure';
import type { Relationship } from '#domain/model';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import {
  deleteResponseRecords,
  eraseAnswerDetails,
  eraseCircleName,
  eraseGoalTexts,
  erasePerson,
  getProgram,
  listProgramIds,
  listRelationships,
  listResponseRecords,
  markPersonalDataErased,
} from '#adapters/store';

export interface EndedErasure {
  /** The relationships whose personal data was erased now. */
  relationships: string[];
  records: ErasedRecords;
}

export interface ProgramRelationships {
  programId: string;
  relationships: Relationship[];
}

/** Every program's relationships, as stored now. */
export const everyProgramsRelationships = async (): Promise<ProgramRelationships[]> =>
  Promise.all((await listProgramIds()).map(async (programId) => ({ programId, relationships: await listRelationships(programId) })));

/**
 * Erases the personal data of every relationship that ended longer ago than its program keeps
 * it (`retention.keepPersonalDataMonths`), unless an execution of it still runs: its answers'
 * details, its goals' text, a circle's name, its questions and links; then each of its people whose every
 * relationship is erased loses name and address. Ids, dates, outcomes, meetings, the e-mail
 * log and rematch requests stay, so the program's reports still add up.
 */
export const eraseEndedRelationships = async (
  running: ReadonlySet<string>,
  programs: ProgramRelationships[] | Promise<ProgramRelationships[]> = everyProgramsRelationships(),
): Promise<EndedErasure> => {
  const now = clock().now();
  const at = now.toISOString();
  let records = noRecords();
  const erased: string[] = [];
  const byProgram: { programId: string; relationships: Relationship[]; due: Relationship[] }[] = [];
  for (const { programId, relationships } of await programs) {
    const { retention } = await getProgram(programId);
    const due = dueForErasure(relationships, retention.keepPersonalDataMonths, now, running);
    if (due.length) byProgram.push({ programId, relationships, due });
  }
  if (!byProgram.length) return { relationships: erased, records };

  const responses = await listResponseRecords(new Set(byProgram.flatMap(({ due }) => due.map((r) => r.relationshipId))));
  for (const { programId, relationships, due } of byProgram) {
    for (const { relationshipId } of due) {
      const own = responses.filter((record) => record.relationshipId === relationshipId);
      records = addRecords(records, {
        answers: await eraseAnswerDetails(relationshipId),
        goals: await eraseGoalTexts(relationshipId),
        circleNames: await eraseCircleName(relationshipId),
        questions: own.filter((record) => record.kind === 'question').length,
        links: own.filter((record) => record.kind === 'link').length,
      });
      await deleteResponseRecords(own.map((record) => record.id));
      await markPersonalDataErased(relationshipId, at);
      erased.push(relationshipId);
    }
    // Someone still in a relationship that is kept keeps their name.
    for (const personId of peopleToErase(relationships, new Set(due.map((r) => r.relationshipId))))
      records = addRecords(records, await erasePerson(programId, personId, at));
  }
  logger.info('personal data of ended relationships erased', { relationshipIds: erased, ...records });
  return { relationships: erased, records };
};
