import { clock } from '#platform/clock';
import { formatDeadline } from '#presentation/messages/index';
import { markRecordCompleted } from '#adapters/store';
import { followUpCounts } from '#domain/agreement';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { followUpPage, HELD } from '#presentation/pages/questions/follow-up-page';
import { publish } from '#adapters/events/port';
import { followedUp } from '#domain/events/events';

/** Months after closure: has the mentee's progress held? Then the relationship's record is complete. */
export const followUp: QuestionKind = {
  ...followUpPage,
  questionId: (relationshipId) => `${relationshipId}.follow-up`,
  prepare: async (context) => ({ months: String(context.program.followUp.afterMonths) }),
  asked: (context) => context.mentees.map((mentee) => ({ person: mentee, role: 'mentee' as const, partner: context.mentor })),

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'followUp.subject' : 'followUp.reminderSubject'),
    paragraphs: [
      t('followUp.body', { partner: partner.name, months: question.page.months }),
      t('followUp.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: HELD.map((value) => ({ label: t(`followUp.${value}`), url: link(value) })),
  }),

  record: async (context, question) => {
    const counts = followUpCounts(question.answers);
    await publish(followedUp(context.relationship, counts, clock().now()));
    await markRecordCompleted(context.relationship.relationshipId, clock().now().toISOString());
    return counts;
  },
};
