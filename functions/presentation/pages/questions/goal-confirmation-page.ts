import type { Question } from '#domain/model';
import { fromJson, goalsHtml, type MenteeGoals } from './goals-page.ts';
import { answerChoices, noteField, noteOf, option } from '#presentation/pages/form';
import type { Parsed, QuestionPage } from '#presentation/pages/question-page';
import { firstAnswer } from '#domain/question-answers';

export type Proposed = Pick<MenteeGoals, 'menteeName' | 'goals'>[];

/** Whether this round may still send the goals back: what the mentor was offered. */
export const canAskChanges = (question: Question) => question.page.canAskChanges === 'yes';

/** The goal confirmation as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const goalConfirmationPage: QuestionPage = {
  name: 'goal-confirmation',

  page: (t, question, _reader, draft) => {
    const chosen = draft.get('answer');
    const open = canAskChanges(question);
    return {
      title: t('goalConfirmation.pageTitle'),
      intro: t('goalConfirmation.pageIntro', { min: question.page.scaleMin, max: question.page.scaleMax }),
      fields: [
        goalsHtml(t, fromJson<Proposed>(question.page.goals, [])),
        // In the last round there is only one answer: it starts chosen.
        answerChoices(t('goalConfirmation.question'), [
          option('answer', 'confirm', t('goalConfirmation.confirmOption'), open ? chosen : 'confirm'),
          ...(open ? [option('answer', 'changes', t('goalConfirmation.changesOption'), chosen)] : []),
        ]),
        ...(open ? [noteField(t('goalConfirmation.note'), draft)] : []),
      ].join('\n'),
      next: t(open ? 'goalConfirmation.next' : 'goalConfirmation.nextLastRound'),
      privacy: t(open ? 'goalConfirmation.privacy' : 'goalConfirmation.privacyLastRound'),
    };
  },

  parse: (form, question, { locale }, t): Parsed => {
    const outcome = form.get('answer');
    if (outcome !== 'confirm' && !(outcome === 'changes' && canAskChanges(question))) return { ok: false, reason: t('answerPage.chooseOption') };
    if (outcome === 'confirm') return { ok: true, outcome, details: {} };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    // The mentee cannot revise goals without knowing what to change.
    if (!noted.note) return { ok: false, reason: t('goalConfirmation.needNote') };
    return { ok: true, outcome, details: { note: noted.note } };
  },

  // The mentor's answer is the answer.
  settle: (question) => firstAnswer(question)?.outcome,
  thanks: (t, answer) => [t(answer.outcome === 'changes' ? 'goalConfirmation.thanksChanges' : 'goalConfirmation.thanksConfirm')],
};
