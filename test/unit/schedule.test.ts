import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { executionName } from '#domain/lifecycle/execution-names';
import { isPhase, nextPhase, phasesOf, stateMachineOf } from '#domain/lifecycle/phases';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import {
  firstMeeting,
  isWorkingDay,
  meetingSlot,
  plannedMeetings,
  relationshipEnd,
  relationshipStart,
  type RelationshipCalendar,
} from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

const ZONE = 'Europe/Amsterdam';
const program = exampleProgram();
const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: ZONE };

/** An instant as the pair reads it on their own wall clock. */
const local = (instant: Date, zone = ZONE) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const at = (localTime: string, zone = ZONE) => DateTime.fromISO(localTime, { zone }).toJSDate();
const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 86_400_000;

/** Local date, time and weekday, as a coordinator reads a meeting on the calendar. */
const day = (instant: Date, zone = ZONE) => DateTime.fromJSDate(instant, { zone }).toFormat("ccc yyyy-MM-dd'T'HH:mm");

/**
 * Worked out by hand from the example (start Monday 11 January 2027, first meeting a week on):
 * - weekly while a meeting falls before week 8 (8 March 00:00): 18 Jan … 1 Mar, and 8 Mar after it;
 * - every two weeks while before month 4 (11 May): 22 Mar … 3 May, and 17 May after it;
 * - monthly from 17 May until the anniversary (11 Jan 2028): 17 Jun … 17 Dec; 17 Jan 2028 is past the end.
 *   Saturday 17 July and Sunday 17 October move to the Monday after.
 */
const EXAMPLE_YEAR = [
  ...['01-18', '01-25', '02-01', '02-08', '02-15', '02-22', '03-01', '03-08'],
  ...['03-22', '04-05', '04-19', '05-03', '05-17'],
  ...['06-17', '07-19', '08-17', '09-17', '10-18', '11-17', '12-17'],
].map((day) => `2027-${day}T10:00`);

