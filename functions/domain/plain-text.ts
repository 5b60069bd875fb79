/**
 * Text a person typed into a file the program reads: names, addresses, a program's texts. What
 * is stored is shown again in e-mails and pages and may be opened in a spreadsheet one day, so
 * text that would read or run differently from how it is stored is refused where it comes in.
 * Messages show such text only in part and escaped, never 100 KB or a raw control byte.
 */

/* eslint-disable no-control-regex -- control characters are what these find */
/** C0 and C1 control characters (NUL, tab and line ends among them) and DEL. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const CONTROL_BUT_LINE_BREAKS_AND_TABS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** Embeddings, overrides and isolates: text displays in another order than it is stored. */
const DIRECTION_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
/* eslint-enable no-control-regex */
const UNPRINTABLE = new RegExp(UNSAFE.source, 'gu');
/** What a spreadsheet runs as a formula when a cell starts with it, also after leading spaces (OWASP, CSV injection). */
const FORMULA_START = /^[^\S\t\r]*([=+\-@\t\r])/u;

const ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** 102400 as "102,400". */
export const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A number with its noun in the form it takes: "1 language", "6 languages", "10,000 pairs", "0.5 days". */
export const counted = (n: number, one: string, many = `${one}s`): string => `${Number.isInteger(n) ? count(n) : String(n)} ${n === 1 ? one : many}`;

/** Control and direction characters written out (`\u0000`, `\t`), so a message never carries them raw. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

/** The start of a value, for a message: at most `max` characters, then "…", escaped. */
export const preview = (text: string, max = 20): string => {
  const start = text.length > max ? text.slice(0, max).replace(/[\uD800-\uDBFF]$/u, '') : text;
  return printable(start) + (start.length < text.length ? '…' : '');
};

/** Length in characters as a person counts them (an emoji is one). */
const lengthOf = (text: string): number => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) n++;
  }
  return n;
};

/** Why text is longer than `max` characters, or undefined. */
export const lengthProblem = (text: string, max: number): string | undefined => {
  if (text.length <= max) return undefined;
  const length = lengthOf(text);
  return length > max ? `is ${count(length)} characters long; at most ${count(max)}` : undefined;
};

/** Why text holds a character no name or text may: a control character, or an override of the text's direction. */
export const characterProblem = (text: string, { lineBreaks = false } = {}): string | undefined => {
  if (!UNSAFE.test(text)) return undefined;
  const control = (lineBreaks ? CONTROL_BUT_LINE_BREAKS_AND_TABS : CONTROL).exec(text);
  const direction = DIRECTION_OVERRIDE.exec(text);
  const first = control && (!direction || control.index < direction.index) ? control : undefined;
  if (first) return `contains a control character (${codePoint(first[0])}) at character ${first.index + 1}; remove it`;
  if (direction)
    return `contains a text-direction override (${codePoint(direction[0])}) at character ${direction.index + 1}, which makes it read otherwise than it is stored; remove it`;
  return undefined;
};

const STARTS: Record<string, string> = { '\t': 'a tab', '\r': 'a carriage return' };

/** Why a spreadsheet would run this cell as a formula, or undefined. */
export const formulaProblem = (text: string): string | undefined => {
  const start = FORMULA_START.exec(text)?.[1];
  return start && `"${preview(text)}" starts with ${STARTS[start] ?? `"${start}"`}, which a spreadsheet would run as a formula; remove it`;
};

/** A name as a person types it: not too long, no control or direction characters, nothing a spreadsheet would run. */
export const nameProblem = (text: string, max: number): string | undefined => lengthProblem(text, max) ?? formulaProblem(text) ?? characterProblem(text);
