import { clock } from '#platform/clock';
import { formatDeadline } from '#adapters/messages/index';
import { updateRelationship } from '#adapters/store';
import { noteField, noteOf, withNote, option } from '#adapters/pages/form';
import { whenAllAnswered, type QuestionKind } from '#use-cases/answering/kind';

const HELD = ['held', 'partly', 'slipped'] as const;

/** Months after closure: has the mentee's progress held? Then the relationship's record is complete. */
export const followUp: QuestionKind = {
  name: 'follow-up',
  questionId: (relationshipId) => `${relationshipId}.follow-up`,
  prepare: async (context) => ({ months: String(context.program.followUp.afterMonths) }),
  asked: (context) => context.mentees.map((mentee) => ({ person: mentee, role: 'mentee' as const, partner: context.mentor })),

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'followUp.subject' : 'followUp.reminderSubject'),
    paragraphs: [
      t('followUp.body', { partner: partner.name, months: question.page.months }),
      t('followUp.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: HELD.map((value) => ({ label: t(`followUp.${value}`), url: link(value) })),
  }),

  page: (t, question, _reader, draft) => ({
    title: t('followUp.pageTitle'),
    intro: t('followUp.pageIntro', { months: question.page.months }),
    fields: [...HELD.map((value) => option('answer', value, t(`followUp.${value}`), draft.get('answer'))), noteField(t('followUp.note'), draft)].join('\n'),
    privacy: t('followUp.privacy'),
  }),

  parse: (form, _question, { locale }, t) => {
    const outcome = form.get('answer');
    if (!HELD.includes(outcome as (typeof HELD)[number])) return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    return { ok: true, outcome: outcome!, details: withNote(noted.note) };
  },
  settle: (question) => whenAllAnswered(question, () => 'answered'),
  thanks: (t) => t('followUp.thanks'),

  record: async (context, question) => {
    await updateRelationship(context.relationship.relationshipId, {}, { ifNotExists: { recordCompletedAt: clock().now().toISOString() } });
    const answers = Object.values(question.answers);
    return {
      held: answers.filter((a) => a.outcome === 'held').length,
      partly: answers.filter((a) => a.outcome === 'partly').length,
      slipped: answers.filter((a) => a.outcome === 'slipped').length,
    };
  },
};
