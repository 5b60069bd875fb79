import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loopbackSettings } from '#local/services/loopback';
import { EnrolmentError } from '#use-cases/enrolment/read-enrolment';
import { runSmokeTest, SmokeTestFailed, type SmokeTestSteps } from '#use-cases/smoke-test/smoke-test';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { addressOf, readInbox } from '#local/services/inbox';
import { sharedDynamoDb } from '../support/cohort.ts';
import { runMentoring } from '../support/cli.ts';

/**
 * `mentoring smoke-test` against the local runtime, as against a fresh deployment: the
 * operator's two addresses get their match e-mails, the answer page answers, and afterwards
 * nothing of the test is left in either table. Program time stands still: the test waits only
 * for the runtime to be idle.
 */
const ME = 'operator@example.org';
const YOU = 'colleague@example.org';

let runtime: LocalRuntime;
let scanning: DynamoDBClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({ programOrigin: new Date('2027-03-01T09:30:00Z'), dailyChecks: false, ...sharedDynamoDb() });
  scanning = new DynamoDBClient(loopbackSettings(runtime.dynamoDb!.endpoint));
});
afterAll(async () => {
  scanning?.destroy();
  await runtime?.stop();
});

/** Every item of both of this runtime's tables. */
const everything = async () => {
  const items = [];
  for (const TableName of [process.env.MENTORING_TABLE!, process.env.RESPONSES_TABLE!])
    items.push(...((await scanning.send(new ScanCommand({ TableName }))).Items ?? []));
  return items;
};

const steps = (extra: Partial<SmokeTestSteps> = {}): SmokeTestSteps & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, wait: () => runtime.settle(), timeoutMs: 60_000, status: (line) => lines.push(line), ...extra };
};

describe('mentoring smoke-test', () => {
  test('both match e-mails reach the inbox, the answer page answers, and then nothing of the test is left', async () => {
    const run = steps();
    let linkBeforeRemoval = '';
    let itemsBeforeRemoval = 0;
    const report = await runSmokeTest(
      { mentor: ME, mentee: YOU },
      {
        ...run,
        beforeRemoval: async (link) => {
          linkBeforeRemoval = link;
          itemsBeforeRemoval = (await everything()).length;
        },
      },
    );

    expect(report.programId).toBe('smoke-test-20270301-093000');
    const inbox = await readInbox(runtime.inbox.endpoint);
    expect(inbox.map((m) => m.destination.to.map(addressOf)).sort()).toEqual([[YOU], [ME]]);
    expect(Object.keys(report.messageIds).sort()).toEqual(['mentee', 'mentor']);
    expect(Object.values(report.messageIds).sort()).toEqual(inbox.map((m) => m.messageId).sort());
    // The link it checked is the mentor's "accept" button, and the operator saw it while it still worked.
    const toMentor = inbox.find((m) => m.destination.to.map(addressOf).includes(ME))!;
    expect(report.link).toMatch(/\/r\/[A-Za-z0-9_-]+\?answer=accept$/);
    expect(toMentor.body.text).toContain(report.link);
    expect(linkBeforeRemoval).toBe(report.link);
    expect(itemsBeforeRemoval).toBeGreaterThan(10);
    // A live line while it waited, ending with both sent.
    expect(run.lines.at(-1)).toMatch(/^wait for the match e-mails: mentor sent, mentee sent/);

    expect(await everything()).toEqual([]);
    expect(report.removed.records).toMatchObject({ PROGRAM: 1, PERSON: 3, EMAIL: 3, MENTEE: 1, REL: 1, MAIL: 2, sends: 2 });
    expect(report.removed.records.questionsAndLinks).toBeGreaterThanOrEqual(3);
    const executions = runtime.stepFunctions.listAll();
    expect(executions.map((e) => [e.name, e.status])).toEqual([[`${report.relationshipId}-matching`, 'ABORTED']]);
    // The page it opened recorded nothing: no answer, no further e-mail.
    expect(await readInbox(runtime.inbox.endpoint)).toHaveLength(2);
  });

  test('a failing step is named, and what the test made is removed all the same', async () => {
    // A later smoke test, with a program of its own.
    await runtime.run({ until: new Date('2027-03-01T09:31:00Z'), done: () => false });
    const mailBefore = (await readInbox(runtime.inbox.endpoint)).length;
    const failure = await runSmokeTest({ mentor: ME, mentee: YOU }, steps({ openPage: async () => ({ status: 502, headers: new Headers() }) })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SmokeTestFailed);
    expect((failure as SmokeTestFailed).message).toBe('The smoke test failed at "open the answer page": GET answered 502, not 200');
    expect((failure as SmokeTestFailed).removed.records).toMatchObject({ PROGRAM: 1, REL: 1, MAIL: 2 });
    expect(await everything()).toEqual([]);
    expect((await readInbox(runtime.inbox.endpoint)).length - mailBefore).toBe(2);
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'RUNNING')).toEqual([]);
  });

  test('an address that is not one is refused before anything is stored', async () => {
    await expect(runSmokeTest({ mentor: ME, mentee: 'not-an-address' }, steps())).rejects.toBeInstanceOf(EnrolmentError);
    expect(await everything()).toEqual([]);
  });

  test('the command prints the link it checked and what it removed, against the resources the environment names', async () => {
    const mailBefore = (await readInbox(runtime.inbox.endpoint)).length;
    // The CLI in a process of its own, as an operator runs it; this process serves the runtime meanwhile.
    const { code, out: stdout } = await runMentoring(['smoke-test', '--mentor', ME, '--mentee', YOU, '--timeout', '60'], process.env, 'mentoringLocalCli');
    expect(stdout).toMatch(/^Smoke test of the resources named in the environment\.$/m);
    expect(stdout).toMatch(/^ {2}http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]+\?answer=accept$/m);
    expect(stdout).toMatch(
      /^Removed program smoke-test-\d{8}-\d{6}: program 1, people 3, address index 3, mentee index 1, relationship 1, members 4, e-mail log 2, questions and links \d+, records of sends 2; its executions are stopped\.$/m,
    );
    expect(stdout).toMatch(/^The deployment works: enrol your first cohort\.$/m);
    expect(code).toBe(0);
    expect((await readInbox(runtime.inbox.endpoint)).length - mailBefore).toBe(2);
    expect(await everything()).toEqual([]);
  });
});
