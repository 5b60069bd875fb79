import { clock } from '#platform/clock';
import type { Person } from '#domain/model';
import { matchesFilter, relationshipStatus, type Named, type ProgramStatus, type StatusFilter, type StatusRow } from '#domain/desk/relationship-status';
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
export const byRelationship = (open: OpenQuestion[]): Map<string, OpenQuestion[]> => {
  const of = new Map<string, OpenQuestion[]>();
  for (const q of open) of.set(q.relationshipId, [...(of.get(q.relationshipId) ?? []), q]);
  return of;
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
  const [program, relationships, people, open] = await Promise.all([
    getProgram(programId),
    listRelationships(programId),
    listPeople(programId),
    listOpenQuestions(),
  ]);
  const byId = new Map(people.map((p) => [p.personId, p]));
  const named = (personId: string): Named => {
    const person: Pick<Person, 'name' | 'email'> = byId.get(personId) ?? { name: '', email: '' };
    return { personId, name: person.name, email: person.email };
  };
  let coordinatorId: string | undefined;
  if (filter.coordinator) {
    const address = filter.coordinator.trim().toLowerCase();
    coordinatorId = relationships.map((r) => r.coordinatorId).find((id) => byId.get(id)?.email.toLowerCase() === address);
    if (!coordinatorId) throw new NotFound(`no coordinator ${filter.coordinator} in program ${programId}`);
  }
  const openOf = byRelationship(open);
  const chosen = relationships.filter((r) => !coordinatorId || r.coordinatorId === coordinatorId);
  const rows = await mapFew(chosen, async (relationship): Promise<StatusRow | undefined> => {
    const { meetings, saved, mail } = await readHistory(relationship.relationshipId);
    const status = relationshipStatus(
      {
        relationship,
        calendar: calendarOf(relationship, program),
        meetings,
        saved,
        mail,
        open: openOf.get(relationship.relationshipId) ?? [],
        thresholds: program.safetyNet,
      },
      now,
    );
    if (!matchesFilter(status, filter)) return undefined;
    return {
      relationshipId: relationship.relationshipId,
      ...(relationship.circle ? { circle: relationship.circle } : {}),
      phase: relationship.phase,
      mentor: named(relationship.mentorId),
      mentees: relationship.mentees.map((m) => ({ ...named(m.personId), status: m.status })),
      coordinator: named(relationship.coordinatorId),
      ...status,
      waiting: status.waiting.map((w) => ({ ...w, waitingFor: w.waitingFor.map(named) })),
    };
  });
  return { programId, at: now.toISOString(), relationships: rows.filter((row) => row !== undefined), total: relationships.length };
};
