import { DateTime } from 'luxon';
import type { Program, Span } from './config.ts';
import { WEEKDAYS } from './settings.ts';
import type { PairRhythm } from '../pair-cadence.ts';

/**
 * The meeting rhythm of one relationship, in the pair's own time zone so that "10:00 every
 * week" stays 10:00 across daylight-saving changes. Meetings fall on numbered slots counted
 * from the start, each moved to one of the pair's working days, so a meeting moved to another
 * date moves only itself; a pause moves the whole calendar on by its length in days.
 */
export interface RelationshipCalendar {
  program: Program;
  /** The relationship's first day, YYYY-MM-DD, in `timeZone`. */
  startDate: string;
  timeZone: string;
  /** Days the schedule moved for pauses. */
  shiftDays?: number;
  /** Extensions the coordinator approved, each `program.extension.months` long. */
  extensions?: number;
  /** The rhythm the pair agreed, from the meeting it applies to; without it, the program's cadence throughout. */
  rhythm?: PairRhythm;
}

export const toDuration = (s: Span) => ({ days: s.days ?? 0, weeks: s.weeks ?? 0, months: s.months ?? 0 });

/** The start as the schedule counts it: the start date, moved on by any pauses. */
const startOf = ({ startDate, timeZone, shiftDays = 0 }: RelationshipCalendar): DateTime =>
  DateTime.fromISO(startDate, { zone: timeZone }).startOf('day').plus({ days: shiftDays });

const atMeetingTime = (day: DateTime, program: Program): DateTime => {
  const [hour, minute] = program.meetings.time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
};

export const relationshipStart = (calendar: RelationshipCalendar): Date => startOf(calendar).toJSDate();

/** A month of the relationship, counted from its (shifted) start: reviews and phase windows fall on these. */
export const monthOf = (calendar: RelationshipCalendar, months: number): Date => startOf(calendar).plus({ months }).toJSDate();

/** The relationship's anniversary (plus approved extensions, or `extraMonths`): closure is due then. */
export const relationshipEnd = (calendar: RelationshipCalendar, extraMonths = 0): Date =>
  startOf(calendar)
    .plus({ months: calendar.program.relationship.lengthMonths + (calendar.extensions ?? 0) * calendar.program.extension.months + extraMonths })
    .toJSDate();

/** When the program's first cadence step, the close start, ends: a pair's agreed rhythm spaces the meetings after it. */
export const closeStartEnd = (calendar: RelationshipCalendar): Date =>
  startOf(calendar).plus(toDuration(calendar.program.meetings.cadence[0]!.until)).toJSDate();

/** The planned first year's end, without extensions: meetings after it follow the extension's rhythm. */
const plannedEnd = (calendar: RelationshipCalendar): DateTime => startOf(calendar).plus({ months: calendar.program.relationship.lengthMonths });

/** The cadence steps' ends worked out once, for the many slots of a relationship. */
const rhythmOf = (calendar: RelationshipCalendar) => {
  const start = startOf(calendar);
  const firstYearEnd = plannedEnd(calendar);
  const ends = (cadence: Program['meetings']['cadence']) => cadence.map((step) => ({ every: step.every, until: start.plus(toDuration(step.until)) }));
  const programs = ends(calendar.program.meetings.cadence);
  const pairs = calendar.rhythm ? ends(calendar.rhythm.cadence) : programs;
  const fromMeetingNo = calendar.rhythm?.fromMeetingNo ?? 1;
  return {
    start,
    /** The interval after the slot at `at` with `placed` meetings so far: the next meeting follows the pair's rhythm once it applies to it. */
    intervalAt: (at: DateTime, placed: number): Span => {
      if (at >= firstYearEnd) return calendar.program.extension.every;
      const cadence = placed + 1 >= fromMeetingNo ? pairs : programs;
      return (cadence.find((step) => at < step.until) ?? cadence[cadence.length - 1]!).every;
    },
  };
};

/**
 * The step of the program's cadence a meeting planned at `instant` belongs to: its place in
 * `meetings.cadence` (or `extension` past the first year) and how often it meets. The program
 * report measures each step against its plan, so a calibration names the step to change.
 */
