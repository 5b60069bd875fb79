import { formatDay } from '#presentation/messages/index';
import { answerChoices, chosenOr, option } from '#presentation/pages/form';
import { type QuestionPage, zoneOf } from '#presentation/pages/question-page';
import { firstAnswer } from '#domain/question-answers';

/** The pause as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const pausePage: QuestionPage = {
  name: 'pause',

  page: (t, question, reader, draft) => ({
    title: t('pause.pageTitle', { pair: question.page.pair }),
    intro: t('pause.pageIntro', { until: formatDay(question.page.resumesAt!, zoneOf(question, reader), reader.locale) }),
    fields: answerChoices(t('pause.question'), [option('answer', 'resume', t('pause.resumeNow'), chosenOr(draft, 'answer', 'resume'))]),
    next: t('pause.next'),
    privacy: t('pause.privacy'),
  }),
  parse: (form, _question, _reader, t) =>
    form.get('answer') === 'resume' ? { ok: true, outcome: 'resume', details: {} } : { ok: false, reason: t('answerPage.chooseOption') },
  settle: (question) => firstAnswer(question)?.outcome,
  thanks: (t) => [t('pause.thanks')],
};
