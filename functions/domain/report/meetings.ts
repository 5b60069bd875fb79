import type { Program, Span } from '../program/config.ts';
import { agreedRhythmAt, cadenceStepAt, meetingSlot, monthOf, type RelationshipCalendar } from '../program/schedule.ts';
import { checkInTime } from '../lifecycle/next-step.ts';
import { MONTHS_PER_MEETINGS_PHASE } from '../lifecycle/phases.ts';
import { MEETING_MODES, RATINGS, type MeetingMode } from '../check-in-details.ts';
import { mean, monthIn, percentile, tally, within, type Period, type RelationshipFacts } from './facts.ts';

/**
 * Meetings against the plan: how many of the meetings that fell due were held, by phase, by
 * step of the program's cadence and by month; how quickly check-ins were answered; how the
 * held ones went (ratings, ways of meeting). Pure, over what the relationships record.
 */

/** Meetings that fell due in the period and how they went. `planned` counts each once: held, not held or unanswered. */
export interface Adherence {
  planned: number;
  held: number;
  notHeld: number;
  unanswered: number;
  /** Meetings the pair moved to another date (a check-in's "we moved it"), at least once. */
  moved: number;
  heldShare?: number;
}

export interface AdherenceRow extends Adherence {
  key: string;
}

/** A step of the cadence: its place, how often, until when, and where it starts (the step before's end). */
export interface RhythmRow extends AdherenceRow {
  every: Span;
  until?: Span;
  after?: Span;
  /** Meetings the pairs' working agreements spaced, at this interval, in place of the program's later steps. */
  agreed?: true;
}

export interface CheckInFigures {
  asked: number;
  answered: number;
  answeredShare?: number;
  /** Hours from the check-in's e-mail to the pair's first answer. */
  hoursToAnswer: { count: number; median?: number; p90?: number };
}

export interface MeetingFigures {
  total: Adherence;
  byPhase: AdherenceRow[];
  byRhythm: RhythmRow[];
  byMonth: AdherenceRow[];
  checkIns: CheckInFigures;
  /** Ratings given to held meetings, 1 to 5: how many of each, and their mean. */
  ratings: { count: number; mean?: number; byRating: Record<number, number> };
  /** How held meetings took place. */
  modes: Record<MeetingMode, number>;
}

const DUE = ['held', 'not-held', 'unanswered'] as const;

/** The meetings phase a meeting planned at `slot` belongs to: `meetings-2` in months 6 to 12, `extension-1` after the year. */
export const phaseAt = (calendar: RelationshipCalendar, slot: Date): string => {
  const { lengthMonths } = calendar.program.relationship;
  if (slot >= monthOf(calendar, lengthMonths)) {
    const { months } = calendar.program.extension;
    let n = 1;
    while (slot >= monthOf(calendar, lengthMonths + n * months)) n += 1;
    return `extension-${n}`;
  }
  let n = 1;
  while (slot >= monthOf(calendar, Math.min(n * MONTHS_PER_MEETINGS_PHASE, lengthMonths))) n += 1;
  return `meetings-${n}`;
};

/**
 * Where a meeting sits in the plan: its planned slot's phase and cadence step (not the date it
 * moved to), or the pair's agreed interval when their rhythm spaced it.
 */
const placeOf = (calendar: RelationshipCalendar, meeting: { meetingNo: number; startsAt: string }) => {
  const slot = meetingSlot(calendar, meeting.meetingNo) ?? new Date(meeting.startsAt);
  const agreed = agreedRhythmAt(calendar, meeting.meetingNo, slot);
  return { phase: phaseAt(calendar, slot), step: agreed ? `agreed ${JSON.stringify(agreed)}` : cadenceStepAt(calendar, slot).step };
};

const empty = (): Adherence => ({ planned: 0, held: 0, notHeld: 0, unanswered: 0, moved: 0 });

const add = (to: Adherence, status: (typeof DUE)[number], moved: boolean) => {
  to.planned += 1;
  if (status === 'held') to.held += 1;
  else if (status === 'not-held') to.notHeld += 1;
  else to.unanswered += 1;
  if (moved) to.moved += 1;
};

const withShare = <T extends Adherence>(row: T): T => ({ ...row, ...(row.planned ? { heldShare: row.held / row.planned } : {}) });

/** The date an occurrence of a meeting was set for: each move left one date behind (`from`), the last is where it stands. */
export const occurrenceDate = (meeting: { startsAt: string; moves: readonly { from: string }[] }, occurrence: number): string =>
  meeting.moves[occurrence - 1]?.from ?? meeting.startsAt;

/** The pair's answer to a check-in: the settled outcome, else the first given. */
const checkInOutcome = (saved: RelationshipFacts['saved'][number]) =>
  saved.outcome ??
  Object.values(saved.answers)
    .sort((a, b) => a.answeredAt.localeCompare(b.answeredAt))
    .at(0)?.outcome;

