import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { formatDay, formatWhen } from '#adapters/messages/index';
import { escapeHtml } from '#adapters/mail/letters';
import { MEETING_OUTCOMES, type MeetingOutcome } from '#domain/model';
import { isMeetingMode, isRating, MEETING_MODES, RATINGS } from '#domain/check-in-details';
import { noteField, noteOf, option, radioRow } from '#adapters/pages/form';
import { type Parsed, type QuestionPage, firstAnswer } from '#use-cases/answering/kind';

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

/** The check-in as the answer page shows it: apart from its letter and record, so the page carries no mail code. */
export const checkInPage: QuestionPage = {
  name: 'check-in',

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
  settle: (question) => firstAnswer(question)?.outcome,

  thanks: (t, answer, question, locale) =>
    answer.outcome === 'moved'
      ? t('answerPage.thanksMoved', { when: formatWhen(String(answer.details.movedTo), question.timeZone, locale) })
      : t('answerPage.thanks'),
};
