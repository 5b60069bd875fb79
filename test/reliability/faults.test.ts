import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { findPersonIdByEmail, findRelationshipIdOfMentee, getLink, getQuestion, getRelationship } from '#adapters/store';
import { responseUrl } from '#presentation/pages/links';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { fillForm, randomPolicy, type Policy } from '#local/participants';
import type { LocalFaults, LocalRuntime } from '#local/runtime';
import { halfYearProgram, sharedDynamoDb } from '../support/cohort.ts';
import { chance, startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from './fault-proxy.ts';

/**
 * A cohort's whole year with everything going wrong at once, on the real definitions and
 * handlers: SES throttles 30 % of sends and one address bounces for good, DynamoDB throttles
 * 10 % of requests (and the record of one sent e-mail five times running), every function crashes once after its work and before returning, the
 * answer page's first conclusion start fails, and members press the same buttons at the same
 * instant. Nothing may be lost, stuck or sent twice.
 */
const SEED = 23;
const SES_THROTTLED = 0.3;
const DYNAMODB_THROTTLED = 0.1;

const program = halfYearProgram({ id: 'under-faults' });

const CSV = `mentee_name,mentee_email,mentor_name,mentor_email,manager_name,manager_email,coordinator_name,coordinator_email,competencies,time_zone,start_date,circle
Sari Wibowo,sari.wibowo@example.org,Marco Bianchi,marco.bianchi@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,giving-feedback,Europe/Amsterdam,,
Tomasz Nowak,tomasz.nowak@example.org,Anneke Jansen,anneke.jansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,strategic-thinking,Europe/Warsaw,,
Kari Nilsen,kari.nilsen@example.org,Femke Bakker,femke.bakker@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Oslo,,
Giulia Romano,giulia.romano@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
Dewi Lestari,dewi.lestari@example.org,Lars Hansen,lars.hansen@example.org,Piotr Kowalski,piotr.kowalski@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,Europe/Rome,,Delegation circle
`;
const rows = parseEnrolment(CSV, program, 'under-faults.csv');
/** This line manager's address bounces for good on day 40, as SES's event destination reports. */
const BOUNCED = 'eva.devries@example.org';
const BOUNCED_AFTER_DAYS = 40;
/** Tomasz and Anneke both press their private "end" link at the same instant; Kari presses hers while Step Functions fails. */
const ENDINGS = [
  { mentee: 'tomasz.nowak@example.org', afterDays: 60, who: ['mentee', 'mentor'] as const, startFails: false },
  { mentee: 'kari.nilsen@example.org', afterDays: 75, who: ['mentee'] as const, startFails: true },
];
const DAY_MS = 86_400_000;

/** Everyone answers nearly everything; the first two check-ins of a pair are answered by both at the very same instant, differently. */
const answering = randomPolicy({ answer: 0.9, moved: 0.05, notHeld: 0.05, decline: 0, stop: 0, extend: 0, maxDelayDays: 1 }, SEED);
const policy: Policy = (mail) => {
  const reaction = answering(mail);
  if (mail.kind !== 'check-in' || mail.isReminder || mail.questionNo > 2) return reaction;
  const mentee = rows.some((row) => row.mentee.email === mail.to);
  return mentee ? { afterDays: 0.5, answer: 'held', mode: 'video', rating: 4, concurrent: true } : { afterDays: 0.5, answer: 'not-held', concurrent: true };
};

/** A sent e-mail's recipient and subject, read from the raw message: the same e-mail on every attempt. */
const mailIdentity = (body: Buffer): string => {
  const raw = Buffer.from((JSON.parse(body.toString('utf8')) as { Content: { Raw: { Data: string } } }).Content.Raw.Data, 'base64').toString('utf8');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1] ?? '';
  return `${header('To').toLowerCase()}\n${header('Subject')}`;
};

const sesFault = (request: ProxiedRequest): Fault | undefined => {
  if (!request.path.startsWith('/v2/email/outbound-emails')) return undefined;
  const identity = mailIdentity(request.body);
  if (chance(SEED, identity, request.attempt) < SES_THROTTLED)
    return { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };
  return undefined;
};

