import { clock } from '#platform/clock';
import { formatDeadline } from '#adapters/messages/index';
import type { Question } from '#domain/model';
import { markGoals } from '#adapters/store';
import { members } from '#use-cases/write-to';
import { fromJson, goalsByMentee, goalsHtml, goalsText, type MenteeGoals } from './goals.ts';
import { noteField, noteOf, option } from '#adapters/pages/form';
import type { Parsed, QuestionKind } from '#use-cases/answering/kind';

type Proposed = Pick<MenteeGoals, 'menteeName' | 'goals'>[];

/** Whether this round may still send the goals back: what the mentor was offered. */
const canAskChanges = (question: Question) => question.page.canAskChanges === 'yes';

/**
 * The mentor reads the goals their mentee(s) proposed and confirms them, or, while revision
 * rounds are left, asks for changes with a note the mentee reads. Once no round is left, or
 * nobody answers, the goals stand as proposed.
 */
export const goalConfirmation: QuestionKind<{ round: number }> = {
  name: 'goal-confirmation',
  questionId: (relationshipId, { round }) => `${relationshipId}.goal-confirmation.${round}`,

  prepare: async (context, { round }) => ({
    goals: JSON.stringify((await goalsByMentee(context)).map(({ menteeName, goals }) => ({ menteeName, goals }))),
    canAskChanges: round <= context.program.goals.revisionRounds ? 'yes' : 'no',
    scaleMin: String(context.program.goals.scale.min),
    scaleMax: String(context.program.goals.scale.max),
  }),

  // The mentor only, about the mentee or the whole circle.
  asked: (context) => members(context).slice(0, 1),

  letter: (t, { person, partner }, question, attempt, link) => {
    const proposed = fromJson<Proposed>(question.page.goals, []);
    const open = canAskChanges(question);
    return {
      subject: t(attempt === 'first' ? 'goalConfirmation.subject' : 'goalConfirmation.reminderSubject', { partner: partner.name }),
      paragraphs: [
        t(attempt === 'first' ? 'goalConfirmation.body' : 'goalConfirmation.reminderBody', { partner: partner.name }),
        ...goalsText(t, proposed),
        t('goalConfirmation.scale', { min: question.page.scaleMin, max: question.page.scaleMax }),
        t(open ? 'goalConfirmation.changesPossible' : 'goalConfirmation.lastRound'),
        t('goalConfirmation.deadline', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
      ],
      actions: [
        { label: t('goalConfirmation.confirm'), url: link('confirm') },
        ...(open ? [{ label: t('goalConfirmation.askChanges'), url: link('changes') }] : []),
      ],
    };
  },

  page: (t, question, _reader, draft) => {
    const chosen = draft.get('answer');
    const open = canAskChanges(question);
    return {
      title: t('goalConfirmation.pageTitle'),
      intro: t('goalConfirmation.pageIntro', { min: question.page.scaleMin, max: question.page.scaleMax }),
      fields: [
        goalsHtml(t, fromJson<Proposed>(question.page.goals, [])),
        option('answer', 'confirm', t('goalConfirmation.confirmOption'), chosen),
        ...(open ? [option('answer', 'changes', t('goalConfirmation.changesOption'), chosen), noteField(t('goalConfirmation.note'), draft)] : []),
      ].join('\n'),
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
  settle: (question) => Object.values(question.answers)[0]?.outcome,
  thanks: (t, answer) => t(answer.outcome === 'changes' ? 'goalConfirmation.thanksChanges' : 'goalConfirmation.thanksConfirm'),

  record: async (context, question, { round }) => {
    const answer = Object.values(question.answers)[0];
    const nextRound = round + 1;
    // Unanswered, the goals stand as proposed, unconfirmed: the endorsement goes ahead without it.
    if (!answer) return { decision: 'unanswered', nextRound };
    const roundsLeft = question.page.canAskChanges ? canAskChanges(question) : round <= context.program.goals.revisionRounds;
    if (answer.outcome === 'changes' && roundsLeft) return { decision: 'changes', nextRound };
    const now = clock().now().toISOString();
    for (const mentee of context.mentees) await markGoals(context.relationship.relationshipId, mentee.personId, 'confirmedAt', now);
    return { decision: 'confirmed', nextRound };
  },
};