describe('the meeting rhythm of the example program, from Monday 11 January 2027 in Amsterdam', () => {
  test('the relationship runs from the start date at midnight to the same day a year on', () => {
    expect(local(relationshipStart(calendar))).toBe('2027-01-11T00:00');
    expect(local(relationshipEnd(calendar))).toBe('2028-01-11T00:00');
    expect(local(relationshipEnd(calendar, 3))).toBe('2028-04-11T00:00');
  });

  test('the first meeting is a week after the start, at 10:00 local time', () => {
    expect(local(firstMeeting(calendar))).toBe('2027-01-18T10:00');
    expect(firstMeeting(calendar).toISOString()).toBe('2027-01-18T09:00:00.000Z');
  });

  test('the undisturbed year: weekly for eight weeks, every two weeks until month 4, then monthly — 20 meetings', () => {
    const year = plannedMeetings(calendar);
    expect(year).toHaveLength(20);
    expect(year.map((m) => local(m))).toEqual(EXAMPLE_YEAR);
    // A few dates a coordinator would check on the calendar.
    expect(local(year[0]!)).toBe('2027-01-18T10:00');
    expect(local(year[7]!)).toBe('2027-03-08T10:00');
    expect(local(year[8]!)).toBe('2027-03-22T10:00');
    expect(local(year[12]!)).toBe('2027-05-17T10:00');
    expect(local(year[14]!)).toBe('2027-07-19T10:00');
    expect(local(year[19]!)).toBe('2027-12-17T10:00');
    expect(year.every((m) => m < relationshipEnd(calendar))).toBe(true);
  });

  test('no meeting of the year falls on a weekend: the monthly 17th that is a Saturday or Sunday moves to the Monday after', () => {
    const year = plannedMeetings(calendar);
    const weekdays = year.map((m) => DateTime.fromJSDate(m, { zone: ZONE }).weekday);
    expect(weekdays.filter((w) => w >= 6)).toEqual([]);
    expect(year.every((m) => isWorkingDay(m, calendar))).toBe(true);
    expect(year.slice(13).map((m) => day(m))).toEqual([
      'Thu 2027-06-17T10:00',
      'Mon 2027-07-19T10:00', // Saturday 17 July
      'Tue 2027-08-17T10:00',
      'Fri 2027-09-17T10:00',
      'Mon 2027-10-18T10:00', // Sunday 17 October
      'Wed 2027-11-17T10:00',
      'Fri 2027-12-17T10:00',
    ]);
    // The moved ones pull nothing along: August is on the 17th again.
    expect(isWorkingDay(at('2027-07-17T10:00'), calendar)).toBe(false);
    expect(isWorkingDay(at('2027-07-19T10:00'), calendar)).toBe(true);
  });

  test('meetings stay at 10:00 local across the change to summer time on 28 March 2027 (09:00 → 08:00 UTC)', () => {
    const year = plannedMeetings(calendar);
    expect(year.map((m) => DateTime.fromJSDate(m, { zone: ZONE }).toFormat('HH:mm'))).toEqual(Array(20).fill('10:00'));
    const before = year.find((m) => local(m) === '2027-03-22T10:00')!;
    const after = year.find((m) => local(m) === '2027-04-05T10:00')!;
    expect(before.getUTCHours()).toBe(9);
    expect(after.getUTCHours()).toBe(8);
    // So "two weeks" is one hour short of 14 × 24 hours.
    expect(days(before, after) * 24).toBe(14 * 24 - 1);
    // And back to 09:00 UTC after summer time ends on 31 October.
    expect(year.find((m) => local(m) === '2027-11-17T10:00')!.getUTCHours()).toBe(9);
  });

  test('a pair in another time zone meets at 10:00 in theirs', () => {
    const jakarta = { ...calendar, timeZone: 'Asia/Jakarta' };
    expect(local(firstMeeting(jakarta), 'Asia/Jakarta')).toBe('2027-01-18T10:00');
    expect(firstMeeting(jakarta).toISOString()).toBe('2027-01-18T03:00:00.000Z');
    expect(plannedMeetings(jakarta)).toHaveLength(20);
  });

  test('no meeting is planned after the anniversary', () => {
    const year = plannedMeetings(calendar);
    expect(year.at(-1)! < relationshipEnd(calendar)).toBe(true);
    expect(meetingSlot(calendar, year.length + 1)).toBeUndefined();
  });

  test('a longer relationship keeps meeting monthly after the last step until its own end', () => {
    const long = { ...calendar, program: exampleProgram({ relationship: { lengthMonths: 18 } }) };
    const year = plannedMeetings(long);
    expect(year).toHaveLength(20 + 6);
    // Saturday 17 June 2028 moves to the Monday.
    expect(day(year.at(-1)!)).toBe('Mon 2028-06-19T10:00');
  });
});

/** The example program with some settings changed, from `startDate`. */
const calendarWith = (startDate: string, settings: Record<string, unknown> = {}, more: Partial<RelationshipCalendar> = {}): RelationshipCalendar => ({
  program: exampleProgram(settings),
  startDate,
  timeZone: ZONE,
  ...more,
});
const monthly = (firstMeetingAfterDays: number, lengthMonths = 12, workingDays = ['mon', 'tue', 'wed', 'thu', 'fri']) => ({
  relationship: { lengthMonths, firstMeetingAfterDays },
  meetings: { workingDays, cadence: [{ every: { months: 1 }, until: { months: lengthMonths } }] },
  reviewMonths: [],
});

