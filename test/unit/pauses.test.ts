import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import type { Meeting, Pause, Relationship } from '#domain/model';
import { meetingsPauseCovers, replacementMeeting, resumedPauses, resumeStep, shiftDaysAt, shiftedStart, startPause, whyNotPausable } from '#domain/pauses';
import { meetingSlot, plannedMeetings, type RelationshipCalendar } from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

const ZONE = 'Europe/Amsterdam';
const now = new Date('2027-03-01T09:00:00.000Z');
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);

const active: Pick<Relationship, 'relationshipId' | 'status' | 'phase' | 'pauses'> = {
  relationshipId: 'r1',
  status: 'active',
  phase: 'meetings-1',
  pauses: [],
};

describe('a pause: whether it may start, and until when', () => {
  test('an active relationship in its meetings pauses from now until the date the coordinator gave', () => {
    expect(startPause(active, { now, maxDays: 90, until: day(14) })).toEqual({
      pause: { pauseNo: 1, from: now.toISOString(), plannedUntil: day(14).toISOString() },
    });
  });

  test('without a date it pauses for the longest pause the program allows', () => {
    expect(startPause(active, { now, maxDays: 90 })).toEqual({ pause: { pauseNo: 1, from: now.toISOString(), plannedUntil: day(90).toISOString() } });
  });

  test('a second pause is numbered after the first; an extension’s meetings pause too', () => {
    const once: Pause = { pauseNo: 1, from: day(-60).toISOString(), plannedUntil: day(-40).toISOString(), resumedAt: day(-40).toISOString(), shiftDays: 20 };
    expect(startPause({ ...active, phase: 'extension-1', pauses: [once] }, { now, maxDays: 90 })).toMatchObject({ pause: { pauseNo: 2 } });
  });

  test('a relationship not meeting, or not active, is refused, saying what it is', () => {
    expect(whyNotPausable(active)).toBeUndefined();
    expect(startPause({ ...active, phase: 'matching' }, { now, maxDays: 90 })).toEqual({
      refused: 'r1 cannot be paused: it is in its matching phase; a relationship pauses during its meetings',
    });
    expect(startPause({ ...active, phase: 'closure' }, { now, maxDays: 90 })).toEqual({
      refused: 'r1 cannot be paused: it is in its closure phase; a relationship pauses during its meetings',
    });
    expect(whyNotPausable({ ...active, status: 'paused' })).toBe('r1 cannot be paused: it is paused; a relationship pauses during its meetings');
    expect(whyNotPausable({ ...active, status: 'closed' })).toBe('r1 cannot be paused: it is closed; a relationship pauses during its meetings');
  });

  test('the return must come after today and no later than the longest pause, which itself is allowed', () => {
    expect(startPause(active, { now, maxDays: 90, until: now })).toEqual({ refused: 'the pause must end after today' });
    expect(startPause(active, { now, maxDays: 90, until: day(-1) })).toEqual({ refused: 'the pause must end after today' });
    expect(startPause(active, { now, maxDays: 90, until: day(90) })).toMatchObject({ pause: { plannedUntil: day(90).toISOString() } });
    expect(startPause(active, { now, maxDays: 90, until: new Date(day(90).getTime() + 1) })).toEqual({
      refused: 'a pause lasts at most 90 days (until 2027-05-30)',
    });
  });

  test('the status is judged before the date: a closed relationship is refused for being closed', () => {
    expect(startPause({ ...active, status: 'closed' }, { now, maxDays: 90, until: day(-1) })).toMatchObject({
      refused: expect.stringContaining('it is closed'),
    });
  });
});

