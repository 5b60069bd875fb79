import { describe, expect, test } from 'vitest';
import { answerWindowsBefore, isWindingDown, meetingToPlan, nextStep, reviewBefore, reviewsToDo } from '#domain/lifecycle/next-step';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import { goesOnAfter, isRecordedPhase, startsAgreement } from '#domain/lifecycle/continuation';
import { DAY_SECONDS, type RelationshipCalendar } from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

// The example program: weekly meetings at 10:00 for eight weeks, then every two weeks, then monthly; an hour
// long, checked in on two hours after; reminded of a day before; answers wait 3 days, then 4 after a reminder.
const program = exampleProgram();
const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: 'Europe/Amsterdam' };
const at = (iso: string) => new Date(iso);
const HOUR = 3_600;

describe('the answer windows of a check-in or a review', () => {
  test('with no meeting after it in the phase, the program’s windows: 3 days, then 4', () => {
    expect(answerWindowsBefore(program, at('2027-06-14T11:00:00Z'), undefined)).toEqual({ answer: 3 * DAY_SECONDS, reminder: 4 * DAY_SECONDS });
  });

  test('a weekly check-in settles by half-way to the next meeting’s reminder: 70.5 hours each', () => {
    // Checked in on Monday 13:00 (meeting 10:00-11:00, plus two hours); the next meeting's reminder goes Sunday 10:00: 141 hours later.
    const windows = answerWindowsBefore(program, at('2027-01-18T12:00:00Z'), at('2027-01-25T09:00:00Z'));
    expect(windows).toEqual({ answer: 70.5 * HOUR, reminder: 70.5 * HOUR });
  });

  test('a monthly check-in keeps the program’s windows: half-way to the next reminder is further off', () => {
    expect(answerWindowsBefore(program, at('2027-05-17T11:00:00Z'), at('2027-06-17T08:00:00Z'))).toEqual({
      answer: 3 * DAY_SECONDS,
      reminder: 4 * DAY_SECONDS,
    });
  });

  test('never less than a day, even when a moved meeting crowds the next', () => {
    expect(answerWindowsBefore(program, at('2027-01-18T12:00:00Z'), at('2027-01-19T09:00:00Z'))).toEqual({ answer: DAY_SECONDS, reminder: DAY_SECONDS });
  });

  test('the windows follow the program: shorter answer windows are kept when the room allows them', () => {
    const brisk = exampleProgram({ answers: { windowDays: 1, reminderWindowDays: 2 } });
    expect(answerWindowsBefore(brisk, at('2027-01-18T12:00:00Z'), at('2027-01-25T09:00:00Z'))).toEqual({ answer: DAY_SECONDS, reminder: 2 * DAY_SECONDS });
  });
});

describe('the reviews still to do', () => {
  test('months 3, 6 and 9, on their day once a meeting would be over; a review done is not asked again', () => {
    expect(reviewsToDo(calendar).map(({ review, dueAt }) => [review, dueAt.toISOString()])).toEqual([
      ['month-3', '2027-04-11T11:00:00.000Z'],
      ['month-6', '2027-07-11T11:00:00.000Z'],
      ['month-9', '2027-10-11T11:00:00.000Z'],
    ]);
    expect(reviewsToDo(calendar, ['month-3']).map((r) => r.review)).toEqual(['month-6', 'month-9']);
  });

  test('a check-in carries the review due before the next meeting, with the windows its ask will have', () => {
    // Meeting 10 (5 April) is checked in on; meeting 11 is on 19 April, after the month-3 review on 11 April.
    const due = reviewBefore(calendar, [], at('2027-04-19T08:00:00Z'));
    expect(due).toMatchObject({ review: 'month-3', dueAt: at('2027-04-11T11:00:00Z') });
    // Half-way from 11 April 11:00 to the reminder on 18 April 08:00: 82.5 hours, so 3 days and 82.5 hours.
    expect(due!.windows).toEqual({ answer: 3 * DAY_SECONDS, reminder: 82.5 * HOUR });
  });

  test('none when the next meeting comes first, or the review was done', () => {
    expect(reviewBefore(calendar, [], at('2027-04-05T08:00:00Z'))).toBeUndefined();
    expect(reviewBefore(calendar, ['month-3'], at('2027-04-19T08:00:00Z'))).toBeUndefined();
  });
});

