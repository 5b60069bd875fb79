import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relationshipStart, addMonths, addDays } from '#domain/program/schedule';
import { ERASED_NAME } from '#domain/people/retention';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { localStateMachineArn } from '#workflows/render';
import { loopbackSettings } from '#local/services/loopback';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import {
  getRelationship,
  listAnswers,
  listGoals,
  listMail,
  listMeetings,
  listPeople,
  listRelationships,
  listResponseRecords,
  listRematchRequests,
} from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { summarisePairs, type PairSummary } from '#local/run-cohort';
import type { DailyCheckReport } from '#use-cases/checks/daily-checks';
import { forgetPerson } from '#use-cases/privacy/forget-person';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { mentoring } from '../support/cli.ts';

/**
 * Four one-month pairs of the example cohort, followed up a month after closure, whose program
 * keeps personal data one month after that. Tomasz's pair has its executions stopped behind its
 * back; Budi asks to be forgotten while his pair is under way; Sari's and Giulia's pairs run
 * their course and, a month after their follow-up, lose their personal data but not their counts.
 * The tests run in order, as the program's months do.
 */
const program = exampleProgram({
  id: 'care',
  relationship: { lengthMonths: 1, firstMeetingAfterDays: 7 },
  reviewMonths: [],
  extension: { maxTimes: 0 },
  followUp: { afterMonths: 1 },
  retention: { keepPersonalDataMonths: 1 },
});
const pairs = examplePairs(program, 4);
const [sari, tomasz, giulia, budi] = [pairs[0]!, pairs[1]!, pairs[2]!, pairs[3]!];
const NOTE = 'He mentioned his divorce; go gently.';
const DAY = 86_400_000;

let runtime: LocalRuntime;
let sfn: SFNClient;
let start: number;
const rel = new Map<string, string>();

/** The relationship of a pair, by its mentee's address. */
const relOf = (pair: { mentee: { email: string } }) => rel.get(pair.mentee.email)!;
const reports = () => runtime.dailyChecks.map((run) => ('report' in run ? run.report : { error: run.error }));
const checksAfter = (at: number) => runtime.dailyChecks.filter((run) => new Date(run.at).getTime() > at);
const mailTo = (address: string) => runtime.inbox.mail().filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)));

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }),
    ...sharedDynamoDb(),
  });
  sfn = new SFNClient(loopbackSettings(runtime.stepFunctions.endpoint));
  start = runtime.clock.nowEpochMs();
  // Every meeting held and useful; Sari's pair leaves the coordinator a private note each time.
  startParticipants({
    runtime,
    policy: agreeing(({ to }) => ({
      answer: 'held',
      afterDays: 0.1,
      mode: 'video',
      rating: 4,
      ...(to === sari.mentee.email || to === sari.mentor.email ? { note: NOTE } : {}),
    })),
  });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [sari, tomasz, giulia, budi]));
  for (const [i, pair] of [sari, tomasz, giulia, budi].entries()) rel.set(pair.mentee.email, enrolled[i]!);
}, 60_000);

afterAll(async () => {
  sfn?.destroy();
  await runtime?.stop();
});

