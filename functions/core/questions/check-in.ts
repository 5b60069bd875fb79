import { DateTime } from 'luxon';
import { meetingsWindowOf } from '#workflows/lifecycle';
import { formatDay, formatWhen } from '#core/messages/index';
import { escapeHtml } from '#core/letters';
import { MEETING_OUTCOMES, type MeetingOutcome } from '#core/model';
import { thePair } from '#core/pair-letters';
import { lastMeeting } from '#core/store';
import type { Parsed, QuestionKind } from './kind.ts';

export const checkInQuestionId = (relationshipId: string, meetingNo: number, occurrence: number): string =>
  `${relationshipId}.check-in.${meetingNo}.${occurrence}`;

const isOutcome = (value: string | null | undefined): value is MeetingOutcome => MEETING_OUTCOMES.includes(value as MeetingOutcome);

/** After each meeting: did it take place, move, or not happen? Either of the pair answers for both. */
export const checkIn: QuestionKind<{ meetingNo: number; occurrence: number }> = {
  name: 'check-in',

  prepare: async (context, { meetingNo, occurrence }) => {
    const meeting = await lastMeeting(context.relationship.relationshipId);
    if (!meeting || meeting.meetingNo !== meetingNo) throw new Error(`Meeting ${meetingNo} of ${context.relationship.relationshipId} is not the current meeting`);
    return {
      questionId: checkInQuestionId(context.relationship.relationshipId, meetingNo, occurrence),
      // A meeting moves only within its meetings window, so no phase runs past it.
      page: { meetingStartsAt: meeting.startsAt, moveBefore: meetingsWindowOf(context.calendar, new Date(meeting.startsAt)).until.toISOString() },
    };
  },

  asked: thePair,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'checkIn.subject' : 'checkInReminder.subject', { partner: partner.name }),
    paragraphs: [
      t(attempt === 'first' ? 'checkIn.body' : 'checkInReminder.body', { partner: partner.name, when: formatWhen(question.page.meetingStartsAt!, person.timeZone, person.locale) }),
      t('checkIn.window', { deadline: formatDay(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('checkIn.held'), url: link('held') },
      { label: t('checkIn.moved'), url: link('moved') },
      { label: t('checkIn.notHeld'), url: link('not-held') },
    ],
  }),

  page: (t, question, locale, draft) => {
    const chosen = draft.get('answer');
    const zone = escapeHtml(question.timeZone);
    const option = (value: MeetingOutcome, label: string, extra = '') =>
      `<label class="option"><input type="radio" name="answer" value="${value}"${chosen === value ? ' checked' : ''} required> ${escapeHtml(label)}${extra}</label>`;
    return {
      title: t('answerPage.title'),
      intro: t('answerPage.meeting', { when: formatWhen(question.page.meetingStartsAt!, question.timeZone, locale) }),
      fields: [
        option('held', t('answerPage.held')),
        option(
          'moved',
          t('answerPage.moved'),
          `<br><input type="datetime-local" name="movedTo" data-zone="${zone}" aria-label="${escapeHtml(t('answerPage.movedTo', { zone: question.timeZone }))}" value="${escapeHtml(draft.get('movedTo') ?? '')}"> <span class="note">${zone}</span>`,
        ),
        option('not-held', t('answerPage.notHeld')),
      ].join('\n'),
      privacy: t('answerPage.privacy'),
    };
  },

  parse: (form, question, locale, t, now): Parsed => {
    const outcome = form.get('answer');
    if (!isOutcome(outcome)) return { ok: false, reason: t('answerPage.chooseOption') };
    if (outcome !== 'moved') return { ok: true, outcome, details: {} };
    const raw = form.get('movedTo')?.trim();
    if (!raw) return { ok: false, reason: t('answerPage.needDate') };
    const movedTo = DateTime.fromISO(raw, { zone: question.timeZone });
    if (!movedTo.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw)) return { ok: false, reason: t('answerPage.badDate') };
    if (movedTo.toJSDate() <= now) return { ok: false, reason: t('answerPage.pastDate') };
    if (movedTo.toJSDate() >= new Date(question.page.moveBefore!))
      return { ok: false, reason: t('answerPage.lateDate', { when: formatDay(question.page.moveBefore!, question.timeZone, locale) }) };
    return { ok: true, outcome, details: { movedTo: movedTo.toUTC().toISO()! } };
  },

  // The first answer, from either of the pair, is the pair's answer.
  settle: (question) => Object.values(question.answers)[0]?.outcome,

  thanks: (t, answer, question, locale) =>
    answer.outcome === 'moved'
      ? t('answerPage.thanksMoved', { when: formatWhen(String(answer.details.movedTo), question.timeZone, locale) })
      : t('answerPage.thanks'),
};
