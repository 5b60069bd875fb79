import { chosenOr, noteField, noteOf, radioRow } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';
import { parseRatings, ratingFields } from './progress-page.ts';

/** The review as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const reviewPage: QuestionPage = {
  name: 'review',

  page: (t, question, reader, draft) => ({
    title: t('review.pageTitle', { month: question.page.month }),
    intro: t('review.pageIntro'),
    fields: [
      ratingFields(t, question, reader, draft, t('progress.yourGoals')),
      ...(question.page.midpoint === 'yes'
        ? [
            radioRow(
              'continue',
              t('review.continue'),
              [
                { value: 'yes', label: t('review.continueYes') },
                { value: 'no', label: t('review.continueNo') },
              ],
              // Going on is the course the relationship is on.
              chosenOr(draft, 'continue', 'yes'),
              t('review.continuePrivate'),
            ),
          ]
        : []),
      noteField(t('answerPage.note'), draft),
    ].join('\n'),
    next: t('review.next'),
    privacy: t('review.privacy'),
  }),

  parse: (form, question, reader, t) => {
    const rated = parseRatings(form, question, reader, t);
    if ('error' in rated) return { ok: false, reason: rated.error };
    const goOn = form.get('continue');
    if (question.page.midpoint === 'yes' && goOn !== 'yes' && goOn !== 'no') return { ok: false, reason: t('review.chooseContinue') };
    const noted = noteOf(form, t, reader.locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return {
      ok: true,
      outcome: 'reviewed',
      details: { ratings: rated.ratings, ...(goOn ? { continue: goOn } : {}), ...(noted.note ? { note: noted.note } : {}) },
    };
  },

  settle: (question) => whenAllAnswered(question, () => 'reviewed'),
  thanks: (t, answer) => [t('review.thanks'), t(answer.details.continue === 'no' ? 'review.thanksStop' : 'review.thanksNext')],
};