describe('the daily checks: nothing stuck unseen, nothing kept past its time', () => {
  test('a relationship whose executions are stopped behind its back is reported by the next daily check, by its id alone', async () => {
    await runtime.run({ until: new Date(start + 20 * DAY), done: () => false });
    // Twenty program days, a check each: all quiet.
    expect(runtime.dailyChecks).toHaveLength(20);
    expect(reports().every((r) => 'stuck' in r && r.stuck.length === 0)).toBe(true);

    const stoppedAt = runtime.clock.nowEpochMs();
    for (const kind of STATE_MACHINES) {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(kind), statusFilter: 'RUNNING' }));
      for (const e of executions.filter((x) => x.name!.startsWith(relOf(tomasz))))
        await sfn.send(new StopExecutionCommand({ executionArn: e.executionArn, cause: 'stopped by hand' }));
    }
    expect((await getRelationship(relOf(tomasz))).status).toBe('active');

    await runtime.run({ until: new Date(stoppedAt + 2 * DAY), done: () => false });
    const [next, after] = checksAfter(stoppedAt).map((run) => (run as { report: DailyCheckReport }).report);
    expect(next!.stuck).toEqual([relOf(tomasz)]);
    expect(after!.stuck).toEqual([relOf(tomasz)]);
    // Ids only: nobody's name or address.
    expect(JSON.stringify(next)).not.toMatch(/@|Tomasz|Nowak/);
  });

  test('`mentoring forget` erases a mentee of a running relationship everywhere; it ends without a crash and nobody writes to him again', async () => {
    const budiRel = relOf(budi);
    const mailBefore = mailTo(budi.mentee.email).length;
    const answersBefore = (await listAnswers(budiRel)).length;
    expect(answersBefore).toBeGreaterThan(0);

    const first = await mentoring('forget', budi.mentee.email.toUpperCase(), '--program', program.id);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`Forgot ${budi.mentee.email.toUpperCase()}`);
    expect(first.out).toMatch(/people 1, address index 1, answers [1-9]\d*, goals [1-9]\d*, questions [1-9]\d*, links [1-9]\d*, rematch requests 0/);
    expect(first.out).toContain(`Relationships: ${budiRel} (ended now).`);
    await runtime.settle();

    const people = await listPeople(program.id);
    const him = people.find((p) => p.name === ERASED_NAME)!;
    expect(him).toMatchObject({ email: '', erasedAt: expect.any(String) });
    expect(people.filter((p) => p.name === ERASED_NAME)).toHaveLength(1);
    expect(JSON.stringify(people)).not.toContain(budi.mentee.name);

    const relationship = await getRelationship(budiRel);
    expect(relationship).toMatchObject({ status: 'closed', ending: 'ended-early', endRequestedBy: 'coordinator' });
    const executions = runtime.stepFunctions.listAll().filter((e) => e.name.startsWith(budiRel));
    expect(executions.some((e) => e.status === 'ABORTED')).toBe(true);
    expect(executions.every((e) => e.status !== 'RUNNING' && e.status !== 'FAILED')).toBe(true);
    // His own answers keep who answered and what, not what he wrote; his goals keep their scale, not their text.
    for (const answer of await listAnswers(budiRel)) {
      const his = (answer.answers as Record<string, { details: object; outcome: string }>)[him.personId];
      if (his) expect(his.details).toEqual({});
    }
    expect((await listGoals(budiRel, him.personId)).every((g) => g.description === '' && g.target > 0)).toBe(true);
    expect(await listResponseRecords(new Set([budiRel]))).toEqual([]);
    // Nobody is asked to find him another mentor.
    expect((await listRematchRequests(program.id)).filter((r) => r.menteeId === him.personId)).toEqual([]);

    // The others go on to their follow-up; no e-mail is ever written to him again.
    await runtime.run();
    expect(mailTo(budi.mentee.email)).toHaveLength(mailBefore);
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'FAILED')).toEqual([]);
    expect(runtime.dailyChecks.filter((run) => 'error' in run)).toEqual([]);
  });

  test('forgetting him again removes nothing and says so; an address nobody has is refused with exit code 2', async () => {
    const again = await mentoring('forget', budi.mentee.email, '--program', program.id);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      new RegExp(
        `^Nothing left to remove: ${budi.mentee.email} \\(p-[0-9a-f]+ in care\\) was forgotten on \\d{4}-\\d\\d-\\d\\d\\. Relationships: ${relOf(budi)}\\.\\n$`,
      ),
    );

    const unknown = await mentoring('forget', 'nobody@example.org');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toBe('Nobody with the address nobody@example.org is enrolled in any program.\n');
  });

  test('a closed relationship past its retention loses its personal data at the next daily check, and keeps its counts', async () => {
    const done = [relOf(sari), relOf(giulia)];
    const ended = await Promise.all(done.map(getRelationship));
    expect(ended.map((r) => [r.status, r.ending, Boolean(r.recordCompletedAt)])).toEqual([
      ['closed', 'completed', true],
      ['closed', 'completed', true],
    ]);
    const before = await summarisePairs(program.id);
    const mailBefore = await Promise.all(done.map(listMail));
    const meetingsBefore = await Promise.all(done.map(listMeetings));
    const outcomesBefore = await Promise.all(done.map(async (id) => (await listAnswers(id)).map((a) => [a.sk, a.outcome])));
    expect(JSON.stringify(await Promise.all(done.map(listAnswers)))).toContain(NOTE);
    expect(await listResponseRecords(new Set(done))).not.toEqual([]);

    const keptUntil = ended.map((r) => addMonths(new Date(r.recordCompletedAt!), 1, r.timeZone).getTime());
    const lastBefore = runtime.dailyChecks.length;
    await runtime.run({ until: addDays(new Date(Math.max(...keptUntil)), 1), done: () => false });
    const erasedBy = checksAfter(Math.min(...keptUntil) - DAY).flatMap((run) => ('report' in run ? run.report.erased : []));
    expect(erasedBy.sort()).toEqual([...done].sort());
    expect(runtime.dailyChecks.length).toBeGreaterThan(lastBefore + 28);
    expect(runtime.dailyChecks.filter((run) => 'error' in run)).toEqual([]);

    for (const id of done) expect((await getRelationship(id)).personalDataErasedAt).toEqual(expect.any(String));
    // What anyone wrote is gone: the private note, the goals' text; the questions and links with it.
    const answers = await Promise.all(done.map(listAnswers));
    expect(JSON.stringify(answers)).not.toContain(NOTE);
    for (const answer of answers.flat())
      for (const given of Object.values(answer.answers as Record<string, { details: object }>)) expect(given.details).toEqual({});
    expect((await Promise.all(done.map((id) => listGoals(id)))).flat().every((g) => g.description === '')).toBe(true);
    expect(await listResponseRecords(new Set(done))).toEqual([]);

    // The counts stay: meetings with how they went, e-mails sent, answers by outcome, and the summary.
    expect(await Promise.all(done.map(listMeetings))).toEqual(meetingsBefore);
    expect(await Promise.all(done.map(listMail))).toEqual(mailBefore);
    expect(await Promise.all(done.map(async (id) => (await listAnswers(id)).map((a) => [a.sk, a.outcome])))).toEqual(outcomesBefore);
    const counts = ({ mentee: _m, mentor: _r, ...rest }: PairSummary) => rest;
    expect((await summarisePairs(program.id)).map(counts)).toEqual(before.map(counts));
  });

  test('only people with no relationship still kept lose their name: a manager and the coordinator of the stuck pair keep theirs', async () => {
    const people = await listPeople(program.id);
    const nameOf = (email: string) => people.find((p) => p.email === email)?.name ?? ERASED_NAME;
    const erased = [sari.mentee, sari.mentor, giulia.mentee, giulia.mentor, giulia.manager, budi.mentee];
    const kept = [tomasz.mentee, tomasz.mentor, tomasz.manager, tomasz.coordinator];
    expect(erased.map((p) => nameOf(p.email))).toEqual(erased.map(() => ERASED_NAME));
    expect(kept.map((p) => nameOf(p.email))).toEqual(kept.map((p) => p.name));
    expect(people.filter((p) => p.name === ERASED_NAME).every((p) => p.email === '' && p.erasedAt)).toBe(true);
    // Tomasz's pair is still stuck, and still said so every day.
    expect((checksAfter(runtime.clock.nowEpochMs() - DAY)[0] as { report: DailyCheckReport }).report.stuck).toEqual([relOf(tomasz)]);
    // Budi's too: the command ran on the wall clock, before this program's virtual time, so the relationship it
    // ended counts as ended long ago, and the next daily check erased what others had written in it.
    expect(
      (await listRelationships(program.id))
        .filter((r) => r.personalDataErasedAt)
        .map((r) => r.relationshipId)
        .sort(),
    ).toEqual([relOf(sari), relOf(giulia), relOf(budi)].sort());
  });

  test('forgetting the mentor of the stuck pair ends it and asks the coordinator to find its mentee another mentor; the next check finds nothing stuck', async () => {
    const report = await runtime.clock.track(() => forgetPerson(tomasz.mentor.email));
    expect(report).toMatchObject({ relationships: [relOf(tomasz)], ended: [relOf(tomasz)], nothingLeft: false, records: { people: 1, emailIndex: 1 } });
    expect(await getRelationship(relOf(tomasz))).toMatchObject({ status: 'closed', ending: 'ended-early' });
    const tomaszId = (await listPeople(program.id)).find((p) => p.email === tomasz.mentee.email)!.personId;
    expect((await listRematchRequests(program.id)).filter((r) => r.relationshipId === relOf(tomasz))).toEqual([
      expect.objectContaining({ menteeId: tomaszId, reason: 'ended-early', status: 'open' }),
    ]);
    const before = runtime.clock.nowEpochMs();
    await runtime.run({ until: new Date(before + DAY), done: () => false });
    expect(checksAfter(before).map((run) => (run as { report: DailyCheckReport }).report.stuck)).toEqual([[]]);
  });
});
