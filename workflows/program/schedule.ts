import { DateTime } from 'luxon';
import type { Program, Span } from './config.ts';

/**
 * The meeting rhythm of one relationship, in the pair's own time zone so that "10:00 every
 * week" stays 10:00 across daylight-saving changes. Meetings are planned one at a time from
 * the previous one, so a moved meeting re-plans the rest of the schedule.
 */
export interface RelationshipCalendar {
  program: Program;
  /** The relationship's first day, YYYY-MM-DD, in `timeZone`. */
  startDate: string;
  timeZone: string;
}

const toDuration = (s: Span) => ({ days: s.days ?? 0, weeks: s.weeks ?? 0, months: s.months ?? 0 });

const startOf = ({ startDate, timeZone }: RelationshipCalendar): DateTime =>
  DateTime.fromISO(startDate, { zone: timeZone }).startOf('day');

const atMeetingTime = (day: DateTime, program: Program): DateTime => {
  const [hour, minute] = program.meetings.time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
};

export const relationshipStart = (calendar: RelationshipCalendar): Date => startOf(calendar).toJSDate();

/** The relationship's anniversary: closure is due then. */
export const relationshipEnd = (calendar: RelationshipCalendar, extraMonths = 0): Date =>
  startOf(calendar)
    .plus({ months: calendar.program.relationship.lengthMonths + extraMonths })
    .toJSDate();

export const firstMeeting = (calendar: RelationshipCalendar): Date =>
  atMeetingTime(startOf(calendar).plus({ days: calendar.program.relationship.firstMeetingAfterDays }), calendar.program).toJSDate();

/** The interval that applies after a meeting on `previous`: the first cadence step whose `until` is still ahead. */
export const intervalAfter = (calendar: RelationshipCalendar, previous: Date): Span => {
  const start = startOf(calendar);
  const at = DateTime.fromJSDate(previous, { zone: calendar.timeZone });
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

export const addHours = (instant: Date, hours: number): Date => new Date(instant.getTime() + hours * 3_600_000);
export const addDays = (instant: Date, days: number): Date => addHours(instant, days * 24);
export const DAY_SECONDS = 86_400;
