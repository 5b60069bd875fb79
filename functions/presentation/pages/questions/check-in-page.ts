import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { formatDay, formatWhen } from '#presentation/messages/index';
import { escapeHtml } from '#presentation/letters/letters';
import { MEETING_OUTCOMES, type MeetingOutcome, type Question } from '#domain/model';
import { isMeetingMode, isRating, MEETING_MODES, RATINGS } from '#domain/check-in-details';
import { movedMeetingStart, usualTimeFor } from '#domain/meeting-changes';
import { answerChoices, chosenOr, noteField, noteOf, option, radioRow } from '#presentation/pages/form';
import { type Parsed, type QuestionPage, zoneOf } from '#presentation/pages/question-page';
import { firstAnswer } from '#domain/question-answers';

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

/** A zone as people name it: its city ("America/New_York" is New York). */
const placeOf = (zone: string): string => zone.split('/').at(-1)!.replace(/_/g, ' ');

/**
 * One meeting time as each member reads it: the day and time on the reader's clock, then the
 * time in every other member's zone whose clock shows another ("Tuesday, May 11, 04:00 in New
 * York (10:00 in Oslo)"); with no instant, the time alone.
 */
const inEveryZone = (t: TFunction, instant: Date | string, readerZone: string, zones: string[], locale: string, { withDay = true } = {}): string => {
  const at = (zone: string) => DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  const here = at(readerZone);
  const time = (d: DateTime) => d.toLocaleString(DateTime.TIME_SIMPLE);
  const elsewhere = [...new Set(zones)]
    .filter((zone) => at(zone).toFormat('yyyy-MM-dd HH:mm') !== here.toFormat('yyyy-MM-dd HH:mm'))
    .map((zone) => {
      const there = at(zone);
      const when = there.hasSame(here, 'day') ? time(there) : `${there.toLocaleString({ weekday: 'short' })} ${time(there)}`;
      return t('answerPage.timeIn', { time: when, place: placeOf(zone) });
    });
  const main = t('answerPage.timeIn', { time: time(here), place: placeOf(readerZone) });
  const day = here.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
  return `${withDay ? `${day}, ` : ''}${main}${elsewhere.length ? ` (${elsewhere.join('; ')})` : ''}`;
};

/** The pair's usual meeting time in the pair's zone: the program's, or for a question asked before it was kept, the meeting's own. */
const usualOf = (question: Question) => ({
  time: question.page.meetingTime ?? DateTime.fromISO(question.page.meetingStartsAt!, { zone: question.timeZone }).toFormat('HH:mm'),
  timeZone: question.timeZone,
});

/** Every member's zone, as the page was prepared; the pair's for a question asked before. */
const zonesOf = (question: Question): string[] => question.page.memberZones?.split(' ') ?? [question.timeZone];

/** The time field starts at the pair's usual time on the reader's clock, on the day of the meeting being moved. */
const usualShown = (question: Question, zone: string) => usualTimeFor(usualOf(question), question.page.meetingStartsAt!, zone);

/** The pair's usual time on the day of `instant`, in the pair's zone. */
const usualStart = (usual: { time: string; timeZone: string }, instant: string): Date => {
  const [hour, minute] = usual.time.split(':').map(Number);
  return DateTime.fromISO(instant, { zone: usual.timeZone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
};

/**
 * The new date of a moved meeting, and its time, which may be left as it is: then the meeting
 * keeps the pair's usual time. Each field has its label with the reader's zone; the hint says
 * when that is in every member's zone.
 */
const movedFields = (t: TFunction, question: Question, zone: string, locale: string, draft: URLSearchParams) => {
  const usual = usualOf(question);
  const shown = usualShown(question, zone);
  // Sent back with a date: the meeting time it gives, as it stands; otherwise the usual time alone.
  const drafted = movedMeetingStart({ date: draft.get('movedTo')?.trim() ?? '', readerZone: zone, usual });
  const hint = t('answerPage.movedAtHint', {
    when: inEveryZone(t, drafted ?? usualStart(usual, question.page.meetingStartsAt!), zone, zonesOf(question), locale, { withDay: !!drafted }),
  });
  return `<div class="moved-only"><label for="movedTo">${escapeHtml(t('answerPage.movedTo', { zone }))}</label><input type="date" id="movedTo" name="movedTo" data-zone="${escapeHtml(zone)}" value="${escapeHtml(draft.get('movedTo') ?? '')}">
<label for="movedAt">${escapeHtml(t('answerPage.movedAt', { zone }))}</label><input type="time" id="movedAt" name="movedAt" aria-describedby="movedAt-hint" value="${escapeHtml(draft.get('movedAt') ?? shown)}"><span class="hint" id="movedAt-hint">${escapeHtml(hint)}</span></div>`;
};

/**
 * The new start a moved answer gives: the date on the reader's calendar, at the time they
 * typed on their own clock, or, when the time field is empty or still shows the usual time, at
 * the pair's usual time in the pair's zone. A date and time in one field (a page shown before
 * the time had its own) is the reader's date and time.
 */
const movedStartOf = (form: URLSearchParams, question: Question, zone: string): Date | 'none' | undefined => {
  const raw = form.get('movedTo')?.trim() ?? '';
  if (!raw) return 'none';
  const together = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(raw);
  const typed = form.get('movedAt')?.trim() ?? '';
  const time = together ? together[2] : typed && typed !== usualShown(question, zone) ? typed : undefined;
  return movedMeetingStart({ date: together ? together[1]! : raw, time, readerZone: zone, usual: usualOf(question) });
};

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
          movedFields(t, question, zone, locale, draft),
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
    const movedTo = movedStartOf(form, question, zone);
    if (movedTo === 'none') return { ok: false, reason: t('answerPage.needDate') };
    if (!movedTo) return { ok: false, reason: t('answerPage.badDate') };
    if (movedTo <= now) return { ok: false, reason: t('answerPage.pastDate') };
    if (movedTo >= new Date(question.page.moveBefore!))
      return {
        ok: false,
        reason: t(question.page.nextMeetingAt ? 'answerPage.beforeNextMeeting' : 'answerPage.lateDate', {
          when: formatDay(question.page.moveBefore!, zone, locale),
        }),
      };
    return { ok: true, outcome, details: { movedTo: movedTo.toISOString(), ...withNote } };
  },

  // The first answer, from anyone asked, is the answer for all.
  settle: (question) => firstAnswer(question)?.outcome,

  thanks: (t, answer, question, locale, zone = question.timeZone) =>
    answer.outcome === 'moved'
      ? [t('answerPage.thanksMoved', { when: inEveryZone(t, String(answer.details.movedTo), zone, zonesOf(question), locale) })]
      : [t('answerPage.thanks'), t('answerPage.thanksNext')],
};