export const meetingFigures = (relationships: readonly RelationshipFacts[], period: Period, program: Program): MeetingFigures => {
  const steps = program.meetings.cadence;
  const total = empty();
  const byPhase = new Map<string, Adherence>();
  const byRhythm = new Map<number | 'extension' | `agreed ${string}`, Adherence>();
  const byMonth = new Map<string, Adherence>();
  const hours: number[] = [];
  let asked = 0;
  let answered = 0;
  const byRating: Record<number, number> = Object.fromEntries(RATINGS.map((r) => [r, 0]));
  const modes = Object.fromEntries(MEETING_MODES.map((m) => [m, 0])) as Record<MeetingMode, number>;
  const ratings: number[] = [];

  for (const { calendar, meetings, saved } of relationships) {
    const checkIns = saved.filter((s) => s.kind === 'check-in' && s.subject.meetingNo !== undefined);
    const movedByPair = new Set(checkIns.filter((s) => checkInOutcome(s) === 'moved').map((s) => s.subject.meetingNo));
    for (const meeting of meetings) {
      if (!within(meeting.startsAt, period) || !DUE.includes(meeting.status as (typeof DUE)[number])) continue;
      const status = meeting.status as (typeof DUE)[number];
      const moved = movedByPair.has(meeting.meetingNo);
      const { phase, step } = placeOf(calendar, meeting);
      const month = monthIn(meeting.startsAt, program.timeZone);
      for (const into of [total, at(byPhase, phase), at(byRhythm, step), at(byMonth, month)]) add(into, status, moved);
      if (status === 'unanswered') asked += 1;
      if (status === 'held' && meeting.rating !== undefined) {
        ratings.push(meeting.rating);
        tally(byRating, meeting.rating);
      }
      if (status === 'held' && meeting.mode) tally(modes, meeting.mode);
    }
    for (const checkIn of checkIns) {
      const meeting = meetings.find((m) => m.meetingNo === checkIn.subject.meetingNo);
      if (!meeting || !Object.keys(checkIn.answers).length) continue;
      const date = occurrenceDate(meeting, checkIn.subject.occurrence ?? 1);
      if (!within(date, period)) continue;
      asked += 1;
      answered += 1;
      const first = Object.values(checkIn.answers).reduce((a, b) => (b.answeredAt < a ? b.answeredAt : a), '\uffff');
      hours.push(Math.max(0, (Date.parse(first) - checkInTime(calendar.program, new Date(date)).getTime()) / 3_600_000));
    }
  }
  const rows = <K>(map: Map<K, Adherence>, order: (a: K, b: K) => number) =>
    [...map.entries()].sort(([a], [b]) => order(a, b)).map(([key, row]) => withShare({ key: String(key), ...row }));
  return {
    total: withShare(total),
    byPhase: rows(byPhase, (a, b) => phaseRank(a) - phaseRank(b) || a.localeCompare(b)),
    // The program's steps, then the pairs' agreed rhythms (most frequent first), then extensions.
    byRhythm: rows(byRhythm, (a, b) => rhythmRank(a) - rhythmRank(b)).map((row, _, all): RhythmRow => {
      if (row.key === 'extension') return { ...row, every: program.extension.every };
      if (row.key.startsWith('agreed ')) {
        const every = JSON.parse(row.key.slice('agreed '.length)) as Span;
        const place = all.filter((r) => r.key.startsWith('agreed ')).indexOf(row) + 1;
        return { ...row, key: `agreed-${place}`, every, after: steps[0]!.until, until: steps.at(-1)!.until, agreed: true };
      }
      const i = Number(row.key);
      return { ...row, key: `step-${i + 1}`, every: steps[i]!.every, until: steps[i]!.until, ...(i > 0 ? { after: steps[i - 1]!.until } : {}) };
    }),
    byMonth: rows(byMonth, (a, b) => a.localeCompare(b)),
    checkIns: {
      asked,
      answered,
      ...(asked ? { answeredShare: answered / asked } : {}),
      hoursToAnswer: { count: hours.length, median: percentile(hours, 50), p90: percentile(hours, 90) },
    },
    ratings: { count: ratings.length, mean: mean(ratings), byRating },
    modes,
  };
};

const at = <K>(map: Map<K, Adherence>, key: K): Adherence => {
  if (!map.has(key)) map.set(key, empty());
  return map.get(key)!;
};

/** Roughly how many days a span lasts, to order rhythms from the most frequent. */
const daysOf = ({ days = 0, weeks = 0, months = 0 }: Span): number => days + weeks * 7 + months * 30;

/** The program's steps in their order, then the agreed rhythms by how often they meet, then extensions. */
const rhythmRank = (key: number | 'extension' | `agreed ${string}`): number => {
  if (key === 'extension') return 1e9;
  if (typeof key === 'string') return 1e6 + daysOf(JSON.parse(key.slice('agreed '.length)) as Span);
  return key;
};

/** meetings-1, meetings-2 … before extension-1 …. */
const phaseRank = (phase: string): number => (phase.startsWith('extension-') ? 1000 : 0) + Number(/-(\d+)$/.exec(phase)?.[1] ?? 0);
