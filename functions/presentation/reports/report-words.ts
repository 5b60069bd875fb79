import type { Span } from '#domain/program/config';
import type { Hint } from '#domain/report/hints';
import type { RhythmRow } from '#domain/report/meetings';
import type { ReportedKind } from '#domain/report/questions';
import { reasonInWords } from './status-table.ts';

/**
 * The program report's figures in the words a coordinator reads: rhythms, shares, amounts and
 * the calibration hints, each hint with the figure that triggered it. English, as the CLI speaks.
 */

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** `{ weeks: 2 }` as "every 2 weeks", `{ weeks: 1 }` as "weekly", `{ months: 1 }` as "monthly". */
export const rhythmWords = ({ days = 0, weeks = 0, months = 0 }: Span): string => {
  const parts = [months && plural(months, 'month'), weeks && plural(weeks, 'week'), days && plural(days, 'day')].filter(Boolean) as string[];
  if (parts.length === 1 && months === 1) return 'monthly';
  if (parts.length === 1 && weeks === 1) return 'weekly';
  if (parts.length === 1 && days === 1) return 'daily';
  return `every ${parts.join(' ')}`;
};

/** Meetings of a rhythm: "weekly meetings", "meetings every 2 weeks". */
const meetingsWords = (every: Span): string => {
  const words = rhythmWords(every);
  return words.startsWith('every') ? `meetings ${words}` : `${words} meetings`;
};

/** `{ weeks: 8 }` as "week 8", `{ months: 4 }` as "month 4": a point of the relationship's year. */
export const pointWords = ({ days = 0, weeks = 0, months = 0 }: Span): string =>
  [months && `month ${months}`, weeks && `week ${weeks}`, days && `day ${days}`].filter(Boolean).join(' ') || 'the start';

/** A cadence step: "weekly until week 8", "every 2 weeks from week 8 until month 4", "as agreed: monthly from week 8 until month 12", "extensions: monthly". */
export const stepWords = (row: Pick<RhythmRow, 'key' | 'every' | 'until' | 'after' | 'agreed'>): string =>
  row.key === 'extension'
    ? `extensions: ${rhythmWords(row.every)}`
    : `${row.agreed ? 'as agreed: ' : ''}${rhythmWords(row.every)}${row.after ? ` from ${pointWords(row.after)}` : ''}${row.until ? ` until ${pointWords(row.until)}` : ''}`;

/** 0.2812 as "28 %". */
export const percent = (share: number | undefined): string => (share === undefined ? '' : `${Math.round(share * 100)} %`);

/** A number as people read it: thousands separated, at most `digits` decimals. */
export const amount = (n: number | undefined, digits = 1): string =>
  n === undefined ? '' : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** Dollars: cents for what is worth a cent, four decimals for less, so a small figure is not shown as nothing. */
export const usd = (n: number): string => `$${n >= 0.01 || n === 0 ? n.toFixed(2) : n.toFixed(4)}`;

export const bytes = (n: number): string =>
  n >= 1024 ** 3 ? `${amount(n / 1024 ** 3, 2)} GB` : n >= 1024 ** 2 ? `${amount(n / 1024 ** 2, 1)} MB` : `${amount(n / 1024, 1)} KB`;

/** Hours as days once they pass two days. */
export const duration = (hours: number | undefined): string =>
  hours === undefined ? '' : hours >= 48 ? `${amount(hours / 24, 1)} days` : `${amount(hours, 1)} hours`;

const KIND_WORDS: Record<ReportedKind, string> = {
  match: 'match answers',
  'check-in': 'check-ins',
  review: 'goal reviews',
  'look-back': 'look backs',
  'follow-up': 'follow-ups',
};
export const kindWords = (kind: ReportedKind): string => KIND_WORDS[kind];

export { reasonInWords };

/** A hint as a sentence: what the figures say, the figure, and what to consider. */
export const hintText = (hint: Hint): string => {
  switch (hint.rule) {
    case 'rhythm-not-held':
      return `${percent(hint.share)} of the ${meetingsWords(hint.every)}${hint.after ? ` (from ${pointWords(hint.after)})` : ''} were not held or went unanswered (${hint.missed} of ${hint.planned})${
        hint.suggest
          ? `: consider meeting ${rhythmWords(hint.suggest)} ${hint.after ? `after ${pointWords(hint.after)}` : 'from the start'}`
          : ': ask the pairs what gets in the way'
      } (meetings.cadence).`;
    case 'low-response':
      return `Only ${percent(hint.share)} of ${kindWords(hint.kind)} were answered (${hint.answered} of ${hint.asked}): consider a longer answer window (answers.windowDays is ${plural(hint.windowDays, 'day')}) or a word from the coordinator.`;
    case 'slow-check-ins':
      return `The slowest tenth of check-in answers took ${duration(hint.p90Hours)} or more (90th percentile of ${hint.count}), close to the ${plural(hint.windowDays, 'day')} answer window: consider a longer window (answers.windowDays).`;
    case 'moved-meetings':
      return `${percent(hint.share)} of meetings were moved to another date (${hint.moved} of ${hint.planned}): consider another meeting day or time (meetings.time, meetings.workingDays).`;
    case 'low-ratings':
      return `Meetings were rated ${amount(hint.mean, 1)} of 5 on average (${hint.count} ratings): consider a refresher for mentors (education and training).`;
    case 'low-satisfaction':
      return `Satisfaction at the look back was ${amount(hint.mean, 1)} of 5 on average (${hint.count} answers): ask mentors and mentees what would have helped.`;
    case 'many-alerts':
      return `${amount(hint.perRelationship, 1)} coordinator alerts per relationship (${hint.sent} alerts): check the safety net's thresholds (safetyNet: missedInARow ${hint.thresholds.missedInARow}, lowRating ${hint.thresholds.lowRating}, silentDays ${hint.thresholds.silentDays}).`;
    case 'bounces':
      return `${percent(hint.share)} of participants' addresses stopped taking mail (${hint.undeliverable} of ${hint.participants}): check addresses before enrolling; SES reviews an account from a 5 % bounce rate.`;
    case 'ended-early':
      return `${percent(hint.share)} of the relationships that got under way ended early (${hint.endedEarly} of ${hint.relationships}): look again at how pairs are matched, competencies first.`;
  }
};