export const cadenceStepAt = (calendar: RelationshipCalendar, instant: Date): { step: number | 'extension'; every: Span } => {
  const at = DateTime.fromJSDate(instant, { zone: calendar.timeZone });
  if (at >= plannedEnd(calendar)) return { step: 'extension', every: calendar.program.extension.every };
  const start = startOf(calendar);
  const { cadence } = calendar.program.meetings;
  const step = cadence.findIndex((s) => at < start.plus(toDuration(s.until)));
  const index = step === -1 ? cadence.length - 1 : step;
  return { step: index, every: cadence[index]!.every };
};

/**
 * The interval of the pair's agreed rhythm a meeting planned at `instant` follows, if it does:
 * one the rhythm applies to (`fromMeetingNo` on), after the close start and within the first
 * year. The program report counts these apart from the program's steps, which did not set them.
 */
export const agreedRhythmAt = (calendar: RelationshipCalendar, meetingNo: number, instant: Date): Span | undefined => {
  const { rhythm } = calendar;
  if (!rhythm || meetingNo < rhythm.fromMeetingNo) return undefined;
  const during = instant >= closeStartEnd(calendar) && instant < plannedEnd(calendar).toJSDate();
  return during ? rhythm.cadence.at(-1)!.every : undefined;
};

const worksOn = (day: DateTime, program: Program): boolean => program.meetings.workingDays.includes(WEEKDAYS[day.weekday - 1]!);

/** Whether `instant` falls on one of the pair's working days, in their time zone: a moved meeting may not. */
export const isWorkingDay = (instant: Date, calendar: RelationshipCalendar): boolean =>
  worksOn(DateTime.fromJSDate(instant, { zone: calendar.timeZone }), calendar.program);

/** The working day nearest `slot` in one direction, at the same time of day. */
const nearestWorkingDay = (slot: DateTime, program: Program, direction: 1 | -1): DateTime | undefined => {
  for (let days = 0; days < 7; days++) {
    const day = slot.plus({ days: direction * days });
    if (worksOn(day, program)) return day;
  }
  return undefined;
};

/**
 * A slot moved to the next working day, or, when that is past the end, to the working day
 * before. Undefined when the day found is not after the previous meeting's day (two meetings on
 * one day, as when daily slots meet a weekend) or not within the relationship.
 */
const onWorkingDay = (slot: DateTime, program: Program, bounds: { start: DateTime; end: DateTime; previous?: DateTime }): DateTime | undefined => {
  const { start, end, previous } = bounds;
  const within = (day: DateTime | undefined): day is DateTime =>
    !!day && day >= start && day < end && !(previous && day.startOf('day') <= previous.startOf('day'));
  const later = nearestWorkingDay(slot, program, 1);
  if (!later || later < end) return within(later) ? later : undefined;
  const earlier = nearestWorkingDay(slot, program, -1);
  return within(earlier) ? earlier : undefined;
};

const unmovedFirstSlot = (calendar: RelationshipCalendar): DateTime =>
  atMeetingTime(startOf(calendar).plus({ days: calendar.program.relationship.firstMeetingAfterDays }), calendar.program);

const sameSpan = (a: Span, b: Span): boolean => a.days === b.days && a.weeks === b.weeks && a.months === b.months;

/**
 * Every meeting of the relationship (extensions counted), in order. The rhythm is counted on
 * the unmoved slots: each is an interval after the one before, and a run of one interval counts
 * from its first slot, so monthly meetings keep their day of the month after a short month.
 * Only then is each slot moved to a working day, so one moved off a weekend pulls no other along.
 */
