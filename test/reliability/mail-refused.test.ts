import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { findPersonIdByEmail, getPeople, markUndeliverable } from '#adapters/store';
import { loopbackSettings } from '#local/services/loopback';
import { localStateMachineArn } from '#workflows/render';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { sentEmails, summarisePairs, type PairSummary, type SentEmail } from '#local/run-cohort';
import { addressOf } from '#local/services/inbox';
import { agreeing, halfYearProgram, sharedDynamoDb } from '../support/cohort.ts';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from './fault-proxy.ts';
import { mentoring } from '../support/cli.ts';

/**
 * A cohort deployed before its sender was ready. For the first three days SES refuses every
 * send: the sender identity is not verified yet (DKIM pending). Then it is, but the account is
 * still in the sandbox, where only the mentors' and the coordinator's addresses are verified:
 * each letter to a pair goes to its mentor and is refused for its mentee. Three days later the
 * account has production access. Each time the operator redrives the failed executions. Later
 * in the year the account's daily sending quota runs out for 20 hours. No refusal may mark
 * anybody undeliverable, nothing may be sent twice, and every relationship must finish its year.
 * On day 30 SES reports that Marco's mailbox bounced for good; on day 40 the operator clears his
 * mark with `mentoring deliverable`, and the mark an earlier build left on Eva for a refused send.
 */
const program = halfYearProgram({ id: 'mail-refused' });
const CSV = `mentee_name,mentee_email,mentor_name,mentor_email,manager_name,manager_email,coordinator_name,coordinator_email,competencies,time_zone,start_date,circle
Sari Wibowo,sari.wibowo@example.org,Marco Bianchi,marco.bianchi@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,giving-feedback,Europe/Amsterdam,,
Giulia Romano,giulia.romano@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Dewi Lestari,dewi.lestari@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
`;
const rows = parseEnrolment(CSV, program, 'mail-refused.csv');
const everyone = [...new Set(rows.flatMap((row) => [row.mentee, row.mentor, row.manager, row.coordinator].map((p) => p.email)))];
/** What the sandbox lets through: the addresses the operator verified. */
const verified = new Set(rows.flatMap((row) => [row.mentor.email, row.coordinator.email]));
const DAY = 86_400_000;
const HOUR = 3_600_000;
const QUOTA_HOURS = 20;
const MARCO = 'marco.bianchi@example.org';
const EVA = 'eva.devries@example.org';

type Account = 'sender-unverified' | 'sandbox' | 'production';
let account: Account = 'sender-unverified';
let runtime: LocalRuntime;
let proxy: FaultProxy;
let sfn: SFNClient;
/** When the daily quota ran out: at the first check-in SES was asked to send. */
let quotaFrom: number | undefined;

const request = (body: Buffer) => {
  const { Content, EmailTags } = JSON.parse(body.toString('utf8')) as { Content: { Raw: { Data: string } }; EmailTags: { Name: string; Value: string }[] };
  const raw = Buffer.from(Content.Raw.Data, 'base64').toString('utf8');
  return { to: addressOf(/^To: (.*)$/im.exec(raw)?.[1] ?? ''), kind: EmailTags.find((tag) => tag.Name === 'kind')?.Value };
};

const notVerified = (identity: string): Fault => ({
  status: 400,
  type: 'MessageRejected',
  message: `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${identity}`,
});

const sesFault = ({ path, body }: ProxiedRequest): Fault | undefined => {
  if (!path.startsWith('/v2/email/outbound-emails')) return undefined;
  const { to, kind } = request(body);
  if (account === 'sender-unverified') return notVerified('mentoring@example.org');
  if (account === 'sandbox' && !verified.has(to)) return notVerified(to);
  const now = runtime.clock.nowEpochMs();
  if (kind === 'check-in') quotaFrom ??= now;
  if (quotaFrom !== undefined && now < quotaFrom + QUOTA_HOURS * HOUR)
    return { status: 429, type: 'TooManyRequestsException', message: 'Daily message quota exceeded.' };
  return undefined;
};

