import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { pauseRelationship, resumeEarly } from '#use-cases/pauses/pauses';
import { pause as pauseQuestion } from '#use-cases/pauses/pause-question';
import { requestEnd } from '#use-cases/endings/endings';
import { endQuestionId } from '#use-cases/relationship/end-links';
import { getLink, getQuestion, getRelationship } from '#adapters/store';
import { documents, tables } from '#adapters/store/dynamodb/client';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { readInbox, type StoredEmail } from '#local/services/inbox';
import { startParticipants } from '#local/participants';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * A link answers as long as its question waits: a pause of 180 days can be ended early by its
 * e-mail's button on day 170, and the coordinator's commands work from what the relationship
 * records once a question's record has expired (DynamoDB's TTL deleted it; here the test does).
 * Simulated people answer everything but the pause, which is the coordinator's to end.
 */
const program = exampleProgram({ id: 'question-lifetimes', pause: { maxDays: 180 } });
const [sari, tomasz, giulia] = examplePairs(program, 3) as [PairRow, PairRow, PairRow];
const PAUSE_DAYS = 180;

let runtime: LocalRuntime;
let participants: ReturnType<typeof startParticipants>;
const relationshipOf = new Map<PairRow, string>();
let pausedAt: Date;

const addressOf = (mail: StoredEmail) => (/<([^>]+)>/.exec(mail.destination.to[0] ?? '')?.[1] ?? mail.destination.to[0] ?? '').toLowerCase();
const mailTo = async (address: string, subject: RegExp) =>
  (await readInbox(runtime.inbox.endpoint)).filter((m) => addressOf(m) === address.toLowerCase() && subject.test(m.subject));
const WELCOME_BACK = /^Welcome back: your mentoring/;

/** Lets program time run, event after event, until `find` finds what it looks for. */
const waitFor = async <T>(what: string, find: () => Promise<T | undefined>): Promise<T> => {
  let found: T | undefined;
  await runtime.run({ done: async () => (found = await find()) !== undefined });
  if (found === undefined) throw new Error(`the lifecycle ended without ${what}`);
  return found;
};
const runUntilDay = (day: number) => runtime.run({ until: addDays(pausedAt, day), done: () => false });
const active = async (row: PairRow) => ((await getRelationship(relationshipOf.get(row)!)).status === 'active' ? true : undefined);
const executionsOf = (row: PairRow) =>
  runtime.stepFunctions
    .listAll()
    .filter((e) => e.name.startsWith(`${relationshipOf.get(row)}-`))
    .map((e) => [e.name.slice(relationshipOf.get(row)!.length + 1), e.status]);

/** What DynamoDB's TTL does once a record's time is up. */
const expire = (questionId: string) => documents().send(new DeleteCommand({ TableName: tables().responses, Key: { id: `QUESTION#${questionId}` } }));
const pauseQuestionOf = (row: PairRow) => pauseQuestion.questionId(relationshipOf.get(row)!, { pauseNo: 1 });

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }),
    ...sharedDynamoDb(),
  });
  participants = startParticipants({
    runtime,
    policy: agreeing(
      () => ({ afterDays: 0.1 }),
      (mail) => (mail.kind === 'pause' ? undefined : { afterDays: 0.1 }),
    ),
  });
  const enrolled = (await enrolCohort(program, [sari, tomasz, giulia])).enrolled;
  [sari, tomasz, giulia].forEach((row, i) => relationshipOf.set(row, enrolled[i]!));
  // Into their meetings: the first one held.
  await waitFor('the first meetings', async () => {
    for (const id of enrolled) if ((await getRelationship(id)).phase !== 'meetings-1') return undefined;
    return (await mailTo(sari.mentee.email, /^How did your meeting/)).length ? true : undefined;
  });
  await runtime.settle();
  pausedAt = runtime.clock.now();
  for (const row of [sari, tomasz]) await pauseRelationship(relationshipOf.get(row)!, addDays(pausedAt, PAUSE_DAYS));
  await waitFor('the pauses’ questions', async () =>
    (await getQuestion(pauseQuestionOf(sari))) && (await getQuestion(pauseQuestionOf(tomasz))) ? true : undefined,
  );
});

afterAll(async () => {
  await participants?.stop();
  await runtime?.stop();
});

