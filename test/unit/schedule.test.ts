import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { executionName } from '#domain/lifecycle/execution-names';
import { isPhase, nextPhase, phasesOf, stateMachineOf } from '#domain/lifecycle/phases';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import {
  firstMeeting,
  intervalAfter,
  meetingAfter,
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

/**
 * Worked out by hand from the example (start Monday 11 January 2027, first meeting a week on):
 * - weekly while a meeting falls before week 8 (8 March 00:00): 18 Jan … 1 Mar, and 8 Mar after it;
 * - every two weeks while before month 4 (11 May): 22 Mar … 3 May, and 17 May after it;
 * - monthly from 17 May until the anniversary (11 Jan 2028): 17 Jun … 17 Dec; 17 Jan 2028 is past the end.
 */
const EXAMPLE_YEAR = [
  ...['01-18', '01-25', '02-01', '02-08', '02-15', '02-22', '03-01', '03-08'],
  ...['03-22', '04-05', '04-19', '05-03', '05-17'],
  ...['06-17', '07-17', '08-17', '09-17', '10-17', '11-17', '12-17'],
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
    expect(local(year[19]!)).toBe('2027-12-17T10:00');
    expect(year.every((m) => m < relationshipEnd(calendar))).toBe(true);
  });

  test('the interval follows the first cadence step whose "until" is still ahead', () => {
    expect(intervalAfter(calendar, at('2027-03-01T10:00'))).toEqual({ weeks: 1 });
    expect(intervalAfter(calendar, at('2027-03-08T10:00'))).toEqual({ weeks: 2 });
    expect(intervalAfter(calendar, at('2027-05-03T10:00'))).toEqual({ weeks: 2 });
    expect(intervalAfter(calendar, at('2027-05-17T10:00'))).toEqual({ months: 1 });
    // Past the last step's end, the last step still applies.
    expect(intervalAfter(calendar, at('2028-02-01T10:00'))).toEqual({ months: 1 });
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

  test('a meeting moved three days on plans the next one an interval after the new date', () => {
    // 1 March is in the weekly weeks: moved to Thursday 4 March, the next is Thursday 11 March.
    expect(local(meetingAfter(calendar, at('2027-03-04T10:00'))!)).toBe('2027-03-11T10:00');
    // 19 April is in the fortnightly weeks: moved to 22 April at 15:30, the next is 6 May at 15:30.
    expect(local(meetingAfter(calendar, at('2027-04-22T15:30'))!)).toBe('2027-05-06T15:30');
    // 17 June is monthly: moved to 20 June, the next is 20 July.
    expect(local(meetingAfter(calendar, at('2027-06-20T10:00'))!)).toBe('2027-07-20T10:00');
  });

  test('no meeting is planned after the anniversary', () => {
    expect(meetingAfter(calendar, at('2027-12-17T10:00'))).toBeUndefined();
    // A meeting moved to late December has no successor either.
    expect(meetingAfter(calendar, at('2027-12-28T10:00'))).toBeUndefined();
    // One whose successor would land exactly on the anniversary is the last.
    expect(meetingAfter(calendar, at('2027-12-11T00:00'))).toBeUndefined();
    expect(meetingAfter(calendar, at('2028-02-01T10:00'))).toBeUndefined();
  });

  test('a longer relationship keeps meeting monthly after the last step until its own end', () => {
    const long = { ...calendar, program: exampleProgram({ relationship: { lengthMonths: 18 } }) };
    const year = plannedMeetings(long);
    expect(year).toHaveLength(20 + 6);
    expect(local(year.at(-1)!)).toBe('2028-06-17T10:00');
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