describe("meetings fall on the pair's working days", () => {
  test('monthly meetings on a Saturday or Sunday move to the Monday after, and the last one before the end to the Friday before', () => {
    // From Sunday 10 January 2027, monthly on the 8th; the anniversary is Monday 10 January 2028.
    const year = plannedMeetings(calendarWith('2027-01-10', monthly(29)));
    expect(year.map((m) => day(m))).toEqual([
      'Mon 2027-02-08T10:00',
      'Mon 2027-03-08T10:00',
      'Thu 2027-04-08T10:00',
      'Mon 2027-05-10T10:00', // Saturday 8 May
      'Tue 2027-06-08T10:00',
      'Thu 2027-07-08T10:00',
      'Mon 2027-08-09T10:00', // Sunday 8 August
      'Wed 2027-09-08T10:00',
      'Fri 2027-10-08T10:00',
      'Mon 2027-11-08T10:00',
      'Wed 2027-12-08T10:00',
      'Fri 2028-01-07T10:00', // Saturday 8 January: the Monday after is the anniversary itself
    ]);
  });

  test('monthly meetings keep their day of the month after a short month', () => {
    // Monthly from Sunday 31 January 2027: the 28th in February, then the 31st again.
    const months = plannedMeetings(calendarWith('2027-01-24', monthly(7, 7))).map((m) => day(m));
    expect(months).toEqual([
      'Mon 2027-02-01T10:00', // Sunday 31 January
      'Mon 2027-03-01T10:00', // Sunday 28 February
      'Wed 2027-03-31T10:00',
      'Fri 2027-04-30T10:00',
      'Mon 2027-05-31T10:00',
      'Wed 2027-06-30T10:00',
      'Mon 2027-08-02T10:00', // Saturday 31 July
    ]);
  });

  test('weekly meetings stay on one weekday: from a Saturday start, every one is on a Monday', () => {
    const saturday = calendarWith('2027-01-09');
    const year = plannedMeetings(saturday);
    const weekly = year.slice(0, 13).map((m) => DateTime.fromJSDate(m, { zone: ZONE }).toFormat('ccc'));
    expect(weekly).toEqual(Array(13).fill('Mon'));
    expect(day(year[0]!)).toBe('Mon 2027-01-18T10:00');
    // A Wednesday start keeps Wednesdays.
    const wednesday = plannedMeetings(calendarWith('2027-01-13')).slice(0, 13);
    expect(new Set(wednesday.map((m) => DateTime.fromJSDate(m, { zone: ZONE }).toFormat('ccc')))).toEqual(new Set(['Wed']));
  });

  test('an office that works Sunday to Thursday meets on those days: Friday slots move to the Sunday after', () => {
    const riyadh: RelationshipCalendar = {
      ...calendarWith('2027-01-08', { meetings: { workingDays: ['sun', 'mon', 'tue', 'wed', 'thu'] } }),
      timeZone: 'Asia/Riyadh',
    };
    const year = plannedMeetings(riyadh);
    expect(year).toHaveLength(20);
    const weekdays = year.map((m) => DateTime.fromJSDate(m, { zone: 'Asia/Riyadh' }).toFormat('ccc'));
    expect(weekdays.filter((w) => w === 'Fri' || w === 'Sat')).toEqual([]);
    // Weekly and fortnightly on Friday's slot: all on Sundays, at 10:00 in Riyadh.
    expect(new Set(weekdays.slice(0, 13))).toEqual(new Set(['Sun']));
    expect(day(year[0]!, 'Asia/Riyadh')).toBe('Sun 2027-01-17T10:00');
    expect(year[0]!.toISOString()).toBe('2027-01-17T07:00:00.000Z');
    expect(isWorkingDay(year[0]!, riyadh)).toBe(true);
    expect(isWorkingDay(at('2027-01-22T10:00', 'Asia/Riyadh'), riyadh)).toBe(false); // a Friday
  });

  test('a daily rhythm meets once each working day, never twice on the Monday after a weekend', () => {
    const daily = calendarWith('2027-01-11', {
      relationship: { lengthMonths: 1, firstMeetingAfterDays: 0 },
      meetings: { cadence: [{ every: { days: 1 }, until: { months: 1 } }] },
      reviewMonths: [],
    });
    const month = plannedMeetings(daily).map((m) => day(m));
    // 11 January to 10 February 2027: 23 working days.
    expect(month).toHaveLength(23);
    expect(new Set(month).size).toBe(23);
    expect(month.slice(3, 7)).toEqual(['Thu 2027-01-14T10:00', 'Fri 2027-01-15T10:00', 'Mon 2027-01-18T10:00', 'Tue 2027-01-19T10:00']);
  });

  test('a pause moves the slots on with the start: the shifted slot on a Saturday moves to Monday', () => {
    const paused = { ...calendar, shiftDays: 5 };
    const year = plannedMeetings(paused);
    expect(day(year[0]!)).toBe('Mon 2027-01-25T10:00'); // slot 1 is Saturday 23 January
    expect(day(year[1]!)).toBe('Mon 2027-02-01T10:00');
    expect(year.every((m) => isWorkingDay(m, paused))).toBe(true);
  });

  test('an approved extension goes on monthly on working days until its own end', () => {
    const extended = { ...calendar, extensions: 1 };
    const year = plannedMeetings(extended);
    expect(year).toHaveLength(20 + 3);
    expect(year.slice(20).map((m) => day(m))).toEqual(['Mon 2028-01-17T10:00', 'Thu 2028-02-17T10:00', 'Fri 2028-03-17T10:00']);
    expect(year.every((m) => isWorkingDay(m, extended) && m < relationshipEnd(extended))).toBe(true);
    expect(meetingSlot(extended, 23)).toEqual(year[22]);
    expect(meetingSlot(extended, 24)).toBeUndefined();
    expect(meetingSlot(calendar, 21)).toBeUndefined();
  });
});