const failedExecutions = async () =>
  (
    await Promise.all(
      STATE_MACHINES.map(
        async (kind) => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(kind), statusFilter: 'FAILED' }))).executions ?? [],
      ),
    )
  ).flat();

/** What the operator does once SES is mended: `mentoring redrive`, every failed run of the program. */
const redriveFailed = async () => {
  const failed = (await failedExecutions()).map((e) => e.name!).sort();
  const { code, out, err } = await mentoring('redrive');
  redrives.push({ code, err, redriven: /^Redriven: (.*)\.$/m.exec(out)?.[1]?.split(', ').sort() ?? [], failed });
  return failed.length;
};

const failures = () =>
  runtime.stepFunctions
    .listAll()
    .filter((e) => e.status === 'FAILED')
    .map((e) => runtime.stepFunctions.history(e.executionArn).find((event) => event.type === 'ExecutionFailed')!.executionFailedEventDetails!.error ?? '');

const undeliverable = async () => {
  const marked: string[] = [];
  for (const address of everyone) {
    const personId = (await findPersonIdByEmail(program.id, address))!;
    if ((await getPeople(program.id, [personId])).get(personId)?.undeliverableSince) marked.push(address);
  }
  return marked;
};

const mailTo = (addresses: Set<string>) => runtime.inbox.mail().filter((m) => m.destination.to.some((to) => addresses.has(addressOf(to))));

/** What each stage left: the failures the alarm counts, who is marked, what reached whom. */
const seen: Record<Account, { failed: string[]; redriven: number; marked: string[]; mail: number; mailToUnverified: number }> = {} as never;
const look = async (stage: Account, redriven: number) => {
  seen[stage] = {
    failed: failures(),
    redriven,
    marked: await undeliverable(),
    mail: runtime.inbox.mail().length,
    mailToUnverified: mailTo(new Set(everyone.filter((a) => !verified.has(a)))).length,
  };
};

const cli: Record<
  'marco' | 'again' | 'eva' | 'unmarked' | 'unknown' | 'nothingFailed' | 'noSuchRelationship',
  Awaited<ReturnType<typeof mentoring>>
> = {} as never;
/** Each `mentoring redrive`: how it ended, the runs it says it redrove, and those that had failed. */
const redrives: { code: number | null; err: string; redriven: string[]; failed: string[] }[] = [];
let bouncedAt = 0;
let clearedAt = 0;

let emails: SentEmail[];
let pairs: PairSummary[];

beforeAll(async () => {
  const start = relationshipStart({ program, startDate: rows[0]!.startDate, timeZone: rows[0]!.timeZone });
  runtime = await startLocalRuntime({
    programOrigin: start,
    seed: 5,
    ...sharedDynamoDb(),
    faults: {
      endpoint: async (service, endpoint) => {
        if (service !== 'ses') return endpoint;
        proxy = await startFaultProxy(endpoint, sesFault);
        return proxy.endpoint;
      },
    },
  });
  sfn = new SFNClient(loopbackSettings(runtime.stepFunctions.endpoint));
  startParticipants({ runtime, policy: agreeing(() => ({ answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 })) });
  await runtime.clock.track(() => enrolCohort(program, rows));

  // Every first send is refused, so every execution stops at once.
  await runtime.run();
  await look('sender-unverified', 0);
  await runtime.run({ until: new Date(start.getTime() + 3 * DAY), done: () => false });
  account = 'sandbox';
  const sandboxRedrives = await redriveFailed();
  await runtime.run();
  await look('sandbox', sandboxRedrives);
  await runtime.run({ until: new Date(start.getTime() + 6 * DAY), done: () => false });
  account = 'production';
  const productionRedrives = await redriveFailed();

  await runtime.run({ until: new Date(start.getTime() + 30 * DAY), done: () => false });
  await runtime.simulateMailEvent({ type: 'bounce', address: MARCO });
  bouncedAt = runtime.clock.nowEpochMs();
  await runtime.run({ until: new Date(start.getTime() + 40 * DAY), done: () => false });
  const evaId = (await findPersonIdByEmail(program.id, EVA))!;
  await markUndeliverable(program.id, evaId, runtime.clock.now().toISOString(), 'refused');
  cli.marco = await mentoring('deliverable', MARCO.toUpperCase());
  cli.again = await mentoring('deliverable', MARCO, '--program', program.id);
  cli.eva = await mentoring('deliverable', EVA);
  cli.unmarked = await mentoring('deliverable', 'lars.hansen@example.org');
  cli.unknown = await mentoring('deliverable', 'nobody@example.org');
  clearedAt = runtime.clock.nowEpochMs();
  await runtime.run();
  await look('production', productionRedrives);
  cli.nothingFailed = await mentoring('redrive');
  cli.noSuchRelationship = await mentoring('redrive', 'rel-000000000000');

  emails = await sentEmails(program.id, runtime.inbox.mail());
  pairs = await summarisePairs(program.id);
}, 600_000);

