import type { RelationshipCalendar } from '#workflows/program/schedule';
import { getProgram, getRelationshipWithPeople } from '#core/store';

/** Everything a step needs about one relationship, read once per invocation. */
export const loadRelationship = async (relationshipId: string) => {
  const withPeople = await getRelationshipWithPeople(relationshipId);
  const program = await getProgram(withPeople.relationship.programId);
  const calendar: RelationshipCalendar = {
    program,
    startDate: withPeople.relationship.startDate,
    timeZone: withPeople.relationship.timeZone,
  };
  return { ...withPeople, program, calendar };
};
export type RelationshipContext = Awaited<ReturnType<typeof loadRelationship>>;
