import type { TFunction } from 'i18next';
import { escapeHtml } from '#presentation/letters/letters';
import { NOTE_MAX_LENGTH } from '#domain/check-in-details';

/** Pieces of the answer pages' forms, so every question looks and behaves alike. */

/** A hint under a group's legend, read out with the group: `aria-describedby` points at it. */
const hinted = (name: string, hint: string) =>
  hint
    ? { attribute: ` aria-describedby="${escapeHtml(name)}-hint"`, html: `<span class="hint" id="${escapeHtml(name)}-hint">${escapeHtml(hint)}</span>` }
    : { attribute: '', html: '' };

/** A row of small choices (how they met, a level on a scale) in a fieldset whose legend asks it. */
export const radioRow = (name: string, legend: string, options: { value: string; label: string }[], chosen: string | null, hint = '', cssClass = name) => {
  const { attribute, html } = hinted(name, hint);
  return `<fieldset class="${cssClass}"${attribute}><legend>${escapeHtml(legend)}</legend>${html}<div class="row">${options
    .map(
      ({ value, label }) =>
        `<label><input type="radio" name="${name}" value="${escapeHtml(value)}"${chosen === value ? ' checked' : ''}> ${escapeHtml(label)}</label>`,
    )
    .join('')}</div></fieldset>`;
};

export const checkboxRow = (name: string, legend: string, options: { value: string; label: string }[], chosen: string[]) =>
  `<fieldset class="${name}"><legend>${escapeHtml(legend)}</legend><div class="row">${options
    .map(
      ({ value, label }) =>
        `<label><input type="checkbox" name="${name}" value="${escapeHtml(value)}"${chosen.includes(value) ? ' checked' : ''}> ${escapeHtml(label)}</label>`,
    )
    .join('')}</div></fieldset>`;

/** A big choice, one per line: the answer the question is about. */
export const option = (name: string, value: string, label: string, chosen: string | null) =>
  `<label class="option"><input type="radio" name="${name}" value="${escapeHtml(value)}"${chosen === value ? ' checked' : ''} required> ${escapeHtml(label)}</label>`;

/** The big choices of a question, grouped under the question they answer. */
export const answerChoices = (legend: string, choices: string[]) =>
  `<fieldset class="answer"><legend>${escapeHtml(legend)}</legend>\n${choices.join('\n')}\n</fieldset>`;

/** The value a field starts from: what was chosen (the e-mail's button, or the form sent back), else the default. */
export const chosenOr = (draft: URLSearchParams, name: string, fallback: string | undefined): string | null =>
  draft.has(name) ? draft.get(name) : (fallback ?? null);

export const select = (name: string, label: string, options: { value: string; label: string }[], chosen: string | null, empty?: string) =>
  `<label class="field">${escapeHtml(label)} <select name="${name}">${empty !== undefined ? `<option value="">${escapeHtml(empty)}</option>` : ''}${options
    .map(({ value, label: text }) => `<option value="${escapeHtml(value)}"${chosen === value ? ' selected' : ''}>${escapeHtml(text)}</option>`)
    .join('')}</select></label>`;

export const textInput = (name: string, label: string, value: string | null, maxLength: number) =>
  `<label class="field">${escapeHtml(label)} <input type="text" name="${name}" maxlength="${maxLength}" value="${escapeHtml(value ?? '')}"></label>`;

export const noteField = (label: string, draft: URLSearchParams, name = 'note') =>
  `<label class="note-label" for="${name}">${escapeHtml(label)}</label><textarea id="${name}" name="${name}" rows="3" maxlength="${NOTE_MAX_LENGTH}">${escapeHtml(draft.get(name) ?? '')}</textarea>`;

/**
 * Characters nobody means to type: control characters (tabs and line breaks aside) and the
 * invisible marks that reorder text on screen. Left in, they would reach the coordinator's
 * e-mail and hide or disguise what was written.
 */
const UNSEEN = /(?![\t\n])[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A free-text answer as it is kept: line breaks as one `\n` (browsers send CRLF, which counts
 * once), without unseen characters, trimmed; on one line for a field of one line. Text that
 * starts like a spreadsheet formula (`=`, `+`, `-`, `@`) is kept as typed: nothing writes
 * answers to CSV, and an export that does must quote such a cell.
 */
export const textOf = (form: URLSearchParams, name = 'note', { oneLine = false } = {}): string => {
  const text = (form.get(name) ?? '').replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(UNSEEN, '');
  return (oneLine ? text.replace(/\s+/g, ' ') : text).trim();
};

/** The optional private note, checked for length; its error in the reader's language. */
export const noteOf = (form: URLSearchParams, t: TFunction, locale: string): { note: string } | { error: string } => {
  const note = textOf(form);
  return note.length > NOTE_MAX_LENGTH ? { error: t('answerPage.noteTooLong', { max: NOTE_MAX_LENGTH.toLocaleString(locale) }) } : { note };
};

/** A note in an answer's details, only when one was written. */
export const withNote = (note: string): Record<string, string> => (note ? { note } : {});

/** A whole number from a form field, within bounds. */
export const levelOf = (form: URLSearchParams, name: string, min: number, max: number): number | undefined => {
  const raw = form.get(name) ?? '';
  const value = Number(raw);
  return /^\d{1,2}$/.test(raw) && value >= min && value <= max ? value : undefined;
};

export const scaleOptions = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }));
