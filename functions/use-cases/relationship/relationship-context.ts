import type { RelationshipCalendar } from '#domain/program/schedule';
import { pairRhythm } from '#domain/pair-cadence';
import { activeMentees, type Ending, type Relationship } from '#domain/model';
import { getProgram, getRelationship, getRelationshipWithPeople, type Holders } from '#adapters/store';

/** The calendar a relationship's dates are computed on: its start, moved on by pauses, lengthened by extensions, spaced as the pair agreed. */
export const calendarOf = (relationship: Relationship, program: RelationshipCalendar['program']): RelationshipCalendar => {
  const rhythm = pairRhythm(program, relationship.workingAgreement);
  return {
    program,
    startDate: relationship.startDate,
    timeZone: relationship.timeZone,
    shiftDays: relationship.shiftDays ?? 0,
    extensions: relationship.extensions ?? 0,
    ...(rhythm ? { rhythm } : {}),
  };
};

/** A relationship and the calendar its dates are computed on, without its people: for a step that writes to nobody. */
export const loadSchedule = async (relationshipId: string) => {
  const relationship = await getRelationship(relationshipId);
  const program = await getProgram(relationship.programId);
  return { relationship, program, calendar: calendarOf(relationship, program) };
};
export type RelationshipSchedule = Awaited<ReturnType<typeof loadSchedule>>;

/** Everything a step needs about one relationship, read once per invocation. `mentees` are those still in it. */
export const loadRelationship = async (relationshipId: string) => {
  const withPeople = await getRelationshipWithPeople(relationshipId);
  const { relationship } = withPeople;
  const program = await getProgram(relationship.programId);
  const stillIn = new Set(activeMentees(relationship).map((m) => m.personId));
  return {
    ...withPeople,
    mentees: withPeople.mentees.filter((p) => stillIn.has(p.personId)),
    everyMentee: withPeople.mentees,
    program,
    calendar: calendarOf(relationship, program),
    /** Set while the relationship's ending letters are written: they no longer offer a way to end it. */
    ending: undefined as Ending | undefined,
  };
};
export type RelationshipContext = Awaited<ReturnType<typeof loadRelationship>>;

/**
 * Whose personal data a record written from this context may hold: the relationship and each of
 * its people not erased when it was read. The store writes such a record only while they still
 * are not, so a step that read before an erasure leaves nothing behind it.
 */
export const holdersOf = (context: RelationshipContext): Holders => {
  const { relationship } = context;
  const people = [context.mentor, context.coordinator, ...context.everyMentee, ...relationship.mentees.map((m) => context.managerOf(m.personId))];
  return {
    programId: relationship.programId,
    relationshipId: relationship.relationshipId,
    personIds: [...new Set(people.filter((person) => !person.erasedAt).map((person) => person.personId))],
  };
};
