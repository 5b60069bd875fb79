import { answerChoices, noteField, noteOf, withNote, option } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';

/** How the mentee's progress may have held: the letter's buttons and the page's options alike. */
export const HELD = ['held', 'partly', 'slipped'] as const;

/** The follow-up as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const followUpPage: QuestionPage = {
  name: 'follow-up',

  page: (t, question, _reader, draft) => ({
    title: t('followUp.pageTitle'),
    intro: t('followUp.pageIntro', { months: question.page.months }),
    fields: [
      answerChoices(
        t('followUp.question'),
        HELD.map((value) => option('answer', value, t(`followUp.${value}`), draft.get('answer'))),
      ),
      noteField(t('followUp.note'), draft),
    ].join('\n'),
    next: t('followUp.next'),
    privacy: t('followUp.privacy'),
  }),

  parse: (form, _question, { locale }, t) => {
    const outcome = form.get('answer');
    if (!HELD.includes(outcome as (typeof HELD)[number])) return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return { ok: true, outcome: outcome!, details: withNote(noted.note) };
  },
  settle: (question) => whenAllAnswered(question, () => 'answered'),
  thanks: (t) => [t('followUp.thanks'), t('followUp.thanksNext')],
};
