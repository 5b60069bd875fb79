import { DateTime } from 'luxon';
import type { Meeting } from './model.ts';

/**
 * The meetings a cancellation takes out of the calendars (an early end, a pause, a member
 * leaving, an erasure): those still planned and not yet begun at `at`. A meeting that began,
 * even one whose check-in is still open, took place or did not; either way it stays in the
 * calendars' history and is concluded by its check-in.
 */
export const meetingsToCancel = <M extends Pick<Meeting, 'status' | 'startsAt'>>(meetings: M[], at: Date | string): M[] => {
  const instant = new Date(at).getTime();
  return meetings.filter((m) => m.status === 'planned' && Date.parse(m.startsAt) > instant);
};

/** `HH:mm`, as a time field sends it and the program file writes the meeting time. */
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isTimeOfDay = (value: string): boolean => TIME.test(value);

/** The pair's usual meeting time as the reader's clock shows it on `day` (an instant on that day): "04:00" in New York for 10:00 in Oslo. */
export const usualTimeFor = (usual: { time: string; timeZone: string }, day: Date | string, readerZone: string): string => {
  const [hour, minute] = usual.time.split(':').map(Number);
  return DateTime.fromJSDate(new Date(day), { zone: usual.timeZone }).set({ hour, minute, second: 0, millisecond: 0 }).setZone(readerZone).toFormat('HH:mm');
};

/**
 * Where a moved meeting lands: on `date` (YYYY-MM-DD, a day of the reader's calendar), at
 * `time` on the reader's clock when they chose one, otherwise at the pair's usual time in the
 * pair's zone: the one of those on the reader's day, so a reader many hours from the pair
 * still gets the day they picked. Undefined for a date or time that is not one.
 */
export const movedMeetingStart = ({
  date,
  time,
  readerZone,
  usual,
}: {
  date: string;
  time?: string;
  readerZone: string;
  usual: { time: string; timeZone: string };
}): Date | undefined => {
  if (!DATE.test(date) || (time !== undefined && !TIME.test(time))) return undefined;
  const day = DateTime.fromISO(date, { zone: readerZone });
  if (!day.isValid || day.toISODate() !== date) return undefined;
  if (time !== undefined) {
    const [hour, minute] = time.split(':').map(Number);
    return day.set({ hour, minute }).toJSDate();
  }
  const [hour, minute] = usual.time.split(':').map(Number);
  const candidates = [-1, 0, 1].map((offset) =>
    DateTime.fromISO(date, { zone: usual.timeZone }).plus({ days: offset }).set({ hour, minute, second: 0, millisecond: 0 }),
  );
  // Around a change of clocks the usual time may miss the reader's day: then the pair's own day.
  const onReadersDay = candidates.find((c) => c.setZone(readerZone).toISODate() === date) ?? candidates[1]!;
  return onReadersDay.toJSDate();
};