describe('meeting n is planned by its number, not by where the one before moved', () => {
  test('meetingSlot(n) is the n-th meeting of the undisturbed year; none before 1 or past the end', () => {
    const year = plannedMeetings(calendar);
    year.forEach((m, i) => expect(meetingSlot(calendar, i + 1)).toEqual(m));
    expect(meetingSlot(calendar, 1)).toEqual(firstMeeting(calendar));
    expect(meetingSlot(calendar, 0)).toBeUndefined();
    expect(meetingSlot(calendar, 1.5)).toBeUndefined();
    expect(meetingSlot(calendar, year.length + 1)).toBeUndefined();
  });

  test('meeting 4 moved to a Sunday leaves meeting 5 on its Monday', () => {
    const movedTo = at('2027-02-07T10:00'); // Sunday, instead of Monday 8 February
    expect(isWorkingDay(movedTo, calendar)).toBe(false);
    expect(day(meetingSlot(calendar, 5)!)).toBe('Mon 2027-02-15T10:00');
  });
});

describe("10:00 in the pair's time zone, before and after each daylight-saving change", () => {
  /** Each zone's changes in 2027, and its UTC offset (minutes) and 10:00's UTC time before, between and after them. */
  const ZONES = [
    { zone: 'Europe/Amsterdam', changes: ['2027-03-28', '2027-10-31'], offsets: [60, 120, 60], utc: ['09:00', '08:00', '09:00'] },
    { zone: 'America/New_York', changes: ['2027-03-14', '2027-11-07'], offsets: [-300, -240, -300], utc: ['15:00', '14:00', '15:00'] },
    { zone: 'Australia/Sydney', changes: ['2027-04-04', '2027-10-03'], offsets: [660, 600, 660], utc: ['23:00', '00:00', '23:00'] },
  ];

  test.each(ZONES)('$zone: every meeting at 10:00 local, the UTC time following the change', ({ zone, changes, offsets, utc }) => {
    const year = plannedMeetings({ ...calendar, timeZone: zone });
    expect(year).toHaveLength(20);
    const times = year.map((m) => DateTime.fromJSDate(m, { zone }));
    expect(times.map((t) => t.toFormat('HH:mm'))).toEqual(Array(20).fill('10:00'));
    expect(times.every((t) => t.weekday <= 5)).toBe(true);
    changes.forEach((change, i) => {
      const at = DateTime.fromISO(change, { zone });
      const before = times.filter((t) => t < at).at(-1)!;
      const after = times.find((t) => t > at)!;
      expect([before.offset, after.offset]).toEqual([offsets[i], offsets[i + 1]]);
      // The same wall-clock time is another time in UTC.
      expect([before, after].map((t) => t.toUTC().toFormat('HH:mm'))).toEqual([utc[i], utc[i + 1]]);
    });
  });

  test('Asia/Jakarta has no daylight saving: every meeting at 10:00 WIB, 03:00 UTC', () => {
    const year = plannedMeetings({ ...calendar, timeZone: 'Asia/Jakarta' });
    expect(year).toHaveLength(20);
    expect(year.map((m) => local(m, 'Asia/Jakarta').slice(11))).toEqual(Array(20).fill('10:00'));
    expect(new Set(year.map((m) => m.getUTCHours()))).toEqual(new Set([3]));
  });
});

