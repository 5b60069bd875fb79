import { formatDeadline } from '#adapters/messages/index';
import { members } from '#use-cases/write-to';
import type { QuestionKind } from '#use-cases/answering/kind';
import { ratingPage, storeRatings } from './progress.ts';
import { lookBackPage } from './look-back-page.ts';

// Kept in the domain, where steps that only need the name find it without the look back's letter and page.
export { lookBackKey } from '#domain/lifecycle/review-keys';

/**
 * At the anniversary (and after an extension): the final review of each goal against its
 * baseline and target, and a short survey: how satisfied, would they recommend mentoring,
 * would the mentee mentor others (and the mentor again), and would they like to extend.
 */
export const lookBack: QuestionKind<{ review: string }> = {
  ...lookBackPage,
  questionId: (relationshipId, { review }) => `${relationshipId}.look-back.${review}`,
  prepare: async (context) => ({
    ...(await ratingPage(context)),
    canExtend: (context.relationship.extensions ?? 0) < context.program.extension.maxTimes ? 'yes' : 'no',
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

  /** An extension needs the mentor and at least one mentee to want it; then the coordinator decides. */
  record: async (context, question, { review }) => {
    const rated = await storeRatings(context, question, review);
    const answers = Object.values(question.answers);
    const extensionAsked =
      answers.some((a) => a.role === 'mentor' && a.details.extend === 'yes') && answers.some((a) => a.role === 'mentee' && a.details.extend === 'yes');
    return { rated, extensionAsked };
  },
};