const slotsOf = (calendar: RelationshipCalendar): DateTime[] => {
  const { start, intervalAt } = rhythmOf(calendar);
  const end = DateTime.fromJSDate(relationshipEnd(calendar), { zone: calendar.timeZone });
  const meetings: DateTime[] = [];
  let run: { from: DateTime; every?: Span; steps: number } = { from: unmovedFirstSlot(calendar), steps: 0 };
  for (let slot = run.from; slot < end;) {
    const meeting = onWorkingDay(slot, calendar.program, { start, end, previous: meetings.at(-1) });
    if (meeting) meetings.push(meeting);
    const every = intervalAt(slot, meetings.length);
    if (!run.every || !sameSpan(every, run.every)) run = { from: slot, every, steps: 0 };
    run.steps += 1;
    const { days, weeks, months } = toDuration(every);
    slot = run.from.plus({ days: days * run.steps, weeks: weeks * run.steps, months: months * run.steps });
  }
  return meetings;
};

/** Calendars seen lately, by everything their slots depend on; bounded, as a container or a long local run sees many. */
const slotsSeen = new Map<string, readonly DateTime[]>();
const SLOTS_KEPT = 1_000;

/** The slots of a calendar, worked out once: a relationship's steps ask for them again and again (a year's run: 271 asks, 7 calendars). */
const meetingSlots = (calendar: RelationshipCalendar): readonly DateTime[] => {
  const { program, startDate, timeZone, shiftDays = 0, extensions = 0, rhythm } = calendar;
  const key = JSON.stringify([startDate, timeZone, shiftDays, extensions, rhythm, program.meetings, program.relationship, program.extension]);
  let slots = slotsSeen.get(key);
  if (!slots) {
    if (slotsSeen.size >= SLOTS_KEPT) slotsSeen.clear();
    slots = slotsOf(calendar);
    slotsSeen.set(key, slots);
  }
  return slots;
};

/** Every meeting of an undisturbed relationship, for previews, dry runs and tests. */
export const plannedMeetings = (calendar: RelationshipCalendar): Date[] => meetingSlots(calendar).map((m) => m.toJSDate());

/** When meeting `meetingNo` (from 1) is planned, whatever dates earlier meetings moved to; undefined past the relationship's end. */
export const meetingSlot = (calendar: RelationshipCalendar, meetingNo: number): Date | undefined =>
  Number.isInteger(meetingNo) && meetingNo >= 1 ? meetingSlots(calendar)[meetingNo - 1]?.toJSDate() : undefined;

/**
 * The first meeting: slot 1, `firstMeetingAfterDays` after the start, on a working day. A
 * relationship too short for any meeting still gets the date the first would have had.
 */
export const firstMeeting = (calendar: RelationshipCalendar): Date =>
  meetingSlot(calendar, 1) ?? nearestWorkingDay(unmovedFirstSlot(calendar), calendar.program, 1)!.toJSDate();

/** When a review is asked: on its month's day, once a meeting of that day would be over. */
export const reviewDue = (calendar: RelationshipCalendar, month: number): Date => {
  const { meetings } = calendar.program;
  return DateTime.fromJSDate(atMeetingTime(startOf(calendar).plus({ months: month }), calendar.program).toJSDate())
    .plus({ minutes: meetings.durationMinutes, hours: meetings.checkInHoursAfter })
    .toJSDate();
};

export const addHours = (instant: Date, hours: number): Date => new Date(instant.getTime() + hours * 3_600_000);
export const addDays = (instant: Date, days: number): Date => addHours(instant, days * 24);
export const addMonths = (instant: Date, months: number, timeZone: string): Date =>
  DateTime.fromJSDate(instant, { zone: timeZone }).plus({ months }).toJSDate();
export const DAY_SECONDS = 86_400;

/** A wait or timeout as Step Functions takes it: whole seconds, at least one. */
export const wholeSeconds = (seconds: number): number => Math.max(1, Math.round(seconds));

/** The seconds each wait of a question lasts: before its reminder, after it, and after telling the coordinator. */
export const answerWindowSeconds = ({ windowDays, reminderWindowDays, escalationWindowDays }: Program['answers']) => ({
  answer: wholeSeconds(windowDays * DAY_SECONDS),
  reminder: wholeSeconds(reminderWindowDays * DAY_SECONDS),
  escalation: wholeSeconds(escalationWindowDays * DAY_SECONDS),
});
