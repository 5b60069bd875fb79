import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { findPersonIdByEmail, findRelationshipIdOfMentee, getRelationship, listRematchRequests } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { runMentoring } from '../support/cli.ts';

/**
 * A rematch that actually happens. Three months in, Sari ends her relationship with Marco
 * without blame, and Budi his with Rina. The next weekly digest proposes each of them the best
 * mentor with room now, with the reasons: Sari with Rina, Budi with Marco (never the mentor they
 * had). The coordinator approves Sari's with the digest's two-click button and Budi's with
 * `mentoring rematch`; each new relationship runs its own year.
 */
const program = exampleProgram({ id: 'rematch' });
const rows = examplePairs(program, 4) as [PairRow, PairRow, PairRow, PairRow];
const [sari, , , budi] = rows;
const [marco, rina] = [sari.mentor, budi.mentor];

let runtime: LocalRuntime;
const ended = new Map<PairRow, string>();
const rematched = new Map<PairRow, string>();
let digest = '';

const atProgramTime = (...args: string[]) =>
  runMentoring(args, { ...process.env, MENTORING_PROGRAM_TIME: runtime.clock.now().toISOString() }, 'mentoringLocalCli');
const post = async (url: string, form: Record<string, string>) =>
  (await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status;
const personId = async (p: PairRow['mentee']) => (await findPersonIdByEmail(program.id, p.email))!;

beforeAll(async () => {
  const start = relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone });
  runtime = await startLocalRuntime({ programOrigin: start, ...sharedDynamoDb() });
  // Everyone answers everything, at once; every meeting is held.
  startParticipants({ runtime, policy: agreeing(() => ({ answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 })) });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [sari, budi]));
  ended.set(sari, enrolled[0]!).set(budi, enrolled[1]!);
  // Three months in, on a Wednesday: each mentee presses their own private link to end it.
  await runtime.run({ until: addDays(start, 94), done: () => false });
  for (const pair of [sari, budi]) {
    const { endLinks } = await getRelationship(ended.get(pair)!);
    expect(await post(`${runtime.responsePages.baseUrl}/r/${endLinks![await personId(pair.mentee)]}`, { confirm: 'yes' })).toBe(200);
  }
  await runtime.run({ done: async () => (await Promise.all([sari, budi].map((p) => getRelationship(ended.get(p)!)))).every((r) => r.status === 'closed') });
  // The next Monday's digest: the first after the endings.
  const endedAt = runtime.clock.now().toISOString();
  await runtime.run({ until: addDays(runtime.clock.now(), 7), done: () => false });
  await runtime.settle();
  const after = (await sentEmails(program.id, runtime.inbox.mail())).filter((m) => m.kind === 'digest' && m.sentAt > endedAt);
  expect(after).toHaveLength(1);
  digest = after[0]!.body.text!;
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('a rematch that happens: proposed in the digest, approved with two clicks or the command', () => {
  test('the digest proposes each mentee the best mentor with room, with the reasons; never the mentor they had', () => {
    expect(digest).toContain('Rematches to approve: the best mentor with room now for each mentee waiting.');
    expect(digest).toContain(`• ${sari.mentee.name} with ${rina.name}: offers Stakeholder management, which Sari wants; 3 working hours in common`);
    expect(digest).toContain(`• ${budi.mentee.name} with ${marco.name}: offers Stakeholder management, which Budi wants; 3 working hours in common`);
    expect(digest).not.toContain(`• ${sari.mentee.name} with ${marco.name}:`);
    expect(digest).not.toContain(`• ${budi.mentee.name} with ${rina.name}:`);
  });

  test('bad input: one clear line and nothing changed; a former mentor or the line manager is refused', async () => {
    const refused = [
      [
        ['rematch', ended.get(sari)!, '--mentor', marco.email],
        `${marco.email} mentored this mentee before, or is their line manager: a rematch needs someone new\n`,
      ],
      [
        ['rematch', ended.get(sari)!, '--mentor', sari.manager.email],
        `${sari.manager.email} mentored this mentee before, or is their line manager: a rematch needs someone new\n`,
      ],
      [
        ['rematch', ended.get(sari)!, '--mentor', 'nobody@example.org'],
        'no one with the address nobody@example.org takes part in program rematch: enrol a new mentor with a file\n',
      ],
      [['rematch', 'rel-000000000000', '--mentor', rina.email], 'no relationship rel-000000000000\n'],
      [['rematch', 'nobody@example.org'], 'no mentee nobody@example.org\n'],
    ] as const;
    for (const [args, err] of refused) expect(await atProgramTime(...args)).toEqual({ code: 2, out: '', err });
    expect(await findRelationshipIdOfMentee(program.id, await personId(sari.mentee))).toBe(ended.get(sari));
  });

  test('Sari’s with the digest’s button: opening it changes nothing; pressing it enrols the new pair, each relationship naming the other', async () => {
    const url = new RegExp(`• ${sari.mentee.name} with ${rina.name}:[^\\n]*\\n\\nApprove the rematch:\\n(\\S+)`).exec(digest)![1]!;
    const page = await fetch(url);
    expect(await page.text()).toContain(`Match ${sari.mentee.name} again, with ${rina.name}`);
    await runtime.settle();
    expect(await findRelationshipIdOfMentee(program.id, await personId(sari.mentee))).toBe(ended.get(sari));
    expect(await post(url, { answer: 'rematch' })).toBe(200);
    await runtime.settle();
    const now = (await findRelationshipIdOfMentee(program.id, await personId(sari.mentee)))!;
    expect(now).not.toBe(ended.get(sari));
    rematched.set(sari, now);
    expect(await getRelationship(now)).toMatchObject({ rematchOf: ended.get(sari), mentorId: await personId(rina) });
    expect((await getRelationship(ended.get(sari)!)).rematchedAs).toEqual([{ menteeId: await personId(sari.mentee), relationshipId: now }]);
    const matching = runtime.stepFunctions.listAll().find((e) => e.name === `${now}-matching`)!;
    const [started] = runtime.stepFunctions.history(matching.executionArn);
    expect(JSON.parse(String(started!.executionStartedEventDetails!.input))).toMatchObject({
      relationshipId: now,
      phase: 'matching',
      rematchOf: ended.get(sari),
    });
    // Pressed again: already answered; nothing more is enrolled.
    expect(await post(url, { answer: 'rematch' })).toBe(200);
    await runtime.settle();
    expect((await getRelationship(ended.get(sari)!)).rematchedAs).toHaveLength(1);
  });

  test('Budi’s with `mentoring rematch` and no mentor named: the one proposed; the requests are taken up', async () => {
    const { code, out, err } = await atProgramTime('rematch', budi.mentee.email);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(new RegExp(`^Rematched with ${marco.name} as rel-[0-9a-f]+ \\(after ${ended.get(budi)}\\)`));
    rematched.set(budi, (await findRelationshipIdOfMentee(program.id, await personId(budi.mentee)))!);
    expect((await listRematchRequests(program.id)).map((r) => [r.relationshipId, r.status, r.rematchedAs]).sort()).toEqual(
      [
        [ended.get(sari), 'rematched', rematched.get(sari)],
        [ended.get(budi), 'rematched', rematched.get(budi)],
      ].sort(),
    );
    expect(await atProgramTime('rematch', budi.mentee.email)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/is still under way: end it without blame first/),
    });
  });

  test('both new relationships run their own year to the follow-up; nothing fails', async () => {
    await runtime.run({
      done: async () => (await Promise.all([sari, budi].map((p) => getRelationship(rematched.get(p)!)))).every((r) => Boolean(r.recordCompletedAt)),
    });
    await runtime.settle();
    for (const pair of [sari, budi])
      expect(await getRelationship(rematched.get(pair)!)).toMatchObject({ status: 'closed', ending: 'completed', rematchOf: ended.get(pair) });
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'FAILED')).toEqual([]);
  });
});
