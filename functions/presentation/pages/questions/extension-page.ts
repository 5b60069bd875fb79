import { answerChoices, option } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';
import { firstAnswer } from '#domain/question-answers';

/** The extension as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const extensionPage: QuestionPage = {
  name: 'extension',

  page: (t, question, _reader, draft) => ({
    title: t('extension.pageTitle', { pair: question.page.pair }),
    intro: t('extension.body', { pair: question.page.pair, months: question.page.months }),
    fields: answerChoices(t('extension.question'), [
      option('answer', 'approve', t('extension.approve'), draft.get('answer')),
      option('answer', 'decline', t('extension.decline'), draft.get('answer')),
    ]),
    next: t('extension.next'),
    privacy: t('extension.privacy'),
  }),

  parse: (form, _question, _reader, t) => {
    const outcome = form.get('answer');
    return outcome === 'approve' || outcome === 'decline' ? { ok: true, outcome, details: {} } : { ok: false, reason: t('answerPage.chooseOption') };
  },
  settle: (question) => firstAnswer(question)?.outcome,
  thanks: (t, answer) => [t(answer.outcome === 'approve' ? 'extension.thanksApprove' : 'extension.thanksDecline')],
};
