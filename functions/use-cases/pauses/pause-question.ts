import { formatDay } from '#adapters/messages/index';
import { coordinator, namesOf } from '#use-cases/write-to';
import { option } from '#adapters/pages/form';
import type { QuestionKind } from '#use-cases/answering/kind';

/**
 * A pause (leave, illness) waits for its planned end; the coordinator may resume earlier with
 * the e-mail's button or `mentoring resume`. Either way the next step resumes the relationship.
 */
export const pause: QuestionKind<{ pauseNo: number }> = {
  name: 'pause',
  questionId: (relationshipId, { pauseNo }) => `${relationshipId}.pause.${pauseNo}`,
  prepare: async (context, { pauseNo }) => {
    const current = context.relationship.pauses.find((p) => p.pauseNo === pauseNo);
    if (!current) throw new Error(`Pause ${pauseNo} of ${context.relationship.relationshipId} is not recorded`);
    return { pair: namesOf([...context.mentees, context.mentor], context.coordinator.locale), resumesAt: current.plannedUntil ?? '' };
  },
  asked: (context) => coordinator(context),

  letter: (t, { person }, question, _attempt, link) => ({
    subject: t('pause.subject', { pair: question.page.pair }),
    paragraphs: [t('pause.body', { pair: question.page.pair, until: formatDay(question.page.resumesAt!, person.timeZone, person.locale) })],
    actions: [{ label: t('pause.resumeNow'), url: link('resume') }],
  }),

  page: (t, question, { locale }, draft) => ({
    title: t('pause.pageTitle', { pair: question.page.pair }),
    intro: t('pause.pageIntro', { until: formatDay(question.page.resumesAt!, question.timeZone, locale) }),
    fields: option('answer', 'resume', t('pause.resumeNow'), draft.get('answer') ?? 'resume'),
    privacy: t('pause.privacy'),
  }),
  parse: (form, _question, _reader, t) =>
    form.get('answer') === 'resume' ? { ok: true, outcome: 'resume', details: {} } : { ok: false, reason: t('answerPage.chooseOption') },
  settle: (question) => Object.values(question.answers)[0]?.outcome,
  thanks: (t) => t('pause.thanks'),
  record: async (_context, question) => ({ resumed: question.state === 'answered' ? 'early' : 'as-planned' }),
};
