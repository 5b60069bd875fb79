import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { findPersonIdByEmail, findRelationshipIdOfMentee, getRelationship, listRematchRequests } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { runMentoring } from '../support/cli.ts';

/**
 * A rematch that actually happens: Sari ends her relationship with Marco without blame three
 * months in; the coordinator matches her again with Anneke (the mentor of another pair, who has
 * room), and the new relationship runs its own year. Marco is never her mentor again.
 */
const program = exampleProgram({ id: 'rematch' });
const [sari, tomasz] = examplePairs(program, 2) as [PairRow, PairRow];

let runtime: LocalRuntime;
let first = '';
let second = '';

const atProgramTime = (...args: string[]) =>
  runMentoring(args, { ...process.env, MENTORING_PROGRAM_TIME: runtime.clock.now().toISOString() }, 'mentoringLocalCli');
const post = async (url: string, form: Record<string, string>) =>
  (await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status;

beforeAll(async () => {
  const start = relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone });
  runtime = await startLocalRuntime({ programOrigin: start, ...sharedDynamoDb() });
  // Everyone answers everything, at once; every meeting is held.
  startParticipants({ runtime, policy: agreeing(() => ({ answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 })) });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [sari, tomasz]));
  first = enrolled[0]!;
  await runtime.run({ until: addDays(start, 90), done: () => false });
  // Sari's own private link, in the foot of her e-mails.
  const sariId = (await findPersonIdByEmail(program.id, sari.mentee.email))!;
  const { endLinks } = await getRelationship(first);
  expect(await post(`${runtime.responsePages.baseUrl}/r/${endLinks![sariId]}`, { confirm: 'yes' })).toBe(200);
  await runtime.run({ done: async () => (await getRelationship(first)).status === 'closed' });
  await runtime.settle();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('mentoring rematch: a mentee who ended without blame is matched again', () => {
  test('the ended relationship leaves an open rematch request for Sari', async () => {
    expect(await getRelationship(first)).toMatchObject({ status: 'closed', ending: 'ended-early' });
    const requests = await listRematchRequests(program.id);
    expect(requests.map((r) => [r.relationshipId, r.reason, r.status])).toEqual([[first, 'ended-early', 'open']]);
  });

  test('bad input: one clear line and nothing changed; her former mentor is refused', async () => {
    const refused = [
      [
        ['rematch', first, '--mentor', sari.mentor.email],
        `${sari.mentor.email} mentored this mentee before, or is their line manager: a rematch needs someone new\n`,
      ],
      [
        ['rematch', first, '--mentor', sari.manager.email],
        `${sari.manager.email} mentored this mentee before, or is their line manager: a rematch needs someone new\n`,
      ],
      [
        ['rematch', first, '--mentor', 'nobody@example.org'],
        `no one with the address nobody@example.org takes part in program rematch: enrol a new mentor with a file\n`,
      ],
      [['rematch', 'rel-000000000000', '--mentor', tomasz.mentor.email], 'no relationship rel-000000000000\n'],
      [['rematch', tomasz.mentee.email, '--mentor', sari.mentor.email], expect.stringMatching(/is still under way: end it without blame first/)],
    ] as const;
    for (const [args, err] of refused) expect(await atProgramTime(...args)).toEqual({ code: 2, out: '', err });
    expect(await findRelationshipIdOfMentee(program.id, (await findPersonIdByEmail(program.id, sari.mentee.email))!)).toBe(first);
  });

  test('with a new mentor: a new relationship, each naming the other, the request taken up, the match proposed in the console’s input', async () => {
    const { code, out, err } = await atProgramTime('rematch', sari.mentee.email, '--mentor', tomasz.mentor.email);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    second = /^Rematched as (rel-[0-9a-f]+) \(after (rel-[0-9a-f]+)\)/.exec(out)![1]!;
    expect(out).toContain(`(after ${first})`);
    const ended = await getRelationship(first);
    const rematch = await getRelationship(second);
    const sariId = (await findPersonIdByEmail(program.id, sari.mentee.email))!;
    expect(ended.rematchedAs).toEqual([{ menteeId: sariId, relationshipId: second }]);
    expect(rematch).toMatchObject({ rematchOf: first, status: 'matching', mentees: [{ personId: sariId, status: 'active' }] });
    expect(rematch.mentorId).toBe(await findPersonIdByEmail(program.id, tomasz.mentor.email));
    expect((await listRematchRequests(program.id)).map((r) => [r.status, r.rematchedAs])).toEqual([['rematched', second]]);
    const matching = runtime.stepFunctions.listAll().find((e) => e.name === `${second}-matching`)!;
    const [started] = runtime.stepFunctions.history(matching.executionArn);
    expect(JSON.parse(String(started!.executionStartedEventDetails!.input))).toMatchObject({ relationshipId: second, phase: 'matching', rematchOf: first });
    // Asked again: she is in a relationship under way now.
    expect(await atProgramTime('rematch', first, '--mentor', tomasz.mentor.email)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/matched again since, in rel-/),
    });
  });

  test('the new relationship runs its own year to its follow-up', async () => {
    await runtime.run({ done: async () => Boolean((await getRelationship(second)).recordCompletedAt) });
    await runtime.settle();
    expect(await getRelationship(second)).toMatchObject({ status: 'closed', ending: 'completed', rematchOf: first });
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'FAILED')).toEqual([]);
  });
});
