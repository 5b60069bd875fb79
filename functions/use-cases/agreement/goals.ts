import type { TFunction } from 'i18next';
import { formatDeadline } from '#presentation/messages/index';
import { holdersOf, type RelationshipContext } from '#use-cases/relationship/relationship-context';
import type { Goal } from '#domain/model';
import { changesAsked, goalsProposed, ownCompetenciesFirst } from '#domain/agreement';
import { listGoals, listSavedAnswers, replaceGoals } from '#adapters/store';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import type { RecordedBy } from '#domain/task-payloads';
import { goalsPage, proposedGoals, type GoalSummary, type MenteeGoals, type PreviousGoals } from '#presentation/pages/questions/goals-page';

export {
  DESCRIPTION_MAX_LENGTH,
  fromJson,
  goalsHtml,
  proposedGoals,
  type GoalSummary,
  type MenteeGoals,
  type ProposedGoal,
} from '#presentation/pages/questions/goals-page';

/** Each active mentee's current goals, for the confirmation, endorsement and rating pages (from `stored` when the caller read them already). */
export const goalsByMentee = async (context: RelationshipContext, stored?: Goal[]): Promise<MenteeGoals[]> => {
  const goals = stored ?? (await listGoals(context.relationship.relationshipId));
  const competencyName = (id: string) => context.program.competencies.find((c) => c.id === id)?.name ?? id;
  return context.mentees.map((mentee) => ({
    menteeId: mentee.personId,
    menteeName: mentee.name,
    goals: goals
      .filter((g) => g.menteeId === mentee.personId)
      .map(({ goalNo, competency, description, baseline, target }) => ({ goalNo, competencyName: competencyName(competency), description, baseline, target })),
  }));
};

/** "1. Delegation: hand over the weekly report (from 2 to 4)" */
export const goalLine = (t: TFunction, goal: GoalSummary, index: number) =>
  t('goals.line', { n: index + 1, competency: goal.competencyName, description: goal.description, baseline: goal.baseline, target: goal.target });

/** One mentee's goals as lines of a letter, under their name when there are several mentees. */
export const goalsText = (t: TFunction, people: Pick<MenteeGoals, 'menteeName' | 'goals'>[]): string[] =>
  people.map((mentee) => {
    const lines = mentee.goals.length ? mentee.goals.map((g, i) => goalLine(t, g, i)) : [t('goals.none')];
    return (people.length > 1 ? [mentee.menteeName, ...lines] : lines).join('\n');
  });

/**
 * After the first meeting, each mentee proposes 1 to `max` goals, each tied to one of the
 * program's competencies, with where they are today (baseline) and where they aim to be
 * (target) on the program's scale. A later round comes back with the mentor's note asking
 * for changes, and starts from the goals as they stand.
 */
export const goals: QuestionKind<{ round: number }, RecordedBy<'goals'>> = {
  ...goalsPage,
  questionId: (relationshipId, { round }) => `${relationshipId}.goals.${round}`,

  prepare: async (context, { round }) => {
    const { relationship, program } = context;
    const page: Record<string, string> = {
      competencies: JSON.stringify(ownCompetenciesFirst(program.competencies, relationship.competencies).map(({ id, name }) => ({ id, name }))),
      scaleMin: String(program.goals.scale.min),
      scaleMax: String(program.goals.scale.max),
      max: String(program.goals.max),
      round: String(round),
    };
    if (round > 1) {
      const current = await listGoals(relationship.relationshipId);
      const previous: PreviousGoals[] = context.mentees.map((mentee) => ({
        menteeId: mentee.personId,
        goals: current
          .filter((g) => g.menteeId === mentee.personId)
          .map(({ competency, description, baseline, target }) => ({ competency, description, baseline, target })),
      }));
      page.previous = JSON.stringify(previous);
      const note = changesAsked(await listSavedAnswers(relationship.relationshipId), round - 1);
      if (note) page.changes = note;
    }
    return page;
  },

  asked: (context) => context.mentees.map((mentee) => ({ person: mentee, role: 'mentee' as const, partner: context.mentor })),

  letter: (t, { person, partner }, question, attempt, link) => {
    const revision = Number(question.page.round) > 1;
    const key = (first: string, reminder: string) => `goals.${attempt === 'first' ? first : reminder}`;
    const changes = question.page.changes;
    return {
      subject: t(revision ? key('revisionSubject', 'revisionReminderSubject') : key('subject', 'reminderSubject'), { partner: partner.name }),
      paragraphs: [
        t(revision ? key('revisionBody', 'revisionReminderBody') : key('body', 'reminderBody'), { partner: partner.name, count: Number(question.page.max) }),
        ...(revision && changes ? [t('goals.changesQuoted', { partner: partner.name, note: changes })] : []),
        t('goals.how', { min: question.page.scaleMin, max: question.page.scaleMax }),
        t('goals.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
      ],
      actions: [{ label: t(revision ? 'goals.revisionAction' : 'goals.action'), url: link() }],
    };
  },

  /** Each mentee who answered gets their goals replaced by the ones just proposed; the others' stand. */
  record: async (context, question, { round }) => {
    const { relationshipId } = context.relationship;
    const holders = holdersOf(context);
    let proposed = 0;
    for (const mentee of context.mentees) {
      const answer = question.answers[mentee.personId];
      const given = answer ? proposedGoals(answer.details) : [];
      if (given.length === 0) continue;
      const replaced = await replaceGoals(mentee.personId, goalsProposed(relationshipId, mentee.personId, given), holders);
      // A mentee erased since the context was read keeps no goal text.
      if (replaced) proposed += 1;
    }
    return { proposed, round };
  },
};
