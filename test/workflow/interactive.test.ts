import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { getLink, getQuestion } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * `npm start -- --interactive`: program time passes at a chosen pace so a person can read the
 * inbox and click, and what they do is handled at the instant they did it, before time moves
 * on. Here the person accepts the match for both, half a program day in.
 */
const program = exampleProgram({ id: 'interactive' });
const [pair] = examplePairs(program, 1);
/** Half a program day per wall second: the match waits three days, six seconds, for its reminder. */
const PACE = 43_200;
const HALF_DAY = 43_200_000;

let runtime: LocalRuntime;
const clicks: { before: number; answeredAt: number; after: number }[] = [];
let introducedAt: string | undefined;

/** What `find` sees once everything has settled and it holds: the person looks at the inbox when something arrived. */
const whenSettled = <T>(find: () => T | undefined): Promise<T> =>
  new Promise((resolve) => {
    const stop = runtime.clock.lookout(() => {
      const found = find();
      if (found !== undefined) {
        stop();
        resolve(found);
      }
      return false;
    });
  });

/** Program time reaching `at`: in interactive mode, when the wall clock has let it get there. */
const whenTimeReaches = (at: number): Promise<void> => new Promise((resolve) => runtime.clock.at(at, resolve, 'person'));

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: pair!.startDate, timeZone: pair!.timeZone }),
    ...sharedDynamoDb(),
  });
  await enrolCohort(program, [pair!]);
  const start = runtime.clock.nowEpochMs();

  // The person: reads the inbox, waits a while, and accepts for both.
  const person = (async () => {
    const links = await whenSettled(() => {
      const found = runtime.inbox
        .mail()
        .map((m) => /(http\S+\/r\/[\w-]+)\?answer=accept/.exec(m.body.text ?? '')?.[1])
        .filter((l) => l !== undefined);
      return found.length === 2 ? found : undefined;
    });
    await whenTimeReaches(start + HALF_DAY);
    for (const link of links) {
      const before = runtime.clock.nowEpochMs();
      const page = await fetch(link, {
        method: 'POST',
        body: new URLSearchParams({ answer: 'accept' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(page.status).toBe(200);
      const question = (await getQuestion((await getLink(link.split('/r/')[1]!))!.questionId))!;
      const answeredAt = Math.max(...Object.values(question.answers).map((a) => Date.parse(a.answeredAt)));
      clicks.push({ before, answeredAt, after: runtime.clock.nowEpochMs() });
    }
  })();

  await runtime.run({ pace: PACE, done: () => runtime.stepFunctions.listAll().some((e) => e.name.endsWith('-meetings-1')) });
  await person;
  introducedAt = runtime.inbox.mail().find((m) => m.subject.startsWith('Meet your'))?.subject;
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('interactive mode', () => {
  test('program time passes while nobody acts, and stands still while a click is handled', () => {
    expect(clicks).toHaveLength(2);
    for (const click of clicks) {
      expect(click.answeredAt).toBeGreaterThanOrEqual(click.before);
      expect(click.answeredAt).toBeGreaterThanOrEqual(
        relationshipStart({ program, startDate: pair!.startDate, timeZone: pair!.timeZone }).getTime() + HALF_DAY,
      );
    }
    // Time moved on between the two clicks (a person takes a moment), yet not while either was handled.
    expect(clicks[1]!.answeredAt).toBeGreaterThanOrEqual(clicks[0]!.after);
  });

  test('the second acceptance sets everything going at that very instant: the introduction and the first meetings phase', () => {
    expect(introducedAt).toMatch(/^Meet your/);
    const meetings = runtime.stepFunctions.listAll().find((e) => e.name.endsWith('-meetings-1'))!;
    expect(meetings.startDate.getTime()).toBe(clicks[1]!.answeredAt);
  });
});
