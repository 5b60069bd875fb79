import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { meetingsWindowOf } from '#domain/lifecycle/meetings-windows';
import { clock } from '#platform/clock';
import { formatDay, formatDeadline, formatWhen } from '#adapters/messages/index';
import { escapeHtml } from '#adapters/mail/letters';
import { MEETING_OUTCOMES, type GivenAnswer, type MeetingOutcome, type MeetingStatus } from '#domain/model';
import { members } from '#use-cases/write-to';
import { concludeMeeting, lastMeeting, moveMeeting } from '#adapters/store';
import { isMeetingMode, isRating, MEETING_MODES, RATINGS, type HeldDetails } from '#domain/check-in-details';
import { watchOver } from '#use-cases/safety-net/safety-net';
import { noteField, noteOf, option, radioRow } from '#adapters/pages/form';
import type { Parsed, QuestionKind } from '#use-cases/answering/kind';

type MeetingSubject = { meetingNo: number; occurrence: number };

export const checkInQuestionId = (relationshipId: string, meetingNo: number, occurrence: number): string =>
  `${relationshipId}.check-in.${meetingNo}.${occurrence}`;

const isOutcome = (value: string | null | undefined): value is MeetingOutcome => MEETING_OUTCOMES.includes(value as MeetingOutcome);

const MODE_LABELS = { 'face-to-face': 'answerPage.faceToFace', phone: 'answerPage.phone', video: 'answerPage.video', email: 'answerPage.email' } as const;

export const modeOptions = (t: TFunction) => MEETING_MODES.map((value) => ({ value, label: t(MODE_LABELS[value]) }));

/** How they met and how it went: asked when they met. Shown without JavaScript; CSS hides it once another answer is chosen. */
const heldFields = (t: TFunction, draft: URLSearchParams) =>
  `<div class="held-only">${radioRow('mode', t('answerPage.mode'), modeOptions(t), draft.get('mode'))}${radioRow(
    'rating',
    t('answerPage.rating'),
    RATINGS.map((value) => ({ value: String(value), label: String(value) })),
    draft.get('rating'),
    t('answerPage.ratingScale'),
  )}</div>`;

/** How a held meeting went, from the pair's answer: kept on the meeting for the safety net. */
const heldDetails = (details: GivenAnswer['details'] = {}): HeldDetails => ({
  ...(isMeetingMode(details.mode) ? { mode: details.mode } : {}),
  ...(isRating(details.rating) ? { rating: details.rating } : {}),
});

const currentMeeting = async (relationshipId: string, meetingNo: number) => {
  const meeting = await lastMeeting(relationshipId);
  if (!meeting || meeting.meetingNo !== meetingNo) throw new Error(`Meeting ${meetingNo} of ${relationshipId} is not the current meeting`);
  return meeting;
};

/**
 * After each meeting: did it take place, move, or not happen? Anyone in the pair or circle
 * answers for all. A held meeting also says how they met and how useful it was (1-5); any
 * answer may carry a private note for the coordinator.
 */
export const checkIn: QuestionKind<MeetingSubject> = {
  name: 'check-in',
  questionId: (relationshipId, { meetingNo, occurrence }) => checkInQuestionId(relationshipId, meetingNo, occurrence),

  prepare: async (context, { meetingNo }) => {
    const meeting = await currentMeeting(context.relationship.relationshipId, meetingNo);
    // A meeting moves only within its meetings window, so no phase runs past it.
    return { meetingStartsAt: meeting.startsAt, moveBefore: meetingsWindowOf(context.calendar, new Date(meeting.startsAt)).until.toISOString() };
  },

  asked: members,

  letter: (t, { person, partner }, question, attempt, link) => ({
    subject: t(attempt === 'first' ? 'checkIn.subject' : 'checkInReminder.subject', { partner: partner.name }),
    paragraphs: [
      t(attempt === 'first' ? 'checkIn.body' : 'checkInReminder.body', {
        partner: partner.name,
        when: formatWhen(question.page.meetingStartsAt!, person.timeZone, person.locale),
      }),
      t('checkIn.window', { deadline: formatDeadline(question.closesAt, person.timeZone, person.locale) }),
    ],
    actions: [
      { label: t('checkIn.held'), url: link('held') },
      { label: t('checkIn.moved'), url: link('moved') },
      { label: t('checkIn.notHeld'), url: link('not-held') },
    ],
  }),

  page: (t, question, { locale }, draft) => {
    const chosen = draft.get('answer');
    const zone = escapeHtml(question.timeZone);
    return {
      title: t('answerPage.title'),
      intro: t('answerPage.meeting', { when: formatWhen(question.page.meetingStartsAt!, question.timeZone, locale) }),
      fields: [
        option('answer', 'held', t('answerPage.held'), chosen),
        heldFields(t, draft),
        option(
          'answer',
          'moved',
          t('answerPage.moved'),
          chosen,
          `<br><input type="datetime-local" name="movedTo" data-zone="${zone}" aria-label="${escapeHtml(t('answerPage.movedTo', { zone: question.timeZone }))}" value="${escapeHtml(draft.get('movedTo') ?? '')}"> <span class="note">${zone}</span>`,
        ),
        option('answer', 'not-held', t('answerPage.notHeld'), chosen),
        noteField(t('answerPage.note'), draft),
      ].join('\n'),
      privacy: t('answerPage.privacy'),
    };
  },

  parse: (form, question, { locale }, t, now): Parsed => {
    const outcome = form.get('answer');
    if (!isOutcome(outcome)) return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    // The note stays in the tables: the workflow gets the outcome only.
    const withNote: Record<string, string> = noted.note ? { note: noted.note } : {};
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
    return { ok: true, outcome, details: { movedTo: movedTo.toUTC().toISO(), ...withNote } };
  },

  // The first answer, from anyone asked, is the answer for all.
  settle: (question) => Object.values(question.answers)[0]?.outcome,

  thanks: (t, answer, question, locale) =>
    answer.outcome === 'moved'
      ? t('answerPage.thanksMoved', { when: formatWhen(String(answer.details.movedTo), question.timeZone, locale) })
      : t('answerPage.thanks'),

  /**
   * The meeting held, moved (the rest of the schedule is planned from its new date), not held,
   * or unanswered; then the safety net looks at the relationship. The result names its
   * reasons only, never who said what.
   */
  record: async (context, question, { meetingNo, occurrence }) => {
    const { relationshipId } = context.relationship;
    const answer = Object.values(question.answers)[0];
    let outcome: Exclude<MeetingStatus, 'planned'> | 'moved';
    if (question.state === 'answered' && question.outcome === 'moved' && answer?.details.movedTo) {
      const meeting = await currentMeeting(relationshipId, meetingNo);
      await moveMeeting(relationshipId, meetingNo, occurrence, meeting.startsAt, String(answer.details.movedTo));
      outcome = 'moved';
    } else {
      outcome = question.state === 'answered' ? (question.outcome === 'held' ? 'held' : 'not-held') : 'unanswered';
      await concludeMeeting(
        relationshipId,
        meetingNo,
        occurrence,
        outcome,
        clock().now().toISOString(),
        outcome === 'held' ? heldDetails(answer?.details) : {},
      );
    }
    return { outcome, atRisk: await watchOver(context) };
  },
};