describe('the meeting to plan when none is planned', () => {
  const window = meetingsWindow(calendar, 'meetings-1');

  test('the first on its slot, then each next on the rhythm’s next slot', () => {
    expect(meetingToPlan(calendar, undefined, window)).toEqual({ meetingNo: 1, at: at('2027-01-18T09:00:00Z') });
    expect(meetingToPlan(calendar, { meetingNo: 9, startsAt: '2027-03-22T09:00:00.000Z' }, window)).toEqual({ meetingNo: 10, at: at('2027-04-05T08:00:00Z') });
  });

  test('none past the phase’s window: the next phase plans it', () => {
    expect(meetingToPlan(calendar, { meetingNo: 13, startsAt: '2027-05-17T08:00:00.000Z' }, { until: at('2027-06-01T00:00:00Z') })).toBeUndefined();
  });

  test('none when the last meeting moved onto or past the next slot: the moved one takes its place', () => {
    expect(meetingToPlan(calendar, { meetingNo: 1, startsAt: '2027-01-25T09:00:00.000Z' }, window)).toBeUndefined();
    expect(meetingToPlan(calendar, { meetingNo: 1, startsAt: '2027-01-24T09:00:00.000Z' }, window)).toEqual({ meetingNo: 2, at: at('2027-01-25T09:00:00Z') });
  });

  test('none after the year’s last slot', () => {
    expect(meetingToPlan(calendar, { meetingNo: 20, startsAt: '2027-12-17T09:00:00.000Z' }, meetingsWindow(calendar, 'meetings-2'))).toBeUndefined();
  });
});

describe('what a meetings phase does next', () => {
  const meeting = (meetingNo: number, startsAt: string, invited = true) => ({ meetingNo, occurrence: 1, startsAt, invited });

  test('a relationship closed, or asked to end, plans nothing more', () => {
    expect(isWindingDown({ status: 'closed' })).toBe(true);
    expect(isWindingDown({ status: 'active', endRequestedAt: '2027-03-01T10:00:00.000Z' })).toBe(true);
    expect(isWindingDown({ status: 'active' })).toBe(false);
  });

  test('the next meeting, its check-in three hours after it starts, settled before the next meeting’s reminder', () => {
    expect(nextStep(calendar, { phase: 'meetings-1', meeting: meeting(1, '2027-01-18T09:00:00.000Z', false) })).toEqual({
      next: 'meeting',
      meetingNo: 1,
      occurrence: 1,
      invited: false,
      checkInAt: at('2027-01-18T12:00:00Z'),
      windows: { answer: 70.5 * HOUR, reminder: 70.5 * HOUR },
    });
  });

  test('a review due no later than the next meeting comes first, its windows fitted before that meeting', () => {
    expect(nextStep(calendar, { phase: 'meetings-1', meeting: meeting(11, '2027-04-19T08:00:00.000Z') })).toEqual({
      next: 'review',
      review: 'month-3',
      dueAt: at('2027-04-11T11:00:00Z'),
      windows: { answer: 3 * DAY_SECONDS, reminder: 82.5 * HOUR },
    });
    expect(nextStep(calendar, { phase: 'meetings-1', reviewsDone: ['month-3'], meeting: meeting(11, '2027-04-19T08:00:00.000Z') })).toMatchObject({
      next: 'meeting',
      meetingNo: 11,
    });
  });

  test('with no meeting left in the window, a review still due is asked, then the phase ends', () => {
    expect(nextStep(calendar, { phase: 'meetings-2', reviewsDone: ['month-3', 'month-6'] })).toEqual({
      next: 'review',
      review: 'month-9',
      dueAt: at('2027-10-11T11:00:00Z'),
      windows: { answer: 3 * DAY_SECONDS, reminder: 4 * DAY_SECONDS },
    });
    expect(nextStep(calendar, { phase: 'meetings-2', reviewsDone: ['month-3', 'month-6', 'month-9'] })).toEqual({ next: 'end' });
  });

  test('the last meeting of a window checks in with the program’s windows: the next phase has its own', () => {
    // Meeting 14 is the last before the window ends on 11 July; meeting 15 falls in the next phase.
    expect(nextStep(calendar, { phase: 'meetings-1', reviewsDone: ['month-3'], meeting: meeting(14, '2027-06-17T08:00:00.000Z') })).toMatchObject({
      next: 'meeting',
      windows: { answer: 3 * DAY_SECONDS, reminder: 4 * DAY_SECONDS },
    });
  });

  test('an extension’s phase asks no review of the year', () => {
    const extended = { ...calendar, extensions: 1 };
    expect(nextStep(extended, { phase: 'extension-1' })).toEqual({ next: 'end' });
  });
});

describe('how the main line goes on', () => {
  test('a closed relationship goes on only from its closure, to its follow-up', () => {
    expect(goesOnAfter({ status: 'closed' }, 'closure')).toBe(true);
    expect(goesOnAfter({ status: 'closed' }, 'closure-2')).toBe(true);
    expect(goesOnAfter({ status: 'closed' }, 'meetings-2')).toBe(false);
    expect(goesOnAfter({ status: 'active' }, 'meetings-2')).toBe(true);
  });

  test('the agreement starts with the first meetings; the conclusion is no phase the relationship records', () => {
    expect(startsAgreement('matching', 'meetings-1')).toBe(true);
    expect(startsAgreement('matching', 'conclusion')).toBe(false);
    expect(startsAgreement('meetings-1', 'meetings-2')).toBe(false);
    expect(isRecordedPhase('conclusion')).toBe(false);
    expect(isRecordedPhase('meetings-2')).toBe(true);
  });
});
