import { formatDeadline } from '#adapters/messages/index';
import { members } from '#use-cases/write-to';
import { levelOf, noteField, noteOf, radioRow, scaleOptions } from '#adapters/pages/form';
import { whenAllAnswered, type QuestionKind } from '#use-cases/answering/kind';
import { parseRatings, ratingFields, ratingPage, storeRatings } from './progress.ts';

const yesNo = (t: (key: string) => string, extra: { value: string; label: string }[] = []) => [
  { value: 'yes', label: t('lookBack.yes') },
  ...extra,
  { value: 'no', label: t('lookBack.no') },
];

/**
 * At the anniversary (and after an extension): the final review of each goal against its
 * baseline and target, and a short survey: how satisfied, would they recommend mentoring,
 * would the mentee mentor others (and the mentor again), and would they like to extend.
 */
export const lookBack: QuestionKind<{ review: string }> = {
  name: 'look-back',
  questionId: (relationshipId, { review }) => `${relationshipId}.look-back.${review}`,
  prepare: async (context) => ({
    ...(await ratingPage(context)),
    canExtend: (context.relationship.extensions ?? 0) < context.program.extension.maxTimes ? 'yes' : 'no',
    extensionMonths: String(context.program.extension.months),
  }),
  asked: members,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'lookBack.subject' : 'lookBack.reminderSubject', { partner: partner.name }),
    paragraphs: [
      t('lookBack.body', { partner: partner.name }),
      t('lookBack.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [{ label: t('lookBack.action'), url: link() }],
  }),

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

  /** An extension needs the mentor and at least one mentee to want it; then the coordinator decides. */
  record: async (context, question, { review }) => {
    const rated = await storeRatings(context, question, review);
    const answers = Object.values(question.answers);
    const extensionAsked =
      answers.some((a) => a.role === 'mentor' && a.details.extend === 'yes') && answers.some((a) => a.role === 'mentee' && a.details.extend === 'yes');
    return { rated, extensionAsked };
  },
};
