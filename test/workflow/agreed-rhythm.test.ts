import { DateTime } from 'luxon';
import { beforeAll, describe, expect, test } from 'vitest';
import { plannedMeetings } from '#domain/program/schedule';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import type { Policy } from '#local/participants';
import { agreeing, examplePairs, exampleProgram, twinStore } from '../support/cohort.ts';

/**
 * Half a year from Monday 11 January 2027 on the example program's cadence: weekly until week 8
 * (the close start, 18 January to 8 March), every two weeks until month 4, then monthly. After
 * their first meeting Sari's pair agrees to meet monthly, Tomasz's every two weeks; Giulia's
 * pair asks for weekly, which the program allows (its close start meets weekly); Kari's pair never
 * answers the working agreement, so names no rhythm. Everyone answers every check-in "held".
 */
const program = exampleProgram({
  id: 'agreed-rhythm',
  relationship: { lengthMonths: 6, firstMeetingAfterDays: 7 },
  meetings: {
    time: '10:00',
    durationMinutes: 60,
    reminderHoursBefore: 24,
    checkInHoursAfter: 2,
    cadence: [
      { every: { weeks: 1 }, until: { weeks: 8 } },
      { every: { weeks: 2 }, until: { months: 4 } },
      { every: { months: 1 }, until: { months: 6 } },
    ],
  },
  reviewMonths: [3],
  midpointReviewMonth: 3,
  followUp: { afterMonths: 1 },
});
const [sari, tomasz, giulia, , kari] = examplePairs(program, 5);
const FREQUENCY_OF = new Map([
  [sari!.mentor.email, 'monthly'],
  [sari!.mentee.email, 'monthly'],
  [tomasz!.mentor.email, 'every-two-weeks'],
  [tomasz!.mentee.email, 'every-two-weeks'],
  [giulia!.mentor.email, 'weekly'],
  [giulia!.mentee.email, 'weekly'],
]);

const workingAgreements: Policy = (mail) => {
  if (mail.kind !== 'working-agreement') return { afterDays: 0.1 };
  const frequency = FREQUENCY_OF.get(mail.to);
  return frequency ? { afterDays: 0.1, fields: { frequency } } : undefined;
};

let run: CohortRecord;
const datesOf = (row: typeof sari) => {
  const pair = run.pairs.find((p) => p.mentee === row!.mentee.name)!;
  return pair.meetingDates.map((d) => DateTime.fromISO(d, { zone: row!.timeZone }).toFormat('MM-dd HH:mm'));
};
const at10 = (days: string[]) => days.map((d) => `${d} 10:00`);

/** The close start, the same for every pair: weekly from 18 January to 8 March. */
const CLOSE_START = ['01-18', '01-25', '02-01', '02-08', '02-15', '02-22', '03-01', '03-08'];

beforeAll(async () => {
  run = await runCohort({
    program,
    rows: [sari!, tomasz!, giulia!, kari!],
    policy: agreeing(() => ({ answer: 'held', afterDays: 0.1 }), workingAgreements),
    runtime: twinStore(),
  });
}, 180_000);

describe('the pair’s agreed rhythm spaces their meetings after the close start', () => {
  test('every pair went through its half year and held every meeting it planned', () => {
    for (const pair of run.pairs) expect(pair).toMatchObject({ status: 'closed', meetings: { moved: 0, notHeld: 0, unanswered: 0 } });
    expect(Object.fromEntries(run.pairs.map((p) => [p.mentee, p.meetings.held]))).toEqual({
      [sari!.mentee.name]: 12,
      [tomasz!.mentee.name]: 16,
      [giulia!.mentee.name]: 25,
      [kari!.mentee.name]: 14,
    });
  });

  test('monthly after 8 March: on the 8th, or the Monday after a weekend, until the half year ends on 11 July', () => {
    expect(datesOf(sari)).toEqual(at10([...CLOSE_START, '04-08', '05-10', '06-08', '07-08']));
  });

  test('every two weeks after 8 March: the program’s months 2 to 4, and on past month 4 instead of monthly', () => {
    expect(datesOf(tomasz)).toEqual(at10([...CLOSE_START, '03-22', '04-05', '04-19', '05-03', '05-17', '05-31', '06-14', '06-28']));
  });

  test('weekly all through, as often as the program’s close start and never more', () => {
    const weekly = datesOf(giulia);
    expect(weekly).toHaveLength(25);
    expect(weekly.slice(7, 10)).toEqual(at10(['03-08', '03-15', '03-22']));
    expect(weekly.at(-1)).toBe('07-05 10:00');
  });

  test('a pair that named no rhythm keeps the program’s cadence: every two weeks until month 4, then monthly', () => {
    expect(datesOf(kari)).toEqual(at10([...CLOSE_START, '03-22', '04-05', '04-19', '05-03', '05-17', '06-17']));
    const programs = plannedMeetings({ program, startDate: kari!.startDate, timeZone: kari!.timeZone });
    expect(programs.map((m) => DateTime.fromJSDate(m, { zone: kari!.timeZone }).toFormat('MM-dd HH:mm'))).toEqual(datesOf(kari));
  });
});
