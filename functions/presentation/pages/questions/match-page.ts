import type { GivenAnswer, Question } from '#domain/model';
import { answerChoices, noteField, noteOf, withNote, option } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';

const said = (question: Question, role: GivenAnswer['role']) =>
  Object.entries(question.answers)
    .filter(([, a]) => a.role === role)
    .map(([personId, a]) => ({ personId, outcome: a.outcome }));

/** The match as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const matchPage: QuestionPage = {
  name: 'match',

  page: (t, question, _reader, draft) => ({
    title: t('match.pageTitle'),
    intro: t('match.pageIntro', { competencies: question.page.competencies }),
    fields: [
      answerChoices(t('match.question'), [
        option('answer', 'accept', t('match.accept'), draft.get('answer')),
        option('answer', 'decline', t('match.decline'), draft.get('answer')),
      ]),
      noteField(t('match.reason'), draft),
    ].join('\n'),
    next: t('match.next'),
    privacy: t('match.privacy'),
  }),

  parse: (form, _question, { locale }, t) => {
    const outcome = form.get('answer');
    if (outcome !== 'accept' && outcome !== 'decline') return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return { ok: true, outcome, details: withNote(noted.note) };
  },

  // A mentor who declines settles it at once; otherwise everyone's answer is needed.
  settle: (question) => {
    if (said(question, 'mentor').some((a) => a.outcome === 'decline')) return 'declined';
    const all = Object.values(question.answers);
    if (all.length < Object.keys(question.links).length) return undefined;
    return said(question, 'mentee').some((a) => a.outcome === 'accept') ? 'accepted' : 'declined';
  },

  thanks: (t, answer) => [t(answer.outcome === 'accept' ? 'match.thanksAccept' : 'match.thanksDecline')],
};