describe('the phases of a relationship', () => {
  test('a one-year relationship is matching, two blocks of meetings, closure and the follow-up', () => {
    expect(phasesOf(12)).toEqual(['matching', 'meetings-1', 'meetings-2', 'closure', 'follow-up']);
    expect(phasesOf(6)).toEqual(['matching', 'meetings-1', 'closure', 'follow-up']);
    expect(phasesOf(24)).toEqual(['matching', 'meetings-1', 'meetings-2', 'meetings-3', 'meetings-4', 'closure', 'follow-up']);
  });

  test('each phase leads to the next; an approved extension comes between closures; an early end goes to the conclusion', () => {
    const year = { lengthMonths: 12, extensions: 0, endRequested: false };
    expect(nextPhase('matching', year)).toBe('meetings-1');
    expect(nextPhase('meetings-1', year)).toBe('meetings-2');
    expect(nextPhase('meetings-2', year)).toBe('closure');
    expect(nextPhase('closure', year)).toBe('follow-up');
    expect(nextPhase('follow-up', year)).toBeUndefined();
    expect(nextPhase('closure', { ...year, extensions: 1 })).toBe('extension-1');
    expect(nextPhase('extension-1', { ...year, extensions: 1 })).toBe('closure-1');
    expect(nextPhase('closure-1', { ...year, extensions: 1 })).toBe('follow-up');
    expect(nextPhase('meetings-1', { ...year, endRequested: true })).toBe('conclusion');
    expect(phasesOf(12).map(stateMachineOf)).toEqual(['Matching', 'Meetings', 'Meetings', 'Closure', 'FollowUp']);
    expect((['agreement', 'extension-2', 'closure-2', 'pause-3', 'conclusion', 'conclusion-2'] as const).map(stateMachineOf)).toEqual([
      'Agreement',
      'Meetings',
      'Closure',
      'Pause',
      'Conclusion',
      'Conclusion',
    ]);
  });

  test('an execution is named by its relationship and phase, so starting it twice starts it once', () => {
    expect(executionName('rel-0a1b2c3d4e5f', 'meetings-2')).toBe('rel-0a1b2c3d4e5f-meetings-2');
    expect(executionName('rel-0a1b2c3d4e5f', 'meetings-2', 1)).toBe('rel-0a1b2c3d4e5f-meetings-2-after-pause-1');
    expect(
      ['matching', 'agreement', 'meetings-1', 'meetings-12', 'extension-1', 'closure', 'closure-1', 'follow-up', 'pause-2', 'conclusion'].every(isPhase),
    ).toBe(true);
    expect(['meetings-0', 'meetings-', 'meetings-01', 'review'].some(isPhase)).toBe(false);
  });

  test('the two meeting blocks of the example split the year at month 6', () => {
    const first = meetingsWindow(calendar, 'meetings-1');
    const second = meetingsWindow(calendar, 'meetings-2');
    expect(local(first.from)).toBe('2027-01-11T00:00');
    expect(local(first.until)).toBe('2027-07-11T00:00');
    expect(second.from).toEqual(first.until);
    expect(local(second.until)).toBe('2028-01-11T00:00');
    expect(second.until).toEqual(relationshipEnd(calendar));

    const year = plannedMeetings(calendar);
    const inBlock = (w: { from: Date; until: Date }) => year.filter((m) => m >= w.from && m < w.until).map((m) => local(m));
    expect(inBlock(first)).toEqual(EXAMPLE_YEAR.slice(0, 14));
    expect(inBlock(second)).toEqual(EXAMPLE_YEAR.slice(14));
  });

  test.each([12, 24, 7, 1])('no meetings block of a %i-month relationship spans more than 300 days', (lengthMonths) => {
    const long = { ...calendar, program: exampleProgram({ relationship: { lengthMonths }, reviewMonths: [] }) };
    const blocks = phasesOf(lengthMonths).filter((p): p is `meetings-${number}` => p.startsWith('meetings-'));
    expect(blocks).toHaveLength(Math.ceil(lengthMonths / 6));
    const windows = blocks.map((phase) => meetingsWindow(long, phase));
    for (const w of windows) expect(days(w.from, w.until)).toBeLessThanOrEqual(300);
    // Together the blocks cover the whole relationship, without gaps or overlap.
    expect(windows[0]!.from).toEqual(relationshipStart(long));
    expect(windows.at(-1)!.until).toEqual(relationshipEnd(long));
    windows.slice(1).forEach((w, i) => expect(w.from).toEqual(windows[i]!.until));
  });
});
