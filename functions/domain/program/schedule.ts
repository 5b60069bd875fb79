import { DateTime } from 'luxon';
import type { Program, Span } from './config.ts';

/**
 * The meeting rhythm of one relationship, in the pair's own time zone so that "10:00 every
 * week" stays 10:00 across daylight-saving changes. Meetings are planned one at a time from
 * the previous one, so a moved meeting re-plans the rest of the schedule; a pause moves the
 * whole calendar on by its length in days.
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

/** The planned first year's end, without extensions: meetings after it follow the extension's rhythm. */
const plannedEnd = (calendar: RelationshipCalendar): DateTime => startOf(calendar).plus({ months: calendar.program.relationship.lengthMonths });

export const firstMeeting = (calendar: RelationshipCalendar): Date =>
  atMeetingTime(startOf(calendar).plus({ days: calendar.program.relationship.firstMeetingAfterDays }), calendar.program).toJSDate();

/** The interval that applies after a meeting on `previous`: the first cadence step whose `until` is still ahead. */
export const intervalAfter = (calendar: RelationshipCalendar, previous: Date): Span => {
  const start = startOf(calendar);
  const at = DateTime.fromJSDate(previous, { zone: calendar.timeZone });
  if (at >= plannedEnd(calendar)) return calendar.program.extension.every;
  const cadence = calendar.program.meetings.cadence;
  const step = cadence.find((s) => at < start.plus(toDuration(s.until))) ?? cadence[cadence.length - 1]!;
  return step.every;
};

/** The next meeting after one held (or planned) on `previous`, or undefined when the relationship has ended by then. */
export const meetingAfter = (calendar: RelationshipCalendar, previous: Date): Date | undefined => {
  const next = DateTime.fromJSDate(previous, { zone: calendar.timeZone }).plus(toDuration(intervalAfter(calendar, previous)));
  return next.toJSDate() < relationshipEnd(calendar) ? next.toJSDate() : undefined;
};

/** Every meeting of an undisturbed year, for previews, dry runs and tests. */
export const plannedMeetings = (calendar: RelationshipCalendar): Date[] => {
  const meetings: Date[] = [];
  for (let at: Date | undefined = firstMeeting(calendar); at; at = meetingAfter(calendar, at)) meetings.push(at);
  return meetings;
};

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
