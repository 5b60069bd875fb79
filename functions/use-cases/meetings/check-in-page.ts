import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { formatDay, formatWhen } from '#adapters/messages/index';
import { escapeHtml } from '#adapters/mail/letters';
import { MEETING_OUTCOMES, type MeetingOutcome, type Question } from '#domain/model';
import { isMeetingMode, isRating, MEETING_MODES, RATINGS } from '#domain/check-in-details';
import { answerChoices, chosenOr, noteField, noteOf, option, radioRow } from '#adapters/pages/form';
import { type Parsed, type QuestionPage, firstAnswer, zoneOf } from '#use-cases/answering/kind';

const isOutcome = (value: string | null | undefined): value is MeetingOutcome => MEETING_OUTCOMES.includes(value as MeetingOutcome);

const MODE_LABELS = { 'face-to-face': 'answerPage.faceToFace', phone: 'answerPage.phone', video: 'answerPage.video', email: 'answerPage.email' } as const;

export const modeOptions = (t: TFunction) => MEETING_MODES.map((value) => ({ value, label: t(MODE_LABELS[value]) }));

/** What a held meeting adds, from the form: each may be left out, but what is given must be one of the page's. */
const heldDetailsOf = (form: URLSearchParams) => {
  const mode = form.get('mode') || undefined;
  const rating = form.get('rating') || undefined;
  return {
    mode,
    rating,
    validMode: mode === undefined || isMeetingMode(mode),
    validRating: rating === undefined || (/^\d$/.test(rating) && isRating(Number(rating))),
  };
};

/**
 * How they met and how it went: asked when they met, both optional. How they met starts at
 * the first way they agreed to meet, and the rating at "no rating", so the page's button
 * records "we met" as it opens. Shown without JavaScript; CSS hides them once another answer is chosen.
 */
const heldFields = (t: TFunction, question: Question, draft: URLSearchParams) =>
  `<div class="held-only">${radioRow('mode', t('answerPage.mode'), modeOptions(t), chosenOr(draft, 'mode', question.page.mode), question.page.mode ? t('answerPage.modeAgreed') : '')}${radioRow(
    'rating',
    t('answerPage.rating'),
    [...RATINGS.map((value) => ({ value: String(value), label: String(value) })), { value: '', label: t('answerPage.noRating') }],
    chosenOr(draft, 'rating', ''),
    t('answerPage.ratingScale'),
  )}</div>`;

/** The new date of a moved meeting: the one field that answer needs, with its time zone in its label. */
const movedField = (t: TFunction, zone: string, draft: URLSearchParams) =>
  `<div class="moved-only"><label for="movedTo">${escapeHtml(t('answerPage.movedTo', { zone }))}</label><input type="datetime-local" id="movedTo" name="movedTo" data-zone="${escapeHtml(zone)}" value="${escapeHtml(draft.get('movedTo') ?? '')}"></div>`;

/** The check-in as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const checkInPage: QuestionPage = {
  name: 'check-in',

  page: (t, question, reader, draft) => {
    const { locale } = reader;
    const zone = zoneOf(question, reader);
    const chosen = draft.get('answer');
    return {
      title: t('answerPage.title'),
      intro: t('answerPage.meeting', { when: formatWhen(question.page.meetingStartsAt!, zone, locale) }),
      fields: [
        answerChoices(t('answerPage.question'), [
          option('answer', 'held', t('answerPage.held'), chosen),
          heldFields(t, question, draft),
          option('answer', 'moved', t('answerPage.moved'), chosen),
          movedField(t, zone, draft),
          option('answer', 'not-held', t('answerPage.notHeld'), chosen),
        ]),
        noteField(t('answerPage.note'), draft),
      ].join('\n'),
      next: t('answerPage.next'),
      privacy: t('answerPage.privacy'),
    };
  },

  parse: (form, question, reader, t, now): Parsed => {
    const { locale } = reader;
    // Each reads and types dates on their own clock: a mentor in London moves to 14:00 London time.
    const zone = zoneOf(question, reader);
    const outcome = form.get('answer');
    if (!isOutcome(outcome)) return { ok: false, reason: t('answerPage.chooseOption') };
    const noted = noteOf(form, t, locale);
    if ('error' in noted) return { ok: false, reason: noted.error };
    // The note stays in the tables: the workflow gets the outcome only.
    const withNote: Record<string, string> = noted.note ? { note: noted.note } : {};
    if (outcome === 'held') {
      // No rating is an answer too: the safety net only reads ratings that were given.
      const held = heldDetailsOf(form);
      if (!held.validMode) return { ok: false, reason: t('answerPage.chooseMode') };
      if (!held.validRating) return { ok: false, reason: t('answerPage.chooseRating') };
      return {
        ok: true,
        outcome,
        details: { ...(held.mode ? { mode: held.mode } : {}), ...(held.rating ? { rating: Number(held.rating) } : {}), ...withNote },
      };
    }
    if (outcome === 'not-held') return { ok: true, outcome, details: withNote };
    const raw = form.get('movedTo')?.trim();
    if (!raw) return { ok: false, reason: t('answerPage.needDate') };
    const movedTo = DateTime.fromISO(raw, { zone });
    if (!movedTo.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw)) return { ok: false, reason: t('answerPage.badDate') };
    if (movedTo.toJSDate() <= now) return { ok: false, reason: t('answerPage.pastDate') };
    if (movedTo.toJSDate() >= new Date(question.page.moveBefore!))
      return {
        ok: false,
        reason: t(question.page.nextMeetingAt ? 'answerPage.beforeNextMeeting' : 'answerPage.lateDate', {
          when: formatDay(question.page.moveBefore!, zone, locale),
        }),
      };
    return { ok: true, outcome, details: { movedTo: movedTo.toUTC().toISO(), ...withNote } };
  },

  // The first answer, from anyone asked, is the answer for all.
  settle: (question) => firstAnswer(question)?.outcome,

  thanks: (t, answer, question, locale, zone = question.timeZone) =>
    answer.outcome === 'moved'
      ? [t('answerPage.thanksMoved', { when: formatWhen(String(answer.details.movedTo), zone, locale) })]
      : [t('answerPage.thanks'), t('answerPage.thanksNext')],
};
