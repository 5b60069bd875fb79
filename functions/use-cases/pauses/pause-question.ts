import { formatDay } from '#presentation/messages/index';
import { coordinator, namesOf } from '#use-cases/relationship/write-to';
import type { QuestionKind } from '#use-cases/relationship/question-kind';
import { pausePage } from '#presentation/pages/questions/pause-page';

/**
 * A pause (leave, illness) waits for its planned end; the coordinator may resume earlier with
 * the e-mail's button or `mentoring resume`. Either way the next step resumes the relationship.
 */
export const pause: QuestionKind<{ pauseNo: number }> = {
  ...pausePage,
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

  record: async (_context, question) => ({ resumed: question.state === 'answered' ? 'early' : 'as-planned' }),
};
