import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { meetingsWindowOf } from '#workflows/lifecycle';
import { formatDay, formatWhen } from '#core/messages/index';
import { escapeHtml } from '#core/letters';
import { MEETING_OUTCOMES, type MeetingOutcome } from '#core/model';
import { thePair } from '#core/pair-letters';
import { lastMeeting } from '#core/store';
import { isMeetingMode, isRating, MEETING_MODES, NOTE_MAX_LENGTH, RATINGS } from '#core/check-in-details';
import type { Parsed, QuestionKind } from './kind.ts';

export const checkInQuestionId = (relationshipId: string, meetingNo: number, occurrence: number): string =>
  `${relationshipId}.check-in.${meetingNo}.${occurrence}`;

const isOutcome = (value: string | null | undefined): value is MeetingOutcome => MEETING_OUTCOMES.includes(value as MeetingOutcome);

const MODE_LABELS = { 'face-to-face': 'answerPage.faceToFace', phone: 'answerPage.phone', video: 'answerPage.video', email: 'answerPage.email' } as const;

/** A row of radio buttons in a fieldset; none is required in HTML, since the group hides when it does not apply. */
const radioRow = (name: string, legend: string, options: { value: string; label: string }[], chosen: string | null, hint = '') =>
  `<fieldset class="${name}"><legend>${escapeHtml(legend)}</legend>${hint ? `<span class="note">${escapeHtml(hint)}</span>` : ''}<div class="row">${options
    .map(({ value, label }) => `<label><input type="radio" name="${name}" value="${value}"${chosen === value ? ' checked' : ''}> ${escapeHtml(label)}</label>`)
    .join('')}</div></fieldset>`;

/** How they met and how it went: asked when they met. Shown without JavaScript; CSS hides it once another answer is chosen. */
const heldFields = (t: TFunction, draft: URLSearchParams) =>
  `<div class="held-only">${radioRow(
    'mode',
    t('answerPage.mode'),
    MEETING_MODES.map((value) => ({ value, label: t(MODE_LABELS[value]) })),
    draft.get('mode'),
  )}${radioRow(
    'rating',
    t('answerPage.rating'),
    RATINGS.map((value) => ({ value: String(value), label: String(value) })),
    draft.get('rating'),
    t('answerPage.ratingScale'),
  )}</div>`;

const noteField = (t: TFunction, draft: URLSearchParams) =>
  `<label class="note-label" for="note">${escapeHtml(t('answerPage.note'))}</label><textarea id="note" name="note" rows="3" maxlength="${NOTE_MAX_LENGTH}">${escapeHtml(draft.get('note') ?? '')}</textarea>`;

/** The optional private note: browsers send line breaks as CRLF, which count once. */
const noteOf = (form: URLSearchParams): string => (form.get('note') ?? '').replace(/\r\n?/g, '\n').trim();

/**
 * After each meeting: did it take place, move, or not happen? Either of the pair answers for both.
 * A held meeting also says how they met and how useful it was (1-5); any answer may carry a
 * private note for the coordinator.
 */
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
        heldFields(t, draft),
        option(
          'moved',
          t('answerPage.moved'),
          `<br><input type="datetime-local" name="movedTo" data-zone="${zone}" aria-label="${escapeHtml(t('answerPage.movedTo', { zone: question.timeZone }))}" value="${escapeHtml(draft.get('movedTo') ?? '')}"> <span class="note">${zone}</span>`,
        ),
        option('not-held', t('answerPage.notHeld')),
        noteField(t, draft),
      ].join('\n'),
      privacy: t('answerPage.privacy'),
    };
  },

  parse: (form, question, locale, t, now): Parsed => {
    const outcome = form.get('answer');
    if (!isOutcome(outcome)) return { ok: false, reason: t('answerPage.chooseOption') };
    const note = noteOf(form);
    if (note.length > NOTE_MAX_LENGTH) return { ok: false, reason: t('answerPage.noteTooLong', { max: NOTE_MAX_LENGTH.toLocaleString(locale) }) };
    // The note stays in the tables: the workflow gets the outcome only.
    const withNote: Record<string, string> = note ? { note } : {};
    if (outcome === 'held') {
      const mode = form.get('mode');
      const rating = Number(form.get('rating'));
      if (!isMeetingMode(mode)) return { ok: false, reason: t('answerPage.chooseMode') };
      if (!/^\d$/.test(form.get('rating') ?? '') || !isRating(rating)) return { ok: false, reason: t('answerPage.chooseRating') };
      return { ok: true, outcome, details: { mode, rating, ...withNote } };
    }
    if (outcome === 'not-held') return { ok: true, outcome, details: withNote };
    const raw = form.get('movedTo')?.trim();
    if (!raw) return { ok: false, reason: t('answerPage.needDate') };
    const movedTo = DateTime.fromISO(raw, { zone: question.timeZone });
    if (!movedTo.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw)) return { ok: false, reason: t('answerPage.badDate') };
    if (movedTo.toJSDate() <= now) return { ok: false, reason: t('answerPage.pastDate') };
    if (movedTo.toJSDate() >= new Date(question.page.moveBefore!))
      return { ok: false, reason: t('answerPage.lateDate', { when: formatDay(question.page.moveBefore!, question.timeZone, locale) }) };
    return { ok: true, outcome, details: { movedTo: movedTo.toUTC().toISO()!, ...withNote } };
  },

  // The first answer, from either of the pair, is the pair's answer.
  settle: (question) => Object.values(question.answers)[0]?.outcome,

  thanks: (t, answer, question, locale) =>
    answer.outcome === 'moved'
      ? t('answerPage.thanksMoved', { when: formatWhen(String(answer.details.movedTo), question.timeZone, locale) })
      : t('answerPage.thanks'),
};
