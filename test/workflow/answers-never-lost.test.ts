import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { checkInQuestionId } from '#use-cases/meetings/check-in';
import { endQuestionId } from '#use-cases/relationship/end-links';
import { findPersonIdByEmail, getQuestion, getRelationship, listAnswers, listMeetings, listRematchRequests } from '#adapters/store';
import { documents } from '#adapters/store/dynamodb/client';
import { stepFunctions } from '#adapters/workflow/client';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { readInbox, type StoredEmail } from '#local/services/inbox';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * An answer, once stored, is always acted on: a page that fails after storing it, or two
 * people pressing at once, never leave it behind. Three pairs and a circle on one local
 * runtime; simulated people accept the match and agree their goals, the rest is ours. Faults
 * are injected by wrapping a client the product uses, nothing else is mocked.
 */
const program = exampleProgram({ id: 'answers-never-lost' });
const rows = examplePairs(program, 8);
const [sari, tomasz, giulia] = rows as [PairRow, PairRow, PairRow];
const circle = rows.filter((row) => row.circle);
const [dewi, matteo, agnieszka] = circle.map((row) => row.mentee) as [PairRow['mentee'], PairRow['mentee'], PairRow['mentee']];
const henrik = circle[0]!.mentor;

let runtime: LocalRuntime;
let participants: ReturnType<typeof startParticipants>;
const relationshipOf = new Map<PairRow, string>();

const ENDED = /^Your mentoring relationship ends here/;
const LEFT = /^About your place in the mentoring circle/;
const CHECK_IN = /^How did your meeting/;
const CHECK_IN_LINK = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)\?answer=held/;

const addressOf = (mail: Pick<StoredEmail, 'destination'>) =>
  (/<([^>]+)>/.exec(mail.destination.to[0] ?? '')?.[1] ?? mail.destination.to[0] ?? '').toLowerCase();
const mailTo = async (address: string, subject: RegExp) =>
  (await readInbox(runtime.inbox.endpoint)).filter((m) => addressOf(m) === address.toLowerCase() && subject.test(m.subject));

/** The e-mails sent so far, with their kind. */
const sent = async () => sentEmails(program.id, runtime.inbox.mail());

/** Lets program time run, event after event, until `find` finds what it looks for. */
const waitFor = async <T>(what: string, find: () => Promise<T | undefined>): Promise<T> => {
  let found: T | undefined;
  await runtime.run({ done: async () => (found = await find()) !== undefined });
  if (found === undefined) throw new Error(`the lifecycle ended without ${what}`);
  return found;
};

const post = async (url: string, form: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: response.status, html: await response.text() };
};

/** The private link a member has, in the foot of their e-mails, to end the relationship. */
const endLinkOf = async (row: PairRow, person: PairRow['mentee']) => {
  const relationship = (await getRelationship(relationshipOf.get(row)!)) as { endLinks?: Record<string, string> };
  const personId = (await findPersonIdByEmail(program.id, person.email))!;
  return `${runtime.responsePages.baseUrl}/r/${relationship.endLinks![personId]}`;
};
const pressEnd = (url: string) => post(url, { confirm: 'yes' });

const conclusionsOf = (row: PairRow) => runtime.stepFunctions.listAll().filter((e) => e.name.startsWith(`${relationshipOf.get(row)}-conclusion`));
const closed = async (row: PairRow) => ((await getRelationship(relationshipOf.get(row)!)).status === 'closed' ? true : undefined);