afterAll(async () => {
  sfn?.destroy();
  await runtime?.stop();
  await proxy?.stop();
});

describe('SES refuses to send until the operator mends it', () => {
  test('prints what happened', () => {
    console.log(
      [
        `SES answered: ${JSON.stringify(Object.fromEntries(proxy.injected))}, ${proxy.forwarded} sends went through`,
        ...Object.entries(seen).map(
          ([stage, s]) =>
            `  ${stage}: executions failed ${s.failed.length} (${[...new Set(s.failed)].join(', ')}), redriven ${s.redriven}, people marked undeliverable ${s.marked.length}, e-mails in the inbox ${s.mail}`,
        ),
        `the year: ${emails.length} e-mails; ${pairs.map((p) => `${p.mentee}: ${p.outcome}`).join('; ')}`,
      ].join('\n'),
    );
  });

  test('while the sender is not verified, every execution fails as MailNotSent, which the failed-execution alarm counts, and nobody is marked', () => {
    expect(seen['sender-unverified'].failed).toEqual(['MailNotSent', 'MailNotSent']);
    expect(seen['sender-unverified'].marked).toEqual([]);
    expect(seen['sender-unverified'].mail).toBe(0);
  });

  test('in the sandbox, a letter reaches its verified reader and fails for the others; nobody is marked', () => {
    expect(seen.sandbox.redriven).toBe(2);
    expect(seen.sandbox.failed).toEqual(['MailNotSent', 'MailNotSent']);
    expect(seen.sandbox.marked).toEqual([]);
    expect(seen.sandbox.mail).toBeGreaterThan(0);
    expect(seen.sandbox.mailToUnverified).toBe(0);
  });

  test('with production access, the redriven executions send everything: nobody is marked, and every relationship finishes its year', () => {
    expect(seen.production.redriven).toBe(2);
    expect(seen.production.failed).toEqual([]);
    expect(seen.production.marked).toEqual([]);
    expect(runtime.stepFunctions.listAll().filter((e) => e.status !== 'SUCCEEDED')).toEqual([]);
    expect(pairs.map((p) => p.outcome)).toEqual([expect.stringMatching(/^completed/), expect.stringMatching(/^completed/)]);
  });

  test('every e-mail went out exactly once: the letters that reached a mentor in the sandbox were not sent again', () => {
    const keys = emails.map((e) => `${e.relationshipId}/${e.messageKey}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    expect(emails.filter((e) => !e.kind)).toEqual([]);
    const sandboxed = seen.sandbox.mail;
    const toMentorsAndCoordinator = mailTo(verified).length;
    expect(toMentorsAndCoordinator).toBeGreaterThanOrEqual(sandboxed);
    // Everyone got mail in the end, the mentees and managers refused in the sandbox included.
    for (const address of everyone) expect(mailTo(new Set([address])).length, address).toBeGreaterThan(0);
  });
});

describe('mentoring redrive: the operator runs the failed phases again', () => {
  test('each time, every failed run of the program and nothing else; with none failed, it says so; an unknown relationship is one line', () => {
    expect(redrives).toHaveLength(2);
    for (const { code, err, redriven, failed } of redrives) {
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(redriven).toEqual(failed);
      expect(redriven).toHaveLength(2);
    }
    expect(cli.nothingFailed).toEqual({ code: 0, out: 'No failed run: nothing to redrive.\n', err: '' });
    expect(cli.noSuchRelationship).toEqual({ code: 2, out: '', err: 'no relationship rel-000000000000\n' });
  });
});

describe("SES's daily quota runs out for a day", () => {
  test('the sends wait for the quota and then go, each once, and no phase fails', () => {
    expect(quotaFrom).toBeDefined();
    expect(proxy.injected.get('TooManyRequestsException')).toBeGreaterThan(0);
    const waited = runtime.stepFunctions
      .listAll()
      .flatMap((e) => runtime.stepFunctions.history(e.executionArn))
      .filter((event) => event.type === 'TaskFailed' && event.taskFailedEventDetails?.error === 'MailQuotaExceeded');
    expect(waited.length).toBeGreaterThan(0);
    const during = emails.filter((e) => Date.parse(e.sentAt) >= quotaFrom! && Date.parse(e.sentAt) < quotaFrom! + QUOTA_HOURS * HOUR);
    expect(during).toEqual([]);
    const checkIns = emails.filter((e) => e.kind === 'check-in');
    // The first check-ins, asked for while the quota was used up, went out once it was free again.
    expect(Date.parse(checkIns[0]!.sentAt)).toBeGreaterThanOrEqual(quotaFrom! + QUOTA_HOURS * HOUR);
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'FAILED' || e.status === 'TIMED_OUT')).toEqual([]);
  });
});

describe('mentoring deliverable: an operator clears a mark', () => {
  const MARCO_ID = () => cli.marco.out.match(/person (\S+) in/)?.[1];

  test('a bounce SES reported marks Marco and stops his mail; the command clears it, says which record, since when and why, and his mail goes again', () => {
    expect(cli.marco).toMatchObject({ code: 0, err: '' });
    expect(cli.marco.out).toMatch(
      new RegExp(`^Cleared: person \\S+ in mail-refused, undeliverable since ${new Date(bouncedAt).toISOString()}, marked by a bounce\\.$`, 'm'),
    );
    expect(cli.marco.out).toContain(`aws sesv2 delete-suppressed-destination --email-address ${MARCO.toUpperCase()}`);
    const toMarco = emails.filter((e) => e.destination.to.some((to) => addressOf(to) === MARCO));
    expect(toMarco.filter((e) => Date.parse(e.sentAt) > bouncedAt && Date.parse(e.sentAt) < clearedAt)).toEqual([]);
    expect(toMarco.filter((e) => Date.parse(e.sentAt) >= clearedAt).length).toBeGreaterThan(0);
    expect(MARCO_ID()).toBeDefined();
  });

  test('run again, it finds no mark and changes nothing', () => {
    expect(cli.again).toMatchObject({ code: 0, err: '' });
    expect(cli.again.out.trim()).toBe(`No mark: person ${MARCO_ID()} in mail-refused was not marked undeliverable; nothing changed.`);
  });

  test("an earlier build's mark for a refused send is cleared too, with no suppression to lift", () => {
    expect(cli.eva).toMatchObject({ code: 0, err: '' });
    expect(cli.eva.out).toMatch(/^Cleared: person \S+ in mail-refused, undeliverable since \S+, marked by a refused send\.$/m);
    expect(cli.eva.out).not.toContain('suppression');
  });

  test('an address nobody was marked at exits 0; an unknown address exits 2 with one line', () => {
    expect(cli.unmarked).toMatchObject({ code: 0, err: '' });
    expect(cli.unmarked.out).toMatch(/^No mark: person \S+ in mail-refused was not marked undeliverable; nothing changed\.\n$/);
    expect(cli.unknown).toMatchObject({ code: 2, out: '', err: 'Nobody with the address nobody@example.org is enrolled in any program.\n' });
  });
});
