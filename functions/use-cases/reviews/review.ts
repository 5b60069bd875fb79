import { formatDeadline } from '#adapters/messages/index';
import { members } from '#use-cases/write-to';
import { updateRelationship } from '#adapters/store';
import { clock } from '#platform/clock';
import { leaveRelationship } from '#use-cases/endings/endings';
import type { QuestionKind } from '#use-cases/answering/kind';
import { ratingPage, storeRatings } from './progress.ts';
import { reviewPage } from './review-page.ts';
import { reviewKey } from '#domain/lifecycle/review-keys';

// Kept in the domain, where steps that only need the name find it without the review's letter and page.
export { reviewKey };

/**
 * A review at one of the program's review months: mentee and mentor each rate every goal
 * between its baseline and target. The mid-point review also asks each, privately, whether to
 * go on; a "no" ends the relationship without blame (or takes that mentee out of a circle).
 */
export const review: QuestionKind<{ review: string }> = {
  ...reviewPage,
  questionId: (relationshipId, { review: key }) => `${relationshipId}.review.${key}`,
  prepare: async (context, { review: key }) => ({
    ...(await ratingPage(context)),
    month: key.replace('month-', ''),
    midpoint: key === reviewKey(context.program.midpointReviewMonth ?? -1) ? 'yes' : 'no',
  }),
  asked: members,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'review.subject' : 'review.reminderSubject', { partner: partner.name, month: question.page.month }),
    paragraphs: [
      t('review.body', { partner: partner.name, month: question.page.month }),
      ...(question.page.midpoint === 'yes' ? [t('review.midpoint')] : []),
      t('review.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [{ label: t('review.action'), url: link() }],
  }),
  carried: (t, { person, partner }, question, link) => ({
    paragraph: [
      t('review.carried', { partner: partner.name, month: question.page.month, deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
      ...(question.page.midpoint === 'yes' ? [t('review.midpoint')] : []),
    ].join(' '),
    action: { label: t('review.action'), url: link },
  }),

  record: async (context, question, { review: key }) => {
    const rated = await storeRatings(context, question, key);
    const { relationshipId } = context.relationship;
    await updateRelationship(relationshipId, {}, { append: { reviewsDone: [key] }, condition: 'NOT contains(#reviewsDone, :key)', values: { ':key': key } });
    // Who said "no" stays in the tables; the execution learns only that it ends.
    const stop = Object.entries(question.answers).filter(([, a]) => a.details.continue === 'no');
    const mentorStops = stop.some(([, a]) => a.role === 'mentor');
    const leaving = stop.filter(([, a]) => a.role === 'mentee').map(([personId]) => personId);
    let endRequested = false;
    if (mentorStops || (leaving.length > 0 && leaving.length >= context.mentees.length)) {
      await updateRelationship(relationshipId, {}, { ifNotExists: { endRequestedAt: clock().now().toISOString(), endRequestedBy: 'review' } });
      endRequested = true;
    } else {
      for (const menteeId of leaving) await leaveRelationship(context, menteeId, 'ended-early');
    }
    return { rated, endRequested };
  },
};