describe('a pause’s end: how far the year moves', () => {
  const pause: Pause = { pauseNo: 1, from: now.toISOString(), plannedUntil: day(14).toISOString() };

  test('the schedule moves by the pause’s length in whole days, a day begun counting whole', () => {
    expect(shiftDaysAt(pause, day(14))).toBe(14);
    expect(shiftDaysAt(pause, new Date(day(13).getTime() + 1))).toBe(14);
    expect(shiftDaysAt(pause, new Date(day(14).getTime() + 3_600_000))).toBe(15);
  });

  test('a pause ended within its first day still moves the year one day', () => {
    expect(shiftDaysAt(pause, new Date(now.getTime() + 60_000))).toBe(1);
    expect(shiftDaysAt(pause, now)).toBe(1);
  });

  test('resuming resumes a paused relationship once; a retry only welcomes it back; a closed one is left alone', () => {
    expect(resumeStep({ status: 'paused' }, pause)).toBe('resume');
    expect(resumeStep({ status: 'active' }, { ...pause, resumedAt: day(14).toISOString() })).toBe('welcome-back');
    // Paused again since: this pause's own resume is done, and the new one is not this step's.
    expect(resumeStep({ status: 'paused' }, { ...pause, resumedAt: day(14).toISOString() })).toBe('nothing');
    expect(resumeStep({ status: 'closed' }, pause)).toBe('nothing');
  });

  test('the resumed pause records when and by how much; other pauses and the list given stay as they were', () => {
    const earlier: Pause = { pauseNo: 1, from: day(-60).toISOString(), plannedUntil: day(-50).toISOString(), resumedAt: day(-50).toISOString(), shiftDays: 10 };
    const current: Pause = { pauseNo: 2, from: now.toISOString(), plannedUntil: day(14).toISOString() };
    const pauses = [earlier, current];
    expect(resumedPauses(pauses, 2, day(7), 7)).toEqual([earlier, { ...current, resumedAt: day(7).toISOString(), shiftDays: 7 }]);
    expect(pauses[1]).toEqual({ pauseNo: 2, from: now.toISOString(), plannedUntil: day(14).toISOString() });
  });
});

describe('the meetings a pause covers', () => {
  const at = (n: number, hours = 0) => new Date(now.getTime() + n * 86_400_000 + hours * 3_600_000).toISOString();
  const meetings: Pick<Meeting, 'meetingNo' | 'startsAt' | 'status'>[] = [
    { meetingNo: 1, startsAt: at(-14), status: 'held' },
    { meetingNo: 2, startsAt: at(-7), status: 'not-held' },
    { meetingNo: 3, startsAt: at(0, -1), status: 'planned' },
    { meetingNo: 4, startsAt: at(7), status: 'planned' },
    { meetingNo: 5, startsAt: at(14), status: 'planned' },
  ];
  const pause: Pause = { pauseNo: 1, from: now.toISOString(), plannedUntil: at(21) };

  test('those still planned and not yet begun when it starts; one begun an hour before keeps its date and its check-in', () => {
    expect(meetingsPauseCovers(meetings, pause).map((m) => m.meetingNo)).toEqual([4, 5]);
  });

  test('a meeting at the very instant the pause starts has begun: it is not covered', () => {
    expect(meetingsPauseCovers([{ meetingNo: 6, startsAt: now.toISOString(), status: 'planned' }], pause)).toEqual([]);
  });

  test('a covered meeting moves by the pause’s days at the same time on the pair’s clock, across the change to summer time', () => {
    // Monday 22 March 2027, 10:00 in Amsterdam (winter time); 14 days on is after the clocks went forward on 28 March.
    const before = DateTime.fromISO('2027-03-22T10:00', { zone: ZONE }).toJSDate().toISOString();
    const moved = shiftedStart(before, 14, ZONE);
    expect(DateTime.fromISO(moved, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe('2027-04-05T10:00');
    expect((Date.parse(moved) - Date.parse(before)) / 3_600_000).toBe(14 * 24 - 1);
  });
});

describe('where a replacement meeting goes when a pause covered none', () => {
  const program = exampleProgram();
  const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: ZONE };
  const slot = (n: number) => meetingSlot(calendar, n)!;
  const held = (n: number) => ({ meetingNo: n, startsAt: slot(n).toISOString() });

  test('the slot after the last meeting, on the calendar moved on by the pause', () => {
    const shifted = { ...calendar, shiftDays: 21 };
    expect(replacementMeeting([held(1), held(2), held(3)], 0, shifted)).toEqual({ meetingNo: 4, startsAt: meetingSlot(shifted, 4) });
    expect(meetingSlot(shifted, 4)!.getTime()).toBeGreaterThan(slot(4).getTime());
  });

  test('none when the pause covered meetings: they moved instead', () => {
    expect(replacementMeeting([held(1), held(2), held(3)], 2, { ...calendar, shiftDays: 21 })).toBeUndefined();
  });

  test('none before the first meeting was planned, nor past the year’s last slot', () => {
    expect(replacementMeeting([], 0, { ...calendar, shiftDays: 21 })).toBeUndefined();
    const last = plannedMeetings(calendar).length;
    expect(replacementMeeting([held(last)], 0, calendar)).toBeUndefined();
  });

  test('none when that slot would not come after the last meeting (moved later by its pair)', () => {
    const movedLate = { meetingNo: 3, startsAt: slot(5).toISOString() };
    expect(replacementMeeting([held(1), held(2), movedLate], 0, { ...calendar, shiftDays: 1 })).toBeUndefined();
  });
});
