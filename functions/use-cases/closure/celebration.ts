import type { TFunction } from 'i18next';
import type { Goal } from '#domain/model';
import type { RelationshipContext } from '#use-cases/relationship/relationship-context';
import { readHistory } from '#adapters/store';
import { managers, writeTo, writeToMembers } from '#use-cases/relationship/write-to';
import { endPointOf, goalOutcome, meetingsHeld } from '#domain/closure';

export { endPointOf };

const GOAL_LINE = { 'no-end': 'celebration.goalNoEnd', reached: 'celebration.goalReached', 'on-the-way': 'celebration.goalLine' } as const;

const goalLines = (t: TFunction, goals: Goal[], competencyName: (id: string) => string) =>
  goals.map((g) =>
    t(GOAL_LINE[goalOutcome(g)], {
      competency: competencyName(g.competency),
      description: g.description,
      baseline: g.baseline,
      end: endPointOf(g),
      target: g.target,
    }),
  );

/**
 * A completed year: recognition for mentor and mentees with what they achieved, an invitation
 * to each mentee to mentor others, a summary of goals and progress for each line manager
 * (never notes or answers); the coordinator reads of it in their weekly digest. Returns the letters sent now.
 */
export const celebrate = async (context: RelationshipContext): Promise<number> => {
  const { relationshipId } = context.relationship;
  const { meetings, goals } = await readHistory(relationshipId);
  const held = meetingsHeld(meetings);
  const competencyName = (id: string) => context.program.competencies.find((c) => c.id === id)?.name ?? id;
  const goalsOf = (menteeId: string) => goals.filter((g) => g.menteeId === menteeId);
  const program = context.program.name;

  let sent = await writeToMembers(
    context,
    'recognition',
    () => 'once',
    ({ t, role, person, partner }) => ({
      subject: t('celebration.subject', { partner: partner.name }),
      paragraphs: [
        t('celebration.body', { partner: partner.name, program, count: held }),
        ...(role === 'mentee'
          ? goalLines(t, goalsOf(person.personId), competencyName)
          : context.mentees.flatMap((m) => goalLines(t, goalsOf(m.personId), competencyName))),
        t(role === 'mentee' ? 'celebration.inviteToMentor' : 'celebration.thanksMentor', { program }),
      ],
    }),
  );

  sent += await writeTo(
    context,
    managers(context),
    'manager-summary',
    () => 'once',
    ({ t, partner }) => ({
      subject: t('celebration.managerSubject', { mentee: partner.name }),
      paragraphs: [
        t('celebration.managerBody', { mentee: partner.name, program, count: held }),
        ...goalLines(t, goalsOf(partner.personId), competencyName),
        t('celebration.managerClose', { mentee: partner.name }),
      ],
    }),
  );

  // The coordinator hears of the closure, and who would mentor next, in their weekly digest.
  return sent;
};