// Powertools stamps its records with wall-clock epochs; what a request is stays the same without them.
const withoutWallClock = (body: Buffer) => body.toString('utf8').replace(/\d{10,}/g, '#');

const THROUGHPUT_EXCEEDED: Fault = {
  status: 400,
  type: 'ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded.',
};

/**
 * The first e-mail's record of having gone out is throttled five times running, more than an
 * SDK client's standard three tries: were it lost, the send would stay "in progress" and its
 * relationship would stall, or the e-mail would go out again.
 */
const SENT_RECORD_THROTTLED = 5;
const sentRecordThrottled = { key: '', times: 0 };
const sentRecordFault = (request: ProxiedRequest): Fault | undefined => {
  const body = request.body.toString('utf8');
  const key = request.target.endsWith('.UpdateItem') && body.includes('"COMPLETED"') ? /"MAIL#[^"]+"/.exec(body)?.[0] : undefined;
  if (!key || (sentRecordThrottled.key ||= key) !== key || sentRecordThrottled.times === SENT_RECORD_THROTTLED) return undefined;
  sentRecordThrottled.times++;
  return THROUGHPUT_EXCEEDED;
};

const dynamoDbFault = (request: ProxiedRequest): Fault | undefined =>
  sentRecordFault(request) ??
  (request.target.startsWith('DynamoDB_') && chance(SEED, withoutWallClock(request.body), request.attempt) < DYNAMODB_THROTTLED
    ? THROUGHPUT_EXCEEDED
    : undefined);

/** While armed, StartExecution of a conclusion fails on every attempt the SDK makes for one press. */
let conclusionFailures = 0;
const stepFunctionsFault = (request: ProxiedRequest): Fault | undefined => {
  if (request.target !== 'AWSStepFunctions.StartExecution' || !request.body.toString('utf8').includes('-conclusion') || conclusionFailures === 0)
    return undefined;
  conclusionFailures--;
  return { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };
};

const proxies: Record<string, FaultProxy> = {};
const crashes = new Map<string, number>();
const faults: LocalFaults = {
  endpoint: async (service, endpoint) => {
    const decide = { dynamodb: dynamoDbFault, ses: sesFault, stepfunctions: stepFunctionsFault }[service];
    proxies[service] = await startFaultProxy(endpoint, decide, service === 'ses' ? mailIdentity : service === 'dynamodb' ? withoutWallClock : undefined);
    return proxies[service].endpoint;
  },
  // Each function, once: its work done (e-mails sent, records written), it dies before returning.
  handler: (arn, handler) => async (event) => {
    const result = await handler(event);
    if (crashes.has(arn)) return result;
    crashes.set(arn, 1);
    throw Object.assign(new Error('the runtime exited after the work was done'), { name: 'Runtime.ExitError' });
  },
};

interface EndPress {
  role: 'mentor' | 'mentee';
  status: number;
  presses: number;
}
const endPresses: EndPress[] = [];