/** Fails the first `times` calls `matches` picks out, as a throttled or unavailable service would; passes every other call on. */
const failing = (client: { send(...args: any[]): Promise<any> }, matches: (command: unknown) => boolean, times = 1) => {
  const send = client.send.bind(client);
  let left = times;
  return vi.spyOn(client, 'send').mockImplementation((command: unknown, ...rest: unknown[]) => {
    if (left > 0 && matches(command)) {
      left -= 1;
      return Promise.reject(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    }
    return send(command, ...rest);
  });
};

/** Giulia's link in the check-in e-mail of meeting `n`. */
const checkInLink = (n: number) =>
  waitFor(`check-in e-mail ${n}`, async () => {
    const links = [...new Set((await mailTo(giulia.mentee.email, CHECK_IN)).map((m) => CHECK_IN_LINK.exec(m.body.text ?? '')?.[1]))];
    return links[n - 1];
  });
/** A crash between storing the answer and settling the question: the settling write fails once. */
const settleFails = (questionId: string) =>
  failing(
    documents(),
    (command) =>
      command instanceof UpdateCommand &&
      command.input.Key?.id === `QUESTION#${questionId}` &&
      String(command.input.UpdateExpression).includes('outcome = :outcome'),
  );
const meetingOf = async (n: number) => (await listMeetings(relationshipOf.get(giulia)!)).find((m) => m.meetingNo === n);
/** Giulia's and Lars's check-in e-mails, and any reminder of one (check-ins are not chased by e-mail). */
const checkInMails = async () => (await sent()).filter((m) => m.relationshipId === relationshipOf.get(giulia) && m.kind.startsWith('check-in'));
/**
 * True once the check-in of meeting `n` has gone into its reminder's wait: the reminder's
 * attempt ran (it writes to nobody) and handed its task over.
 */
const inReminderWait = (n: number) => {
  const execution = runtime.stepFunctions.listAll().find((e) => e.name === `${relationshipOf.get(giulia)}-meetings-1`);
  const history = execution ? runtime.stepFunctions.history(execution.executionArn) : [];
  const asked = history.findLast((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters;
  const { Payload } = JSON.parse(asked ?? '{}') as { Payload?: { kind?: string; attempt?: string; meetingNo?: number } };
  return history.at(-1)?.type === 'TaskSubmitted' && Payload?.kind === 'check-in' && Payload.attempt === 'reminder' && Payload.meetingNo === n
    ? true
    : undefined;
};
const HELD = { answer: 'held', mode: 'video', rating: '5' };

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }),
    ...sharedDynamoDb(),
  });
  participants = startParticipants({ runtime, policy: agreeing(() => undefined) });
  const enrolled = (await enrolCohort(program, [sari, tomasz, giulia, ...circle])).enrolled;
  [sari, tomasz, giulia, circle[0]!].forEach((row, i) => relationshipOf.set(row, enrolled[i]!));
  // Both sides accepted and were introduced (the end links come earlier, with the proposed match).
  await waitFor('the introductions', async () => {
    const introduced = new Set((await sent()).filter((m) => m.kind === 'introduction').map((m) => m.relationshipId));
    return [...relationshipOf.values()].every((id) => introduced.has(id)) ? true : undefined;
  });
  for (const id of relationshipOf.values()) expect(await getRelationship(id)).toMatchObject({ status: 'active', endLinks: expect.any(Object) });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await participants?.stop();
  await runtime?.stop();
});

