import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { meetingsToCancel, movedMeetingStart, usualTimeFor } from '#domain/meeting-changes';
import type { MeetingStatus } from '#domain/model';

const OSLO = 'Europe/Oslo';
const NEW_YORK = 'America/New_York';
const at = (local: string, zone = OSLO) => DateTime.fromISO(local, { zone }).toJSDate();
const local = (instant: Date | undefined, zone: string) => (instant ? DateTime.fromJSDate(instant, { zone }).toFormat("ccc yyyy-MM-dd'T'HH:mm") : undefined);

/** Fortnightly meetings on Mondays at 10:00 in Oslo, with the status each has. */
const meetings = (...statuses: MeetingStatus[]) =>
  statuses.map((status, i) => ({
    meetingNo: i + 1,
    status,
    startsAt: DateTime.fromISO('2027-03-01T10:00', { zone: OSLO })
      .plus({ weeks: 2 * i })
      .toUTC()
      .toISO()!,
  }));
const numbers = (list: { meetingNo: number }[]) => list.map((m) => m.meetingNo);

describe('which meetings a cancellation takes out of the calendars', () => {
  // Meeting 3 is on Monday 29 March at 10:00, meeting 4 on 12 April.
  const year = meetings('held', 'held', 'planned', 'planned');

  test('the day after a meeting whose check-in is still open: only the meetings ahead, not the one that took place', () => {
    expect(numbers(meetingsToCancel(year, at('2027-03-30T12:00')))).toEqual([4]);
  });

  test('the morning before a meeting: that meeting and the ones after it', () => {
    expect(numbers(meetingsToCancel(year, at('2027-03-29T09:59')))).toEqual([3, 4]);
  });

  test('a meeting that began at the very instant of the cancellation has begun: it stays', () => {
    expect(numbers(meetingsToCancel(year, at('2027-03-29T10:00')))).toEqual([4]);
    expect(numbers(meetingsToCancel(year, at('2027-03-29T10:00').toISOString()))).toEqual([4]);
  });

  test('held, not held, unanswered and cancelled meetings are never cancelled again, even when dated ahead', () => {
    const concluded = meetings('held', 'not-held', 'unanswered', 'cancelled');
    expect(meetingsToCancel(concluded, at('2027-02-01T10:00'))).toEqual([]);
  });

  test('after the last meeting began, nothing is left to cancel', () => {
    expect(meetingsToCancel(year, at('2027-04-12T10:30'))).toEqual([]);
  });
});

describe('where a moved meeting lands', () => {
  // The pair meets at 10:00 in Oslo; the mentee reads and types on New York time.
  const usual = { time: '10:00', timeZone: OSLO };

  test('a date alone keeps the pair’s usual time in the pair’s zone, whoever picks it', () => {
    expect(local(movedMeetingStart({ date: '2027-05-11', readerZone: OSLO, usual }), OSLO)).toBe('Tue 2027-05-11T10:00');
    // The New York mentee picks Tuesday 11 May: 10:00 in Oslo is 04:00 for them, on the day they picked.
    const fromNewYork = movedMeetingStart({ date: '2027-05-11', readerZone: NEW_YORK, usual });
    expect([local(fromNewYork, OSLO), local(fromNewYork, NEW_YORK)]).toEqual(['Tue 2027-05-11T10:00', 'Tue 2027-05-11T04:00']);
  });

  test('in the weeks the two zones change clocks on different dates, the pair’s hour holds and the other side’s moves', () => {
    // 2027: New York springs forward on 14 March, Oslo on 28 March.
    const between = movedMeetingStart({ date: '2027-03-16', readerZone: NEW_YORK, usual });
    expect([local(between, OSLO), local(between, NEW_YORK)]).toEqual(['Tue 2027-03-16T10:00', 'Tue 2027-03-16T05:00']);
    const before = movedMeetingStart({ date: '2027-03-09', readerZone: NEW_YORK, usual });
    expect([local(before, OSLO), local(before, NEW_YORK)]).toEqual(['Tue 2027-03-09T10:00', 'Tue 2027-03-09T04:00']);
  });

  test('a date picked is the reader’s calendar day: far from the pair, the usual time on that day of theirs', () => {
    // 14:00 in New York is 03:00 the next day in Tokyo: a Tokyo reader picking Wednesday gets Tuesday 14:00 in New York.
    const tokyo = movedMeetingStart({ date: '2027-05-12', readerZone: 'Asia/Tokyo', usual: { time: '14:00', timeZone: NEW_YORK } });
    expect([local(tokyo, 'Asia/Tokyo'), local(tokyo, NEW_YORK)]).toEqual(['Wed 2027-05-12T03:00', 'Tue 2027-05-11T14:00']);
  });

  test('a time the reader chose is on their own clock', () => {
    const chosen = movedMeetingStart({ date: '2027-05-11', time: '14:30', readerZone: NEW_YORK, usual });
    expect([local(chosen, NEW_YORK), local(chosen, OSLO)]).toEqual(['Tue 2027-05-11T14:30', 'Tue 2027-05-11T20:30']);
  });

  test('what is not a date or a time is refused, not guessed', () => {
    for (const date of ['next tuesday', '2027-02-30', '2027-5-11', '2027-05-11T10:00', ''])
      expect(movedMeetingStart({ date, readerZone: OSLO, usual })).toBeUndefined();
    for (const time of ['24:00', '9:00', '10:60', 'noon']) expect(movedMeetingStart({ date: '2027-05-11', time, readerZone: OSLO, usual })).toBeUndefined();
  });

  test('the usual time as each reader’s clock shows it, on a given day', () => {
    expect(usualTimeFor(usual, at('2027-05-11T10:00'), NEW_YORK)).toBe('04:00');
    expect(usualTimeFor(usual, at('2027-03-16T10:00'), NEW_YORK)).toBe('05:00');
    expect(usualTimeFor(usual, at('2027-05-11T10:00'), OSLO)).toBe('10:00');
  });
});
