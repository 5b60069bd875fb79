import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { markGoals } from '#adapters/store';
import { confirmationDecision, revisionRoundLeft } from '#domain/agreement';
import { members } from '#use-cases/relationship/write-to';
import { fromJson, goalsByMentee, goalsText } from './goals.ts';
import { type QuestionKind } from '#use-cases/relationship/question-kind';
import type { RecordedBy } from '#domain/task-payloads';
import { canAskChanges, goalConfirmationPage, type Proposed } from '#presentation/pages/questions/goal-confirmation-page';
import { firstAnswer } from '#domain/question-answers';

/**
 * The mentor reads the goals their mentee(s) proposed and confirms them, or, while revision
 * rounds are left, asks for changes with a note the mentee reads. Once no round is left, or
 * nobody answers, the goals stand as proposed.
 */
export const goalConfirmation: QuestionKind<{ round: number }, RecordedBy<'goal-confirmation'>> = {
  ...goalConfirmationPage,
  questionId: (relationshipId, { round }) => `${relationshipId}.goal-confirmation.${round}`,

  prepare: async (context, { round }) => ({
    goals: JSON.stringify((await goalsByMentee(context)).map(({ menteeName, goals }) => ({ menteeName, goals }))),
    canAskChanges: revisionRoundLeft(round, context.program.goals.revisionRounds) ? 'yes' : 'no',
    scaleMin: String(context.program.goals.scale.min),
    scaleMax: String(context.program.goals.scale.max),
  }),

  // The mentor only, about the mentee or the whole circle.
  asked: (context) => members(context).slice(0, 1),

  letter: (t, { person, partner }, question, attempt, link) => {
    const proposed = fromJson<Proposed>(question.page.goals, []);
    const open = canAskChanges(question);
    return {
      subject: t(attempt === 'first' ? 'goalConfirmation.subject' : 'goalConfirmation.reminderSubject', { partner: partner.name }),
      paragraphs: [
        t(attempt === 'first' ? 'goalConfirmation.body' : 'goalConfirmation.reminderBody', { partner: partner.name }),
        ...goalsText(t, proposed),
        t('goalConfirmation.scale', { min: question.page.scaleMin, max: question.page.scaleMax }),
        t(open ? 'goalConfirmation.changesPossible' : 'goalConfirmation.lastRound'),
        t('goalConfirmation.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
      ],
      actions: [
        { label: t('goalConfirmation.confirm'), url: link('confirm') },
        ...(open ? [{ label: t('goalConfirmation.askChanges'), url: link('changes') }] : []),
      ],
    };
  },

  record: async (context, question, { round }) => {
    const nextRound = round + 1;
    // What the mentor was offered; a question asked before the page said so, by the program.
    const roundLeft = question.page.canAskChanges ? canAskChanges(question) : revisionRoundLeft(round, context.program.goals.revisionRounds);
    const decision = confirmationDecision(firstAnswer(question), roundLeft);
    if (decision !== 'confirmed') return { decision, nextRound };
    const now = clock().now().toISOString();
    for (const mentee of context.mentees) await markGoals(context.relationship.relationshipId, mentee.personId, 'confirmedAt', now);
    return { decision: 'confirmed', nextRound };
  },
};
