import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { agreedInterval, frequenciesToChoose, pairCadence, pairRhythm, type Cadence } from '#domain/pair-cadence';
import { closeStartEnd, meetingSlot, plannedMeetings, relationshipEnd, reviewDue, type RelationshipCalendar } from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

const ZONE = 'Europe/Amsterdam';
const program = exampleProgram();
const { cadence } = program.meetings;
const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: ZONE };

/** A meeting's local date, as the pair reads it. */
const dates = (meetings: Date[]) => meetings.map((m) => DateTime.fromJSDate(m, { zone: ZONE }).toFormat('MM-dd'));

/** The example program's close start: weekly from 18 January to 8 March. */
const CLOSE_START = ['01-18', '01-25', '02-01', '02-08', '02-15', '02-22', '03-01', '03-08'];

/** Two weeks, then monthly: a program that never meets weekly. */
const NEVER_WEEKLY: Cadence = [
  { every: { weeks: 2 }, until: { months: 3 } },
  { every: { months: 1 }, until: { months: 12 } },
];

describe('the pair’s cadence: their agreed frequency after the close start, within the program’s range', () => {
  test('each choice replaces the program’s later steps; the close start stays', () => {
    expect(pairCadence(cadence, 'weekly')).toEqual([cadence[0], { every: { weeks: 1 }, until: { months: 12 } }]);
    expect(pairCadence(cadence, 'every-two-weeks')).toEqual([cadence[0], { every: { weeks: 2 }, until: { months: 12 } }]);
    expect(pairCadence(cadence, 'monthly')).toEqual([cadence[0], { every: { months: 1 }, until: { months: 12 } }]);
  });

  test('no frequency, or a program of one step, keeps the program’s cadence', () => {
    expect(pairCadence(cadence, undefined)).toBe(cadence);
    const oneStep: Cadence = [{ every: { weeks: 2 }, until: { months: 6 } }];
    expect(pairCadence(oneStep, 'monthly')).toBe(oneStep);
  });

  test('a wish outside the program’s range is clamped to its nearest end: up to the most frequent step, down to the least', () => {
    // Never weekly: a pair asking for weekly meets every two weeks.
    expect(agreedInterval(NEVER_WEEKLY, 'weekly')).toEqual({ weeks: 2 });
    expect(agreedInterval(NEVER_WEEKLY, 'monthly')).toEqual({ months: 1 });
    // Never less often than every two weeks: a pair asking for monthly meets every two weeks.
    const close: Cadence = [
      { every: { weeks: 1 }, until: { weeks: 8 } },
      { every: { weeks: 2 }, until: { months: 12 } },
    ];
    expect(agreedInterval(close, 'monthly')).toEqual({ weeks: 2 });
    expect(agreedInterval(close, 'weekly')).toEqual({ weeks: 1 });
    // A step of the program's own size is the bound itself.
    const tenDays: Cadence = [
      { every: { days: 10 }, until: { weeks: 8 } },
      { every: { days: 20 }, until: { months: 12 } },
    ];
    expect([agreedInterval(tenDays, 'weekly'), agreedInterval(tenDays, 'every-two-weeks'), agreedInterval(tenDays, 'monthly')]).toEqual([
      { days: 10 },
      { weeks: 2 },
      { days: 20 },
    ]);
  });

  test('the page offers only the frequencies the clamp leaves as they are, and none when there is nothing to choose', () => {
    expect(frequenciesToChoose(cadence)).toEqual(['weekly', 'every-two-weeks', 'monthly']);
    expect(frequenciesToChoose(NEVER_WEEKLY)).toEqual(['every-two-weeks', 'monthly']);
    expect(frequenciesToChoose([{ every: { weeks: 2 }, until: { months: 6 } }])).toEqual([]);
    expect(
      frequenciesToChoose([
        { every: { days: 10 }, until: { weeks: 8 } },
        { every: { days: 20 }, until: { months: 12 } },
      ]),
    ).toEqual([]);
  });

  test('a relationship without an agreed frequency, or whose agreement predates the rhythm, keeps the program’s calendar', () => {
    expect(pairRhythm(program, undefined)).toBeUndefined();
    expect(pairRhythm(program, {})).toBeUndefined();
    expect(pairRhythm(program, { frequency: 'monthly' })).toBeUndefined();
    expect(pairRhythm(program, { frequency: 'monthly', fromMeetingNo: 2 })).toEqual({ cadence: pairCadence(cadence, 'monthly'), fromMeetingNo: 2 });
  });
});

describe('the example year on the pair’s rhythm, agreed after the first meeting', () => {
  const agreeing = (frequency: 'weekly' | 'every-two-weeks' | 'monthly', fromMeetingNo = 2): RelationshipCalendar => ({
    ...calendar,
    rhythm: pairRhythm(program, { frequency, fromMeetingNo })!,
  });

  test('monthly after 8 March: 18 meetings instead of 20, each on the 8th or the working day after', () => {
    expect(dates(plannedMeetings(agreeing('monthly')))).toEqual([
      ...CLOSE_START,
      ...['04-08', '05-10', '06-08', '07-08', '08-09', '09-08', '10-08', '11-08', '12-08', '01-10'],
    ]);
  });

  test('every two weeks after 8 March: 30 meetings', () => {
    const year = plannedMeetings(agreeing('every-two-weeks'));
    expect(year).toHaveLength(30);
    expect(dates(year).slice(0, 9)).toEqual([...CLOSE_START, '03-22']);
    expect(dates(year).at(-1)).toBe('01-10');
  });

  test('weekly all year: 52 meetings', () => {
    expect(plannedMeetings(agreeing('weekly'))).toHaveLength(52);
  });

  test('the close start ends at week 8; reviews and the anniversary keep their dates', () => {
    expect(DateTime.fromJSDate(closeStartEnd(calendar), { zone: ZONE }).toISODate()).toBe('2027-03-08');
    const monthly = agreeing('monthly');
    expect(relationshipEnd(monthly)).toEqual(relationshipEnd(calendar));
    expect([3, 6, 9].map((m) => reviewDue(monthly, m))).toEqual([3, 6, 9].map((m) => reviewDue(calendar, m)));
  });

  test('an agreement recorded late leaves the meetings already planned as they were: the rhythm spaces those after them', () => {
    // Recorded while meeting 10 (5 April, every two weeks) was planned: 11 is a month after it.
    const late = agreeing('monthly', 11);
    expect(dates(plannedMeetings(late)).slice(0, 10)).toEqual(dates(plannedMeetings(calendar)).slice(0, 10));
    expect(dates([meetingSlot(late, 11)!])).toEqual(['05-05']);
  });
});
