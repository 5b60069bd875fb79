import type { TFunction } from 'i18next';
import { COORDINATOR_ACTIONS, type CoordinatorAction } from '#domain/desk/coordinator-actions';
import { answerChoices, chosenOr, noteField, noteOf, option, select, withNote } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';
import type { Question } from '#domain/model';

/** Pause lengths the page offers, in days, besides the longest the program allows. */
const PAUSE_WEEKS = [1, 2, 4, 8, 12];

const actionOf = (question: Question): CoordinatorAction => {
  const action = question.page.action as CoordinatorAction;
  return COORDINATOR_ACTIONS.includes(action) ? action : 'nudge';
};

/** The names and reasons a page's texts take: the pair, or a rematch's mentee and mentor and why they fit. */
const namesOn = ({ page }: Question) => ({ pair: page.pair, mentee: page.menteeName, mentor: page.mentorName, reasons: page.reasons });

const pauseLengths = (t: TFunction, maxDays: number) => [
  ...PAUSE_WEEKS.filter((weeks) => weeks * 7 < maxDays).map((weeks) => ({ value: String(weeks * 7), label: t('coordinatorAction.weeks', { count: weeks }) })),
  { value: String(maxDays), label: t('coordinatorAction.longest', { count: maxDays }) },
];

/**
 * An action of the coordinator's weekly digest as the answer page shows it: what pressing the
 * button sets going for this relationship (a nudge to the pair, a pause, an end without blame),
 * for them to confirm. Opening the link changes nothing; the page's button does.
 */
export const coordinatorActionPage: QuestionPage = {
  name: 'coordinator-action',
  page: (t, question, _reader, draft) => {
    const action = actionOf(question);
    const names = namesOn(question);
    const maxDays = Number(question.page.maxDays);
    const fields =
      action === 'pause'
        ? select('days', t('coordinatorAction.pauseFor'), pauseLengths(t, maxDays), chosenOr(draft, 'days', String(maxDays)))
        : answerChoices(t(`coordinatorAction.${action}.question`, names), [
            option('answer', action, t(`coordinatorAction.${action}.confirm`, names), chosenOr(draft, 'answer', action)),
          ]);
    return {
      title: t(`coordinatorAction.${action}.title`, names),
      intro: t(`coordinatorAction.${action}.intro`, names),
      fields: action === 'end' ? [fields, noteField(t('coordinatorAction.end.note'), draft)].join('\n') : fields,
      next: t(`coordinatorAction.${action}.next`, names),
      privacy: t(`coordinatorAction.${action}.privacy`, names),
    };
  },
  parse: (form, question, { locale }, t) => {
    const action = actionOf(question);
    if (action === 'pause') {
      const chosen = form.get('days') ?? '';
      const days = /^\d{1,3}$/.test(chosen) ? Number(chosen) : NaN;
      const allowed = pauseLengths(t, Number(question.page.maxDays)).map((o) => Number(o.value));
      return allowed.includes(days) ? { ok: true, outcome: 'pause', details: { days } } : { ok: false, reason: t('coordinatorAction.choosePause') };
    }
    if (form.get('answer') !== action) return { ok: false, reason: t('answerPage.chooseOption') };
    if (action !== 'end') return { ok: true, outcome: action, details: {} };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return { ok: true, outcome: 'end', details: withNote(noted.note) };
  },
  // Never settles: what an answer sets going is a run of its own.
  settle: () => undefined,
  thanks: (t, _answer, question) => [t(`coordinatorAction.${actionOf(question)}.thanks`, namesOn(question))],
};
