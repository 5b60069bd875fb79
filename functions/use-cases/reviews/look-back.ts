import { formatDeadline } from '#presentation/messages/index';
import { members } from '#use-cases/relationship/write-to';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import type { RecordedBy } from '#domain/task-payloads';
import { ratingPage, storeRatings } from './progress.ts';
import { lookBackPage } from '#presentation/pages/questions/look-back-page';
import { canExtend, extensionAsked, lookBackKey } from '#domain/reviews';
import { clock } from '#platform/clock';
import { publish } from '#adapters/events/port';
import { reviewDone } from '#domain/events/events';

export { lookBackKey };

/**
 * At the anniversary (and after an extension): the final review of each goal against its
 * baseline and target, and a short survey: how satisfied, would they recommend mentoring,
 * would the mentee mentor others (and the mentor again), and would they like to extend.
 */
export const lookBack: QuestionKind<{ review: string }, RecordedBy<'look-back'>> = {
  ...lookBackPage,
  questionId: (relationshipId, { review }) => `${relationshipId}.look-back.${review}`,
  prepare: async (context) => ({
    ...(await ratingPage(context)),
    canExtend: canExtend(context.relationship.extensions, context.program.extension.maxTimes) ? 'yes' : 'no',
    extensionMonths: String(context.program.extension.months),
  }),
  asked: members,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'lookBack.subject' : 'lookBack.reminderSubject', { partner: partner.name }),
    paragraphs: [
      t('lookBack.body', { partner: partner.name }),
      t('lookBack.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [{ label: t('lookBack.action'), url: link() }],
  }),
  carried: (t, { person, partner }, question, link) => ({
    paragraph: t('lookBack.carried', { partner: partner.name, deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    action: { label: t('lookBack.action'), url: link },
  }),

  /** The ratings, and whether they asked to extend; then the coordinator decides. */
  record: async (context, question, { review }) => {
    const rated = await storeRatings(context, question, review);
    await publish(reviewDone(context.relationship, review, { final: true, ratings: rated }, clock().now()));
    return { rated, extensionAsked: extensionAsked(Object.values(question.answers)) };
  },
};
