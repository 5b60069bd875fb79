import { formatDeadline } from '#presentation/messages/index';
import { members } from '#use-cases/relationship/write-to';
import { recordEndRequest, recordReviewDone } from '#adapters/store';
import { isMidpointReview, midpointOutcome, reviewKey } from '#domain/reviews';
import { clock } from '#platform/clock';
import { leaveRelationship } from '#use-cases/endings/endings';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import type { RecordedBy } from '#domain/task-payloads';
import { ratingPage, storeRatings } from './progress.ts';
import { reviewPage } from '#presentation/pages/questions/review-page';
import { publish } from '#adapters/events/port';
import { reviewDone } from '#domain/events/events';

export { reviewKey };

/**
 * A review at one of the program's review months: mentee and mentor each rate every goal
 * between its baseline and target. The mid-point review also asks each, privately, whether to
 * go on; a "no" ends the relationship without blame (or takes that mentee out of a circle).
 */
export const review: QuestionKind<{ review: string }, RecordedBy<'review'>> = {
  ...reviewPage,
  questionId: (relationshipId, { review: key }) => `${relationshipId}.review.${key}`,
  prepare: async (context, { review: key }) => ({
    ...(await ratingPage(context)),
    month: key.replace('month-', ''),
    midpoint: isMidpointReview(key, context.program.midpointReviewMonth) ? 'yes' : 'no',
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
    await recordReviewDone(relationshipId, key);
    await publish(reviewDone(context.relationship, key, { final: false, ratings: rated }, clock().now()));
    // Who said "no" stays in the tables; the execution learns only that it ends.
    const outcome = midpointOutcome(question.answers, context.mentees.length);
    if (outcome.ends) await recordEndRequest(relationshipId, clock().now().toISOString(), 'review');
    else {
      let goesOn = context;
      for (const menteeId of outcome.leaving) goesOn = (await leaveRelationship(goesOn, menteeId, 'ended-early')).context;
    }
    const endRequested = outcome.ends;
    return { rated, endRequested };
  },
};
