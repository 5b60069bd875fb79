import { chosenOr, levelOf, noteField, noteOf, radioRow, scaleOptions } from '#presentation/pages/form';
import type { QuestionPage } from '#presentation/pages/question-page';
import { whenAllAnswered } from '#domain/question-answers';
import { parseRatings, ratingFields } from './progress-page.ts';

/** Survey questions may be left unanswered: "no answer" is where they start. */
const yesNo = (t: (key: string) => string, extra: { value: string; label: string }[] = [], skippable = true) => [
  { value: 'yes', label: t('lookBack.yes') },
  ...extra,
  { value: 'no', label: t('lookBack.no') },
  ...(skippable ? [{ value: '', label: t('lookBack.noAnswer') }] : []),
];

/** The look back as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const lookBackPage: QuestionPage = {
  name: 'look-back',

  page: (t, question, reader, draft) => ({
    title: t('lookBack.pageTitle'),
    intro: t('lookBack.pageIntro'),
    fields: [
      ratingFields(t, question, reader, draft, t('lookBack.whereNow')),
      radioRow(
        'satisfaction',
        t('lookBack.satisfaction'),
        [...scaleOptions(1, 5), { value: '', label: t('lookBack.noAnswer') }],
        chosenOr(draft, 'satisfaction', ''),
        t('lookBack.satisfactionScale'),
      ),
      radioRow('recommend', t('lookBack.recommend'), yesNo(t), chosenOr(draft, 'recommend', '')),
      reader.role === 'mentee'
        ? radioRow('mentorOthers', t('lookBack.becomeMentor'), yesNo(t, [{ value: 'maybe', label: t('lookBack.maybe') }]), chosenOr(draft, 'mentorOthers', ''))
        : radioRow('mentorOthers', t('lookBack.mentorAgain'), yesNo(t), chosenOr(draft, 'mentorOthers', '')),
      // Closing as planned is the course the relationship is on; going on is asked for.
      ...(question.page.canExtend === 'yes'
        ? [
            radioRow(
              'extend',
              t('lookBack.extend', { months: question.page.extensionMonths }),
              yesNo(t, [], false),
              chosenOr(draft, 'extend', 'no'),
              t('lookBack.extendHint'),
            ),
          ]
        : []),
      noteField(t('answerPage.note'), draft),
    ].join('\n'),
    next: t('lookBack.next'),
    privacy: t('lookBack.privacy'),
  }),

  parse: (form, question, reader, t) => {
    const rated = parseRatings(form, question, reader, t);
    if ('error' in rated) return { ok: false, reason: rated.error };
    // The survey's questions may be left out; what is given must be one of the page's answers.
    const given = (name: string) => form.get(name) || undefined;
    const satisfaction = given('satisfaction') === undefined ? undefined : levelOf(form, 'satisfaction', 1, 5);
    if (given('satisfaction') !== undefined && satisfaction === undefined) return { ok: false, reason: t('lookBack.chooseSatisfaction') };
    const choice = (name: string, allowed: string[]) => {
      const value = given(name);
      return value === undefined ? { ok: true as const } : allowed.includes(value) ? { ok: true as const, value } : { ok: false as const };
    };
    const recommend = choice('recommend', ['yes', 'no']);
    const mentorOthers = choice('mentorOthers', reader.role === 'mentee' ? ['yes', 'maybe', 'no'] : ['yes', 'no']);
    const extend = question.page.canExtend === 'yes' ? choice('extend', ['yes', 'no']) : { ok: true as const, value: 'no' };
    if (!recommend.ok || !mentorOthers.ok || !extend.ok) return { ok: false, reason: t('lookBack.answerAll') };
    const noted = noteOf(form, t, reader.locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return {
      ok: true,
      outcome: 'looked-back',
      details: {
        ratings: rated.ratings,
        ...(satisfaction !== undefined ? { satisfaction } : {}),
        ...(recommend.value ? { recommend: recommend.value } : {}),
        ...(mentorOthers.value ? { mentorOthers: mentorOthers.value } : {}),
        extend: extend.value ?? 'no',
        ...(noted.note ? { note: noted.note } : {}),
      },
    };
  },

  settle: (question) => whenAllAnswered(question, () => 'looked-back'),
  thanks: (t) => [t('lookBack.thanks'), t('lookBack.thanksNext')],
};
