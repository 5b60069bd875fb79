import { clock } from '#platform/clock';
import type { Relationship } from '#domain/model';
import {
  matchesFilter,
  membersByName,
  namedFrom,
  relationshipStatus,
  type ProgramStatus,
  type StatusFilter,
  type StatusRow,
} from '#domain/desk/relationship-status';
import { getProgram, listOpenQuestions, listPeople, listRelationships, readHistory, type OpenQuestion } from '#adapters/store';
import { NotFound, programIdOf } from './lookup.ts';
import { calendarOf } from '#use-cases/relationship/relationship-context';

/** Reads many relationships' histories a few at a time: quick over a thousand, gentle on the table. */
const READS_AT_ONCE = 16;
export const mapFew = async <T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await read(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, items.length) }, worker));
  return results;
};

/** The open questions of each relationship. */
const byRelationship = (open: OpenQuestion[]): Map<string, OpenQuestion[]> => {
  const of = new Map<string, OpenQuestion[]>();
  for (const q of open) of.set(q.relationshipId, [...(of.get(q.relationshipId) ?? []), q]);
  return of;
};

/**
 * Each of a program's relationships with its record, read once, and where it stands at `now`
 * (`relationshipStatus`): what `status` and `export` both start from.
 */
export const judgeEach = async (programId: string, relationships: Relationship[], now: Date) => {
  const [program, open] = await Promise.all([getProgram(programId), listOpenQuestions()]);
  const openOf = byRelationship(open);
  return mapFew(relationships, async (relationship) => {
    const history = await readHistory(relationship.relationshipId);
    const facts = { relationship, calendar: calendarOf(relationship, program), ...history, open: openOf.get(relationship.relationshipId) ?? [] };
    return { relationship, history, status: relationshipStatus({ ...facts, thresholds: program.safetyNet }, now) };
  });
};

/**
 * Every relationship of a program, where it stands now (`relationshipStatus`), with its people
 * by name: for the coordinator's eyes only, never for a log. Filtered to those at risk, those
 * waiting on an answer, or one coordinator's (by address).
 */
export const programStatus = async (
  asked: string | undefined,
  filter: StatusFilter & { coordinator?: string } = {},
  now: Date = clock().now(),
): Promise<ProgramStatus> => {
  const programId = await programIdOf(asked);
  const [relationships, people] = await Promise.all([listRelationships(programId), listPeople(programId)]);
  const byId = new Map(people.map((p) => [p.personId, p]));
  const named = namedFrom((personId) => byId.get(personId));
  let coordinatorId: string | undefined;
  if (filter.coordinator) {
    const address = filter.coordinator.trim().toLowerCase();
    coordinatorId = relationships.map((r) => r.coordinatorId).find((id) => byId.get(id)?.email.toLowerCase() === address);
    if (!coordinatorId) throw new NotFound(`no coordinator ${filter.coordinator} in program ${programId}`);
  }
  const chosen = relationships.filter((r) => !coordinatorId || r.coordinatorId === coordinatorId);
  const rows = (await judgeEach(programId, chosen, now))
    .filter(({ status }) => matchesFilter(status, filter))
    .map(({ relationship, history, status }): StatusRow => ({
      relationshipId: relationship.relationshipId,
      ...(relationship.circle ? { circle: relationship.circle } : {}),
      phase: relationship.phase,
      ...membersByName(relationship, named, history.saved),
      ...status,
      waiting: status.waiting.map((w) => ({ ...w, waitingFor: w.waitingFor.map(named) })),
    }));
  return { programId, at: now.toISOString(), relationships: rows, total: relationships.length };
};
