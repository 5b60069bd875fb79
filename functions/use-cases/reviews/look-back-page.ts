import { levelOf, noteField, noteOf, radioRow, scaleOptions } from '#adapters/pages/form';
import { whenAllAnswered, type QuestionPage } from '#use-cases/answering/kind';
import { parseRatings, ratingFields } from './progress-page.ts';

const yesNo = (t: (key: string) => string, extra: { value: string; label: string }[] = []) => [
  { value: 'yes', label: t('lookBack.yes') },
  ...extra,
  { value: 'no', label: t('lookBack.no') },
];

/** The look back as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const lookBackPage: QuestionPage = {
  name: 'look-back',

  page: (t, question, reader, draft) => ({
    title: t('lookBack.pageTitle'),
    intro: t('lookBack.pageIntro'),
    fields: [
      ratingFields(t, question, reader, draft, t('lookBack.whereNow')),
      radioRow('satisfaction', t('lookBack.satisfaction'), scaleOptions(1, 5), draft.get('satisfaction'), t('lookBack.satisfactionScale')),
      radioRow('recommend', t('lookBack.recommend'), yesNo(t), draft.get('recommend')),
      reader.role === 'mentee'
        ? radioRow('mentorOthers', t('lookBack.becomeMentor'), yesNo(t, [{ value: 'maybe', label: t('lookBack.maybe') }]), draft.get('mentorOthers'))
        : radioRow('mentorOthers', t('lookBack.mentorAgain'), yesNo(t), draft.get('mentorOthers')),
      ...(question.page.canExtend === 'yes'
        ? [radioRow('extend', t('lookBack.extend', { months: question.page.extensionMonths }), yesNo(t), draft.get('extend'), t('lookBack.extendHint'))]
        : []),
      noteField(t('answerPage.note'), draft),
    ].join('\n'),
    privacy: t('lookBack.privacy'),
  }),

  parse: (form, question, reader, t) => {
    const rated = parseRatings(form, question, reader, t);
    if ('error' in rated) return { ok: false, reason: rated.error };
    const satisfaction = levelOf(form, 'satisfaction', 1, 5);
    if (satisfaction === undefined) return { ok: false, reason: t('lookBack.chooseSatisfaction') };
    const choice = (name: string, allowed: string[]) => (allowed.includes(form.get(name) ?? '') ? form.get(name)! : undefined);
    const recommend = choice('recommend', ['yes', 'no']);
    const mentorOthers = choice('mentorOthers', reader.role === 'mentee' ? ['yes', 'maybe', 'no'] : ['yes', 'no']);
    const extend = question.page.canExtend === 'yes' ? choice('extend', ['yes', 'no']) : 'no';
    if (!recommend || !mentorOthers || !extend) return { ok: false, reason: t('lookBack.answerAll') };
    const noted = noteOf(form, t, reader.locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return {
      ok: true,
      outcome: 'looked-back',
      details: { ratings: rated.ratings, satisfaction, recommend, mentorOthers, extend, ...(noted.note ? { note: noted.note } : {}) },
    };
  },

  settle: (question) => whenAllAnswered(question, () => 'looked-back'),
  thanks: (t) => t('lookBack.thanks'),
};