describe('a request to end the relationship is never lost', () => {
  test('when its conclusion cannot start, the page says to try again; pressing again ends the relationship, once', async () => {
    const link = await endLinkOf(sari, sari.mentee);
    const start = failing(stepFunctions(), (command) => command instanceof StartExecutionCommand && String(command.input.name).includes('-conclusion'));
    const first = await pressEnd(link);
    expect(first.status).toBe(503);
    expect(start).toHaveBeenCalled();
    // The request is stored, but nothing has ended yet.
    expect(Object.values((await getQuestion(endQuestionId(relationshipOf.get(sari)!)))!.answers)).toMatchObject([{ role: 'mentee', outcome: 'end' }]);
    expect(conclusionsOf(sari)).toEqual([]);

    const second = await pressEnd(link);
    expect(second.status).toBe(200);
    await waitFor('the relationship to end', () => closed(sari));
    await runtime.settle();
    expect(conclusionsOf(sari).map((e) => [e.name.slice(relationshipOf.get(sari)!.length + 1), e.status])).toEqual([['conclusion', 'SUCCEEDED']]);
    for (const person of [sari.mentee, sari.mentor]) expect(await mailTo(person.email, ENDED)).toHaveLength(1);
    expect(await mailTo(sari.manager.email, /^The mentoring of Sari Wibowo has ended early/)).toHaveLength(1);
    expect(await getRelationship(relationshipOf.get(sari)!)).toMatchObject({ status: 'closed', ending: 'ended-early', endRequestedBy: 'mentee' });
  });

  test('two members pressing at the same instant start one conclusion: the relationship ends once, everyone is told once, and each request thanked is kept', async () => {
    const presses = await Promise.all([pressEnd(await endLinkOf(tomasz, tomasz.mentee)), pressEnd(await endLinkOf(tomasz, tomasz.mentor))]);
    await waitFor('the relationship to end', () => closed(tomasz));
    await runtime.settle();
    expect(conclusionsOf(tomasz).map((e) => e.name.slice(relationshipOf.get(tomasz)!.length + 1))).toEqual(['conclusion']);
    for (const person of [tomasz.mentee, tomasz.mentor]) expect(await mailTo(person.email, ENDED)).toHaveLength(1);
    expect(await mailTo(tomasz.manager.email, /^The mentoring of Tomasz Nowak has ended early/)).toHaveLength(1);
    expect((await listRematchRequests(program.id)).filter((r) => r.relationshipId === relationshipOf.get(tomasz))).toHaveLength(1);
    // A request is thanked and kept with the relationship, or, stored after the conclusion closed the links, told they have closed.
    const pages = presses.map((p) => (p.status === 200 && /Thank you for letting us know/.test(p.html) ? 'thanked' : p.status === 410 ? 'closed' : p.status));
    expect(pages.filter((page) => page !== 'closed')).toContain('thanked');
    expect(pages.filter((page) => page !== 'closed' && page !== 'thanked')).toEqual([]);
    const thanked = (['mentee', 'mentor'] as const).filter((_, i) => pages[i] === 'thanked');
    const answers = (await listAnswers(relationshipOf.get(tomasz)!)).find((a) => a.kind === 'end-relationship')!;
    expect(
      Object.values(answers.answers as object)
        .map((a: { role: string }) => a.role)
        .sort(),
    ).toEqual(thanked);
  });

  test('two mentees of a circle leaving at the same instant both leave, and the circle goes on with the third', async () => {
    await Promise.all([pressEnd(await endLinkOf(circle[0]!, dewi)), pressEnd(await endLinkOf(circle[0]!, matteo))]);
    const id = relationshipOf.get(circle[0]!)!;
    await waitFor('both to leave', async () => ((await getRelationship(id)).mentees.filter((m) => m.status === 'left').length === 2 ? true : undefined));
    await runtime.settle();
    const relationship = await getRelationship(id);
    expect(relationship.status).toBe('active');
    const ids = await Promise.all([dewi, matteo, agnieszka].map((p) => findPersonIdByEmail(program.id, p.email)));
    expect(ids.map((personId) => relationship.mentees.find((m) => m.personId === personId)!.status)).toEqual(['left', 'left', 'active']);
    for (const person of [dewi, matteo]) expect(await mailTo(person.email, LEFT)).toHaveLength(1);
    for (const person of [dewi, matteo, agnieszka, henrik]) expect(await mailTo(person.email, ENDED)).toEqual([]);
    expect(conclusionsOf(circle[0]!).map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  test('the circle’s last mentee and its mentor asking at the same instant end it once', async () => {
    await Promise.all([pressEnd(await endLinkOf(circle[0]!, agnieszka)), pressEnd(await endLinkOf(circle[0]!, henrik))]);
    await waitFor('the circle to end', () => closed(circle[0]!));
    await runtime.settle();
    for (const person of [agnieszka, henrik]) expect(await mailTo(person.email, ENDED)).toHaveLength(1);
    // Those who left before are not written to again.
    for (const person of [dewi, matteo]) expect(await mailTo(person.email, ENDED)).toEqual([]);
    expect(await mailTo(henrik.email, LEFT)).toEqual([]);
    expect(await mailTo(agnieszka.email, LEFT)).toEqual([]);
    expect((await listRematchRequests(program.id)).filter((r) => r.relationshipId === relationshipOf.get(circle[0]!))).toHaveLength(3);
  });
});

describe('a check-in answer stored just before a crash counts', () => {
  test('the reminder’s attempt finds it when the first window ends: the meeting is recorded as held, and nobody is written to again', async () => {
    const link = await checkInLink(1);
    const questionId = checkInQuestionId(relationshipOf.get(giulia)!, 1, 1);
    settleFails(questionId);
    expect((await post(link, HELD)).status).toBe(503);
    expect(await getQuestion(questionId)).toMatchObject({
      state: 'open',
      answers: { [(await findPersonIdByEmail(program.id, giulia.mentee.email))!]: { outcome: 'held' } },
    });

    const meeting = await waitFor('meeting 1 to be recorded', async () => ((await meetingOf(1))?.status === 'planned' ? undefined : meetingOf(1)));
    expect(meeting).toMatchObject({ status: 'held', mode: 'video', rating: 5 });
    expect(await getQuestion(questionId)).toMatchObject({ state: 'answered', outcome: 'held' });
    // Found at the reminder, before the question's last deadline: no timeout was needed.
    expect(runtime.clock.now().getTime()).toBeLessThan(new Date((await getQuestion(questionId))!.closesAt).getTime());
    // Each was asked once, and nobody was written to since.
    expect((await checkInMails()).map((m) => [m.kind, addressOf(m)]).sort()).toEqual(
      [
        ['check-in', giulia.mentee.email],
        ['check-in', giulia.mentor.email],
      ].sort(),
    );
  });

  test('the timeout finds it: an answer stored during the reminder’s wait is recorded, not counted unanswered', async () => {
    const link = await checkInLink(2);
    await waitFor('the reminder’s wait of check-in 2', async () => inReminderWait(2));
    // The reminder's attempt writes to nobody: check-ins are not chased by e-mail.
    expect((await checkInMails()).filter((m) => m.kind !== 'check-in')).toEqual([]);
    const questionId = checkInQuestionId(relationshipOf.get(giulia)!, 2, 1);
    settleFails(questionId);
    expect((await post(link, HELD)).status).toBe(503);

    const meeting = await waitFor('meeting 2 to be recorded', async () => ((await meetingOf(2))?.status === 'planned' ? undefined : meetingOf(2)));
    expect(meeting).toMatchObject({ status: 'held', mode: 'video', rating: 5 });
    // It waited out the reminder's window: the answer came in time, the settling was what failed.
    expect(runtime.clock.now().getTime()).toBeGreaterThanOrEqual(new Date((await getQuestion(questionId))!.closesAt).getTime());
    const saved = (await listAnswers(relationshipOf.get(giulia)!)).find((a) => a.questionId === questionId)!;
    expect(saved).toMatchObject({ outcome: 'held' });
  });

  test('pressing again settles it at once', async () => {
    const link = await checkInLink(3);
    const questionId = checkInQuestionId(relationshipOf.get(giulia)!, 3, 1);
    settleFails(questionId);
    expect((await post(link, HELD)).status).toBe(503);
    const pressedAt = runtime.clock.now().getTime();

    const again = await post(link, HELD);
    expect(again.status).toBe(200);
    expect(again.html).toContain('already answered');
    await runtime.settle();
    expect(await getQuestion(questionId)).toMatchObject({ state: 'answered', outcome: 'held' });
    expect(await meetingOf(3)).toMatchObject({ status: 'held', mode: 'video', rating: 5 });
    expect(runtime.clock.now().getTime()).toBe(pressedAt);
  });
});
