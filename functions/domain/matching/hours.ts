import { DateTime } from 'luxon';

/** Working hours in each person's own zone, in minutes after midnight: 09:00 to 17:00. */
export const WORKING_HOURS = { from: 9 * 60, until: 17 * 60 } as const;
/** A pair needs this much of their working days in common, all year, to find a meeting time and move it. */
export const MIN_COMMON_MINUTES = 2 * 60;

const DAY = 24 * 60;

/**
 * The days whose offsets are checked: the program's start and half a year on, so one reading
 * falls in summer time and one in winter time wherever the clocks change.
 */
export const seasonsOf = (startDate: string): string[] => {
  const start = DateTime.fromISO(startDate, { zone: 'UTC' });
  return [start.toISODate()!, start.plus({ months: 6 }).toISODate()!];
};

/** The zone's offset from UTC in minutes at noon of `day`. */
export const offsetOn = (zone: string, day: string): number => DateTime.fromISO(`${day}T12:00`, { zone }).offset;

/** Minutes two people's working hours overlap on a day, given their offsets from UTC; either may work across midnight UTC. */
export const overlapMinutes = (offsetA: number, offsetB: number): number => {
  const a = WORKING_HOURS.from - offsetA;
  const b = WORKING_HOURS.from - offsetB;
  const length = WORKING_HOURS.until - WORKING_HOURS.from;
  let best = 0;
  // The windows are shorter than a day, so only the nearest day's shift can overlap.
  for (const shift of [-DAY, 0, DAY]) best = Math.max(best, Math.min(a, b + shift) + length - Math.max(a, b + shift));
  return best;
};

/** Whether a meeting `at` minutes after midnight in a zone of offset `meetingOffset`, lasting `minutes`, falls in working hours at `ownOffset`. */
export const meetingInWorkingHours = (at: number, minutes: number, meetingOffset: number, ownOffset: number): boolean => {
  const local = (((at - meetingOffset + ownOffset) % DAY) + DAY) % DAY;
  return local >= WORKING_HOURS.from && local + minutes <= WORKING_HOURS.until;
};

/** What two zones allow a pair, checked in both seasons: their common working minutes, and in which zone the program's meeting time suits both. */
export interface ZonePair {
  /** The fewer of the two seasons. */
  commonMinutes: number;
  /** The meeting at the program's time in the first zone falls in both people's working hours. */
  meetsInFirst: boolean;
  meetsInSecond: boolean;
}

/** The meeting's clock time ("10:00") and length; the program's `meetings`. */
export interface MeetingTime {
  time: string;
  durationMinutes: number;
}

export const zonePair = (first: string, second: string, meeting: MeetingTime, days: readonly string[]): ZonePair => {
  const [hours, minutes] = meeting.time.split(':').map(Number) as [number, number];
  const at = hours * 60 + minutes;
  let commonMinutes = DAY;
  let meetsInFirst = true;
  let meetsInSecond = true;
  for (const day of days) {
    const a = offsetOn(first, day);
    const b = offsetOn(second, day);
    commonMinutes = Math.min(commonMinutes, overlapMinutes(a, b));
    meetsInFirst &&= meetingInWorkingHours(at, meeting.durationMinutes, a, a) && meetingInWorkingHours(at, meeting.durationMinutes, a, b);
    meetsInSecond &&= meetingInWorkingHours(at, meeting.durationMinutes, b, a) && meetingInWorkingHours(at, meeting.durationMinutes, b, b);
  }
  return { commonMinutes, meetsInFirst, meetsInSecond };
};
