import type { RelationshipCalendar } from '#workflows/program/schedule';
import { getProgram, getRelationshipWithPeople } from '#core/store';
import { translator } from '#core/messages/index';
import type { Person } from '#core/model';

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

/** Mentor and mentee, each with the other as partner: most letters go to both. */
export const thePair = ({ mentor, mentee }: RelationshipContext) =>
  [
    { person: mentor, role: 'mentor' as const, partner: mentee },
    { person: mentee, role: 'mentee' as const, partner: mentor },
  ];

/** The parts every letter shares: greeting, signature and footer in the reader's language. */
export const letterFrame = (context: RelationshipContext, reader: Person) => {
  const t = translator(reader.locale);
  const common = { program: context.program.name, coordinator: context.coordinator.name };
  return {
    t,
    greeting: t('greeting', { name: reader.name }),
    signature: t('signature', common),
    footer: t('footer', common),
    senderName: context.program.name,
  };
};