describe('the coordinator ends a relationship whose links to end it have expired', () => {
  test('`mentoring conclude` works from the relationship’s record alone', async () => {
    await expire(endQuestionId(relationshipOf.get(giulia)!));
    expect(await requestEnd(relationshipOf.get(giulia)!)).toBe('ending');
    await waitFor('the relationship to end', async () => ((await getRelationship(relationshipOf.get(giulia)!)).status === 'closed' ? true : undefined));
    expect(await getRelationship(relationshipOf.get(giulia)!)).toMatchObject({ ending: 'ended-early', endRequestedBy: 'coordinator' });
    for (const person of [giulia.mentee, giulia.mentor]) expect(await mailTo(person.email, /^Your mentoring relationship ends here/)).toHaveLength(1);
  });
});

describe('a pause’s link and record last as long as the pause', () => {
  test('the coordinator’s “resume now” link, and its record, stay until the planned return and a day past it', async () => {
    for (const row of [sari, tomasz]) {
      const question = (await getQuestion(pauseQuestionOf(row)))!;
      expect(question.closesAt).toBe(addDays(pausedAt, PAUSE_DAYS + 1).toISOString());
      for (const linkId of Object.values(question.links)) expect((await getLink(linkId))!.expiresAt).toBe(question.closesAt);
    }
  });

  test('on day 100, with the pause’s question record expired, `mentoring resume` still resumes it, and they are welcomed back once', async () => {
    await runUntilDay(100);
    await expire(pauseQuestionOf(tomasz));
    expect(await getQuestion(pauseQuestionOf(tomasz))).toBeUndefined();
    await resumeEarly(relationshipOf.get(tomasz)!);
    await waitFor('the meetings to start again', async () => (executionsOf(tomasz).some(([name]) => name === 'meetings-1-after-pause-1') ? true : undefined));
    expect(await active(tomasz)).toBe(true);
    expect((await getRelationship(relationshipOf.get(tomasz)!)).pauses).toMatchObject([{ pauseNo: 1, shiftDays: 100 }]);
    expect(executionsOf(tomasz)).toContainEqual(['pause-1', 'ABORTED']);
    for (const person of [tomasz.mentee, tomasz.mentor]) expect(await mailTo(person.email, WELCOME_BACK)).toHaveLength(1);
  });

  // Paused again at once, so the pair does not meet on meanwhile.
  test('`mentoring pause` pauses again after the last pause’s question expired; the links to end the relationship stay open the longer', async () => {
    const endLinks = async () => (await getQuestion(endQuestionId(relationshipOf.get(tomasz)!)))!;
    const before = (await endLinks()).closesAt;
    await pauseRelationship(relationshipOf.get(tomasz)!, addDays(runtime.clock.now(), 120));
    await waitFor('the second pause’s question', () => getQuestion(pauseQuestion.questionId(relationshipOf.get(tomasz)!, { pauseNo: 2 })));
    expect((await getRelationship(relationshipOf.get(tomasz)!)).status).toBe('paused');
    // The first pause moved the schedule on by 100 days, and the end links with it (months from a later start may be longer).
    const after = await endLinks();
    expect(new Date(after.closesAt).getTime() - new Date(before).getTime()).toBeGreaterThanOrEqual(100 * 86_400_000);
    for (const linkId of Object.values(after.links)) expect((await getLink(linkId))!.expiresAt).toBe(after.closesAt);
  });

  test('on day 170 the e-mail’s “resume now” button ends the 180-day pause', async () => {
    const [mail] = await mailTo(sari.coordinator.email, /^Mentoring paused: Sari Wibowo/);
    const link = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)\?answer=resume/.exec(mail!.body.text ?? '')![1]!;
    await runUntilDay(170);
    expect(await active(sari)).toBeUndefined();
    const page = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({ answer: 'resume' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The mentoring resumes now');
    await waitFor('the meetings to start again', async () => (executionsOf(sari).some(([name]) => name === 'meetings-1-after-pause-1') ? true : undefined));
    expect(await active(sari)).toBe(true);
    expect((await getRelationship(relationshipOf.get(sari)!)).pauses).toMatchObject([{ pauseNo: 1, shiftDays: 170 }]);
    expect(executionsOf(sari)).toContainEqual(['pause-1', 'SUCCEEDED']);
    for (const person of [sari.mentee, sari.mentor]) expect(await mailTo(person.email, WELCOME_BACK)).toHaveLength(1);
  });

  test('`mentoring resume` ends a pause by its question while it is there', async () => {
    await resumeEarly(relationshipOf.get(tomasz)!);
    await waitFor('the pause to end', () => active(tomasz));
    expect(executionsOf(tomasz)).toContainEqual(['pause-2', 'SUCCEEDED']);
    expect(executionsOf(tomasz)).toContainEqual(['meetings-1-after-pause-2', 'RUNNING']);
  });
});
