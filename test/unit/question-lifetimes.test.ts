import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { QUESTION_KIND_NAMES, type QuestionKindName } from '#domain/model';
import {
  endLinksCloseAt,
  pauseWaitSeconds,
  PAUSE_LINK_GRACE_DAYS,
  QUESTION_CLOSES,
  waitSeconds,
  type Asking,
  type Attempt,
} from '#domain/lifecycle/question-lifetimes';
import { addDays, addMonths, answerWindowSeconds, DAY_SECONDS, relationshipEnd, type RelationshipCalendar } from '#domain/program/schedule';
import { exampleProgram } from '../support/cohort.ts';

const program = exampleProgram({ pause: { maxDays: 180 } });
const calendar: RelationshipCalendar = { program, startDate: '2027-01-11', timeZone: 'Europe/Amsterdam' };
const START = new Date('2027-01-11T00:00:00Z');

/** When the follow-up of the longest relationship this program allows is asked, extensions and all. */
const lastFollowUp = (on: RelationshipCalendar) =>
  addMonths(relationshipEnd({ ...on, extensions: on.program.extension.maxTimes }), on.program.followUp.afterMonths, on.timeZone);

/**
 * The wait each kind of question is asked for, in seconds from the moment it is asked, as the
 * state machines wait it: a question with a reminder waits the attempt's window, a pause until
 * its planned return, and the standing question to end a relationship as long as it may run.
 */
const WAIT_ENDS: Record<QuestionKindName, (asking: Asking) => Date> = {
  ...(Object.fromEntries(
    QUESTION_KIND_NAMES.map((kind) => [kind, ({ now, attempt, windows }: Asking) => new Date(now.getTime() + waitSeconds(attempt, windows) * 1000)]),
  ) as Record<QuestionKindName, (asking: Asking) => Date>),
  pause: ({ now, pauses, subject }) =>
    new Date(
      now.getTime() +
        pauseWaitSeconds(
          pauses.find((p) => p.pauseNo === subject.pauseNo)!,
          now,
        ) *
          1000,
    ),
  'end-relationship': ({ calendar: on }) => lastFollowUp(on),
};

const asking = (now: Date, attempt: Attempt, pauseDays: number, windowDays: number[]): Asking => {
  const [answer, reminder, escalation] = windowDays.map((days) => Math.round(days * DAY_SECONDS)) as [number, number, number];
  return {
    now,
    attempt,
    windows: { answer, reminder, escalation },
    subject: { pauseNo: 1 },
    calendar,
    pauses: [{ pauseNo: 1, plannedUntil: addDays(now, pauseDays).toISOString() }],
  };
};

describe('every link lives as long as its question', () => {
  test.each(QUESTION_KIND_NAMES)('the %s question closes no sooner than the wait it is asked for ends', (kind) => {
    fc.assert(
      fc.property(
        fc.date({ min: START, max: addDays(START, 365), noInvalidDate: true }),
        fc.constantFrom<Attempt>('first', 'reminder', 'escalation'),
        fc.double({ min: 0.0001, max: 180, noNaN: true }),
        fc.array(fc.double({ min: 1 / 24, max: 14, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (now, attempt, pauseDays, windowDays) => {
          const question = asking(now, attempt, pauseDays, windowDays);
          expect(QUESTION_CLOSES[kind](question).getTime()).toBeGreaterThanOrEqual(WAIT_ENDS[kind](question).getTime());
        },
      ),
    );
  });

  test('a question with a reminder closes when its last wait ends, so the deadline in its letter is the one kept', () => {
    const windows = answerWindowSeconds(program.answers);
    const at = (attempt: Attempt) => QUESTION_CLOSES['check-in']({ ...asking(START, attempt, 1, [3, 4, 7]), windows }).getTime() - START.getTime();
    expect([at('first'), at('reminder'), at('escalation')]).toEqual([(3 + 4) * DAY_SECONDS * 1000, 4 * DAY_SECONDS * 1000, 7 * DAY_SECONDS * 1000]);
  });

  test('a 180-day pause’s “resume now” link is still open on day 170, and until a day past the planned return', () => {
    const pause = asking(START, 'first', 180, [3, 4, 7]);
    const closesAt = QUESTION_CLOSES.pause(pause);
    expect(closesAt.getTime()).toBeGreaterThan(addDays(START, 170).getTime());
    expect(closesAt).toEqual(addDays(START, 180 + PAUSE_LINK_GRACE_DAYS));
    // The pause itself waits for the planned return.
    expect(pauseWaitSeconds(pause.pauses[0]!, START)).toBe(180 * DAY_SECONDS);
  });

  test('the links to end a relationship stay open through every extension, the follow-up and the longest pause, and a pause moves them on', () => {
    const closesAt = endLinksCloseAt(calendar);
    expect(closesAt.getTime()).toBeGreaterThanOrEqual(addDays(lastFollowUp(calendar), program.pause.maxDays).getTime());
    expect(endLinksCloseAt({ ...calendar, shiftDays: 180 }).getTime()).toBeGreaterThan(closesAt.getTime());
  });
});
