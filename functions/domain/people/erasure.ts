import type { Relationship, Role } from '../model.ts';
import { isDueForErasure } from './retention.ts';

/**
 * What an erasure decides over data: which ended relationships are due, whose names go with
 * them, what a forgotten person's leaving does to a relationship, and what it all erased.
 */

/** What an erasure changed, by record kind: how many records no longer hold personal data. */
export interface ErasedRecords {
  /** People whose name and address gave way to a placeholder. */
  people: number;
  /** Index items that found a person by address. */
  emailIndex: number;
  /** Saved answers without their details (notes, proposed goals, ratings as given). */
  answers: number;
  /** Goals without their text. */
  goals: number;
  /** Questions in the responses table: deleted, or without the person's answer details. */
  questions: number;
  /** Answer links in the responses table, deleted. */
  links: number;
  /** Open requests to find a forgotten mentee another mentor, deleted. */
  rematchRequests: number;
  /** Circles without their name (free text a coordinator gave). */
  circleNames: number;
}

export const noRecords = (): ErasedRecords => ({ people: 0, emailIndex: 0, answers: 0, goals: 0, questions: 0, links: 0, rematchRequests: 0, circleNames: 0 });

/** The counts of both erasures together. */
export const addRecords = (counted: ErasedRecords, more: Partial<ErasedRecords>): ErasedRecords =>
  Object.fromEntries(Object.entries(counted).map(([kind, count]) => [kind, count + (more[kind as keyof ErasedRecords] ?? 0)])) as unknown as ErasedRecords;

export const totalRecords = (records: ErasedRecords): number => (Object.values(records) as number[]).reduce((sum, n) => sum + n, 0);

/** Everyone a relationship names: mentor, coordinator, each mentee and their line manager. */
export const peopleOf = (r: Pick<Relationship, 'mentorId' | 'coordinatorId' | 'mentees'>): string[] => [
  r.mentorId,
  r.coordinatorId,
  ...r.mentees.flatMap((m) => [m.personId, m.managerId]),
];

/** The relationships of a program whose personal data is erased now: ended longer ago than it keeps it, none of their executions running. */
export const dueForErasure = <R extends Parameters<typeof isDueForErasure>[0] & Pick<Relationship, 'relationshipId'>>(
  relationships: readonly R[],
  keepMonths: number,
  now: Date,
  running: ReadonlySet<string>,
): R[] => relationships.filter((r) => isDueForErasure(r, keepMonths, now) && !running.has(r.relationshipId));

/**
 * Whose name and address go once the relationships `due` are erased: each person of a
 * relationship erased now or before who is in no relationship that is kept (a person belongs to
 * one program). People of relationships erased before are looked at again: an erasure cut
 * short left them.
 */
export const peopleToErase = (relationships: readonly Relationship[], due: ReadonlySet<string>): string[] => {
  const isGone = (r: Relationship) => Boolean(r.personalDataErasedAt) || due.has(r.relationshipId);
  const keptPeople = new Set(relationships.filter((r) => !isGone(r)).flatMap(peopleOf));
  return [...new Set(relationships.filter(isGone).flatMap(peopleOf))].filter((personId) => !keptPeople.has(personId));
};

/** Could an execution of it still run: not closed, or closed and waiting for its follow-up. */
export const mayStillRun = (r: Pick<Relationship, 'status' | 'ending' | 'recordCompletedAt'>): boolean =>
  r.status !== 'closed' || (r.ending === 'completed' && !r.recordCompletedAt);

/** A relationship cannot go on without its mentor or a mentee; it goes on without a line manager or its coordinator. */
export const endsWithout = (roles: ReadonlySet<Role>): boolean => roles.has('mentor') || roles.has('mentee');