/** Presses a private end link the way a person does: open, tick, send; after "busy, try again", once more a minute later. */
const pressEnd = async (url: string, role: EndPress['role'], runtime: LocalRuntime, presses = 1): Promise<void> => {
  const page = await (await fetch(url)).text();
  const posted = await fetch(url, {
    method: 'POST',
    body: fillForm('end-relationship', page, { afterDays: 0 }, runtime.clock.now()),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await posted.text();
  if (posted.status !== 503 || presses === 3) return void endPresses.push({ role, status: posted.status, presses });
  // A new event on program time: waiting inside this one would hold the clock still.
  const wait = Number(posted.headers.get('retry-after') ?? 60) * 1000;
  runtime.clock.at(runtime.clock.nowEpochMs() + wait, () => void runtime.clock.track(() => pressEnd(url, role, runtime, presses + 1)), `again ${role}`);
};

/** Members press their end links at the planned instant, all at once, neither waiting for the other. */
const pressEndLinks = (runtime: LocalRuntime) => {
  for (const ending of ENDINGS)
    runtime.clock.at(
      runtime.clock.nowEpochMs() + ending.afterDays * DAY_MS,
      () =>
        void runtime.clock.track(async () => {
          const menteeId = (await findPersonIdByEmail(program.id, ending.mentee))!;
          const relationship = await getRelationship((await findRelationshipIdOfMentee(program.id, menteeId))!);
          const links = Object.entries((relationship as { endLinks?: Record<string, string> }).endLinks ?? {})
            .map(([personId, linkId]) => ({ role: personId === menteeId ? ('mentee' as const) : ('mentor' as const), url: responseUrl(linkId) }))
            .filter(({ role }) => (ending.who as readonly string[]).includes(role));
          // The SDK's three attempts of the first press.
          if (ending.startFails) conclusionFailures = 3;
          await Promise.all(links.map(({ role, url }) => pressEnd(url, role, runtime)));
        }),
      `end ${ending.mentee}`,
    );
};

let bouncedAt = '';
/** SES reports the manager's address bounced for good: the same event EventBridge hands the function on AWS. */
const bounceOnce = (runtime: LocalRuntime) =>
  runtime.clock.at(
    runtime.clock.nowEpochMs() + BOUNCED_AFTER_DAYS * DAY_MS,
    () => {
      bouncedAt = runtime.clock.now().toISOString();
      // Lambda tries an event from EventBridge again when its function fails (here: SES throttled the coordinator's letter).
      void runtime.clock.track(async () => {
        for (let attempt = 1; ; attempt++)
          try {
            return await runtime.simulateMailEvent({ type: 'bounce', address: BOUNCED });
          } catch (error) {
            if (attempt === 3) throw error;
          }
      });
    },
    'bounce',
  );

interface Figures {
  answersRecorded: number;
  answersLost: string[];
}
const figures: Figures = { answersRecorded: 0, answersLost: [] };

/** Every press a person saw recorded is stored under their name. */
const checkAnswers = async (record: CohortRecord) => {
  for (const entry of record.answers.filter((a) => a.result === 'recorded')) {
    figures.answersRecorded++;
    const link = await getLink(entry.url.split('/r/')[1]!);
    const question = link && (await getQuestion(link.questionId));
    if (!link || !question?.answers[link.personId]) figures.answersLost.push(`${entry.kind} ${entry.questionNo} of ${entry.to}`);
  }
};

let run: CohortRecord;

/**
 * E-mails that went out twice: one message key in the inbox more than once, or an e-mail in
 * the inbox that the product never recorded (a second send of a message whose first was recorded).
 */
const duplicates = () => {
  const seen = new Map<string, number>();
  for (const e of run.emails) seen.set(`${e.relationshipId}/${e.messageKey}`, (seen.get(`${e.relationshipId}/${e.messageKey}`) ?? 0) + 1);
  return [
    ...[...seen].filter(([, n]) => n > 1).map(([key]) => key),
    ...run.emails.filter((e) => !e.kind).map((e) => `unrecorded: ${e.destination.to.join()}: ${e.subject}`),
  ];
};

describe('a cohort year under faults', () => {
  beforeAll(async () => {
    run = await runCohort({
      program,
      rows,
      seed: SEED,
      policy,
      runtime: { ...sharedDynamoDb(), faults },
      onRunning: (runtime) => {
        pressEndLinks(runtime);
        bounceOnce(runtime);
      },
      inspect: checkAnswers,
    });
  }, 900_000);

  afterAll(async () => {
    for (const proxy of Object.values(proxies)) await proxy.stop();
  });

  const pairOf = (mentee: string) => run.pairs.find((p) => p.mentee.includes(mentee))!;
  const executionsOf = (mentee: string) => run.executions.filter((e) => e.name.startsWith(`${pairOf(mentee).relationshipId}-`));

  test('prints what was injected and what came of it', () => {
    const injected = Object.fromEntries(Object.entries(proxies).map(([service, proxy]) => [service, Object.fromEntries(proxy.injected)]));
    const retried = run.executions.flatMap((e) => e.history).filter((event) => event.type === 'TaskFailed' || event.type === 'LambdaFunctionFailed').length;
    console.log(
      [
        `faults injected over ${run.pairs.length} relationships, ${run.emails.length} e-mails, ${run.executions.length} executions:`,
        `  SES: ${JSON.stringify(injected.ses)} of ${(injected.ses?.TooManyRequestsException ?? 0) + proxies.ses!.forwarded} sends`,
        `  DynamoDB: ${JSON.stringify(injected.dynamodb)} of ${(injected.dynamodb?.ProvisionedThroughputExceededException ?? 0) + proxies.dynamodb!.forwarded} requests`,
        `  Step Functions: ${JSON.stringify(injected.stepfunctions ?? {})}; functions crashed after their work: ${crashes.size}; failed task attempts retried: ${retried}`,
        `  end presses: ${endPresses.map((p) => `${p.role} ${p.status} after ${p.presses} press(es)`).join(', ')}`,
        `outcome: mentees lost ${rows.length - run.pairs.reduce((n, p) => n + p.mentee.split(', ').length, 0)}, relationships stuck ${run.pairs.filter((p) => p.status !== 'closed').length}, duplicate e-mails ${duplicates().length}, answers lost ${figures.answersLost.length} of ${figures.answersRecorded} recorded`,
        ...run.pairs.map((p) => `  ${p.mentee}: ${p.outcome}`),
      ].join('\n'),
    );
    expect(injected.ses?.TooManyRequestsException).toBeGreaterThan(0);
    expect(injected.dynamodb?.ProvisionedThroughputExceededException).toBeGreaterThan(0);
    expect(injected.stepfunctions?.ThrottlingException).toBe(3);
    expect(sentRecordThrottled.times).toBe(SENT_RECORD_THROTTLED);
  });

  test('no relationship is lost or stuck: every one closed, no execution failed or still runs', () => {
    expect(run.pairs).toHaveLength(4);
    expect(run.pairs.map((p) => p.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(run.executions.filter((e) => e.status === 'RUNNING' || e.status === 'FAILED' || e.status === 'TIMED_OUT')).toEqual([]);
  });

  test('every relationship reaches the outcome its people chose', () => {
    expect(pairOf('Sari Wibowo').outcome).toMatch(/^completed/);
    expect(pairOf('Giulia Romano').outcome).toMatch(/^completed/);
    expect(pairOf('Tomasz Nowak').outcome).toBe('ended early');
    expect(pairOf('Kari Nilsen').outcome).toBe('ended early');
  });

  test('every function crashed once after its work, and its retry did it no second time', () => {
    expect(crashes.size).toBeGreaterThanOrEqual(9);
    expect(duplicates()).toEqual([]);
  });

  test('no answer a person saw recorded is lost', () => {
    expect(figures.answersRecorded).toBeGreaterThan(50);
    expect(figures.answersLost).toEqual([]);
  });

  test('a press that met a failing Step Functions is pressed again and ends the relationship once', () => {
    expect(endPresses.find((p) => p.role === 'mentee' && p.presses === 2)).toMatchObject({ status: 200 });
    expect(executionsOf('Kari Nilsen').filter((e) => e.name.includes('-conclusion'))).toHaveLength(1);
  });

  test('two members ending at the same instant start exactly one conclusion', () => {
    expect(executionsOf('Tomasz Nowak').filter((e) => e.name.includes('-conclusion'))).toHaveLength(1);
    expect(run.emails.filter((e) => e.relationshipId === pairOf('Tomasz Nowak').relationshipId && e.kind.startsWith('ending-'))).toHaveLength(3);
  });

  test('a bounced address gets nothing more, its relationship goes on, and the coordinator hears once who and which', () => {
    expect(bouncedAt).not.toBe('');
    expect(run.emails.filter((e) => e.destination.to.some((to) => to.includes(BOUNCED)) && e.sentAt > bouncedAt)).toEqual([]);
    const told = run.emails.filter((e) => e.kind === 'undeliverable');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ relationshipId: pairOf('Sari Wibowo').relationshipId });
    expect(told[0]!.body.text).toContain('Eva de Vries');
    expect(told[0]!.destination.to.join()).toContain('ingrid.solberg@example.org');
  });
});
