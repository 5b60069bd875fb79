import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meetingSlot, relationshipStart } from '#domain/program/schedule';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { formatDay, formatDeadline, formatWhen } from '#presentation/messages/index';
import type { Meeting } from '#domain/model';
import { handler as respond } from '../../functions/respond.ts';
import { lambdaContext } from '#local/handlers';
import { getLink, getQuestion, listAnswers, listMeetings } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { readInbox, type StoredEmail } from '#local/services/inbox';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import { readInvite } from '../support/ical.ts';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { formAsShown } from '../support/page-forms.ts';

/**
 * One pair on one local runtime. Program time moves only when a test lets it run until what
 * it waits for has happened; while the test clicks, it stands still. Simulated participants
 * accept the match and agree their goals; the check-ins are ours. The tests follow the pair
 * through their first meetings and run in order.
 */
const program = exampleProgram({ id: 'answer-pages' });
const [pair] = examplePairs(program, 1);
const sari = pair!.mentee;
const marco = pair!.mentor;
const ZONE = pair!.timeZone;
/** Meeting `n`'s slot of the rhythm, whatever date another meeting moved to. */
const slot = (n: number) => meetingSlot({ program, startDate: pair!.startDate, timeZone: ZONE }, n)!.toISOString();

let runtime: LocalRuntime;
let participants: ReturnType<typeof startParticipants>;
let relationshipId: string;

interface CheckIn {
  /** The link in Sari's e-mail and in Marco's, without the `?answer=` of the button. */
  sari: string;
  marco: string;
}
let first: CheckIn;
let second: CheckIn;

const LINK = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)\?answer=held/;
/** What Sari tells the coordinator alone about the first meeting. */
const PRIVATE_NOTE = 'We were interrupted twice; I would like a quieter room.\nOtherwise very useful.';
const addressOf = (mail: Pick<StoredEmail, 'destination'>) =>
  (/<([^>]+)>/.exec(mail.destination.to[0] ?? '')?.[1] ?? mail.destination.to[0] ?? '').toLowerCase();

/** Lets program time run, event after event, until `find` finds what it looks for. */
const waitFor = async <T>(what: string, find: () => Promise<T | undefined>): Promise<T> => {
  let found: T | undefined;
  await runtime.run({ done: async () => (found = await find()) !== undefined });
  if (found === undefined) throw new Error(`the lifecycle ended without ${what}`);
  return found;
};

/** The check-in e-mails of the `n`th question the pair is asked (a moved meeting's check-in is a question of its own). */
const checkIn = (n: number): Promise<CheckIn> =>
  waitFor(`check-in e-mail ${n}`, async () => {
    const mails = (await readInbox(runtime.inbox.endpoint)).filter((m) => m.subject.startsWith('How did your meeting'));
    const linksOf = (address: string) => [...new Set(mails.filter((m) => addressOf(m) === address).map((m) => LINK.exec(m.body.text ?? '')?.[1]))];
    const [s, m] = [linksOf(sari.email)[n - 1], linksOf(marco.email)[n - 1]];
    return s && m ? { sari: s, marco: m } : undefined;
  });

const open = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
};
const post = (url: string, form: Record<string, string> | URLSearchParams) =>
  open(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

const questionOf = async (url: string) => {
  const link = await getLink(url.split('/r/')[1]!);
  return (await getQuestion(link!.questionId))!;
};
const meetings = async (): Promise<Pick<Meeting, 'meetingNo' | 'occurrence' | 'status' | 'startsAt'>[]> =>
  (await listMeetings(relationshipId)).map(({ meetingNo, occurrence, status, startsAt }) => ({ meetingNo, occurrence, status, startsAt }));
/** The check-ins recorded; the match and the agreement are recorded beside them. */
const checkInAnswers = async () => (await listAnswers(relationshipId)).filter((a) => a.kind === 'check-in');
/** The e-mails sent so far, with their kind. */
const sent = async () => sentEmails(program.id, runtime.inbox.mail());
/** The calendar invitations a mail carries (the inbox keeps attachments in base64), read back as a calendar would. */
const invitesIn = (mail: Pick<StoredEmail, 'attachments'>) =>
  mail.attachments.filter((a) => /\.ics$/.test(a.filename ?? '')).map((a) => readInvite(Buffer.from(a.content, 'base64').toString('utf8')));
const meetingsPhase = () => runtime.stepFunctions.listAll().find((e) => e.name === `${relationshipId}-meetings-1`)!;

/**
 * Nothing recorded: the question is open, the meeting still planned, the execution still
 * waiting for the answer. The next meeting, announced by this check-in, is planned beside it.
 */
const expectNothingRecorded = async (url: string, meetingNo: number) => {
  const question = await questionOf(url);
  expect(question).toMatchObject({ state: 'open', subject: { meetingNo }, answers: {} });
  expect((await questionOf(url)).outcome).toBeUndefined();
  expect((await meetings()).find((m) => m.meetingNo === meetingNo)).toMatchObject({ status: 'planned' });
  expect((await meetings()).find((m) => m.meetingNo === meetingNo + 1)).toMatchObject({ occurrence: 1, status: 'planned', startsAt: slot(meetingNo + 1) });
  expect(meetingsPhase().status).toBe('RUNNING');
  // Still waiting for the check-in: its last event is the question's task, handed over.
  expect(runtime.stepFunctions.history(meetingsPhase().executionArn).at(-1)!.type).toBe('TaskSubmitted');
  expect((await checkInAnswers()).filter((a) => a.questionId === question.questionId)).toEqual([]);
};

const expectPrivatePage = (headers: Headers) => {
  expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cache-control')).toBe('no-store');
};
const expectKindPage = (html: string) => {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/Error|\s+at\s+\S+\s+\(|node_modules|\.ts:\d+/);
};

beforeAll(async () => {
  runtime = await startLocalRuntime({ programOrigin: relationshipStart({ program, startDate: pair!.startDate, timeZone: ZONE }), ...sharedDynamoDb() });
  participants = startParticipants({ runtime, policy: agreeing(() => undefined) });
  [relationshipId] = (await enrolCohort(program, [pair!])).enrolled as [string];
  // Monday 18 January 2027, 10:00: the check-in comes two hours after the meeting ends.
  first = await checkIn(1);
});

afterAll(async () => {
  await participants?.stop();
  await runtime?.stop();
});

describe('the answer page of a check-in', () => {
  test('each of the pair gets their own link, to the same question; the e-mail announces meeting 2, planned on its slot, with its invitation', async () => {
    expect(first.sari).not.toBe(first.marco);
    expect(first.sari).toMatch(new RegExp(`^${runtime.responsePages.baseUrl}/r/[A-Za-z0-9_-]{24,}$`));
    expect((await questionOf(first.sari)).questionId).toBe((await questionOf(first.marco)).questionId);
    // Meeting 2 is planned when meeting 1's check-in is asked, so that e-mail can carry it.
    expect(slot(1)).toBe('2027-01-18T09:00:00.000Z');
    expect(slot(2)).toBe('2027-01-25T09:00:00.000Z');
    expect(await meetings()).toEqual([
      { meetingNo: 1, occurrence: 1, status: 'planned', startsAt: slot(1) },
      { meetingNo: 2, occurrence: 1, status: 'planned', startsAt: slot(2) },
    ]);
    const checkIns = (await sent()).filter((m) => m.kind === 'check-in');
    expect(checkIns.map(addressOf).sort()).toEqual([marco.email, sari.email].sort());
    for (const mail of checkIns) {
      const partner = addressOf(mail) === sari.email ? marco : sari;
      expect(mail.body.text).toContain(`Your next meeting with ${partner.name} is on ${formatWhen(slot(2), ZONE, 'en')}.`);
      expect(invitesIn(mail)).toMatchObject([{ method: 'REQUEST', uid: `${relationshipId}-meeting-2@mentoring`, sequence: 0, start: new Date(slot(2)) }]);
    }
  });

  test('opening a link (GET, or a mail scanner’s HEAD) shows the question and records nothing', async () => {
    const page = await open(`${first.sari}?answer=held`);
    expect(page.status).toBe(200);
    expectPrivatePage(page.headers);
    expect(page.html).toContain('<html lang="en">');
    expect(page.headers.get('content-language')).toBe('en');
    expect(page.html).toContain('<title>How did your mentoring meeting go?</title>');
    expect(page.html).toContain('<form method="post"');
    expect(page.html).toContain('<button type="submit">Send answer</button>');
    expect(page.html).toContain('“Send answer” records your answer for both of you');
    expect(page.html).toContain(`Your meeting planned for ${formatWhen('2027-01-18T09:00:00.000Z', ZONE, 'en')}.`);
    // The button of the e-mail comes pre-chosen; they have not agreed how to meet yet, and the rating starts at none.
    expect(page.html).toContain('name="answer" value="held" checked');
    for (const mode of ['face-to-face', 'phone', 'video', 'email']) expect(page.html).toContain(`name="mode" value="${mode}">`);
    for (const rating of [1, 2, 3, 4, 5]) expect(page.html).toContain(`name="rating" value="${rating}">`);
    expect(page.html).toContain('name="rating" value="" checked> No rating');
    expect(page.html).toContain('<textarea id="note" name="note" rows="3" maxlength="2000"></textarea>');

    const head = await open(`${first.marco}?answer=not-held`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expectPrivatePage(head.headers);
    expect(head.html).toBe('');

    await expectNothingRecorded(first.sari, 1);
    // Opened again, it still asks.
    const again = await open(first.sari);
    expect(again.status).toBe(200);
    expect(again.html).toContain('<form method="post"');
    expect(again.html).not.toMatch(/name="answer" value="[a-z-]+" checked/);
  });

  test('a link sent before the REST API, still reaching the page through the HTTP API, shows the same page', async () => {
    const linkId = first.sari.split('/r/')[1]!;
    // The REST API keeps the header names as the browser wrote them and repeated query names apart.
    const rest = {
      httpMethod: 'GET',
      pathParameters: { linkId },
      headers: { 'Accept-Language': 'pl' },
      multiValueHeaders: { 'Accept-Language': ['pl'] },
      queryStringParameters: { answer: 'held' },
      multiValueQueryStringParameters: { answer: ['held'] },
      body: null,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;
    const http = {
      requestContext: { http: { method: 'GET' } },
      pathParameters: { linkId },
      headers: { 'accept-language': 'pl' },
      queryStringParameters: { answer: 'held' },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const [viaRest, viaHttp] = await Promise.all([rest, http].map((event) => respond(event, lambdaContext('mentoring-respond'))));
    expect(viaRest).toEqual(viaHttp);
    expect(viaRest).toMatchObject({ statusCode: 200, headers: { 'referrer-policy': 'no-referrer' } });
    expect(viaRest!.body).toContain('name="answer" value="held" checked');
    await expectNothingRecorded(first.sari, 1);
  });

  test.each([
    ['no answer', {}, 'choose one of the options'],
    ['an answer that is not an option', { answer: 'maybe' }, 'choose one of the options'],
    ['"moved" without a date', { answer: 'moved' }, 'give the new date of the meeting'],
    ['"moved" with words for a date', { answer: 'moved', movedTo: 'next tuesday' }, 'the new date is not a valid date and time'],
    ['"moved" to a date in the past', { answer: 'moved', movedTo: '2027-01-12' }, 'the new date must be in the future'],
    ['"moved" to after the relationship ends', { answer: 'moved', movedTo: '2028-02-01' }, 'the new date must be before'],
    ['"held" with a way of meeting the page does not offer', { answer: 'held', mode: 'carrier-pigeon', rating: '4' }, 'say how you met'],
    ['"held" with a rating in words', { answer: 'held', mode: 'video', rating: 'five' }, 'say how useful the meeting was, from 1 to 5'],
    ['"held" with a rating off the scale', { answer: 'held', mode: 'video', rating: '7' }, 'say how useful the meeting was, from 1 to 5'],
    ['a note over 2,000 characters', { answer: 'not-held', note: 'We talked. '.repeat(200) }, 'please keep the note to 2,000 characters'],
  ])('sending %s is refused (400) with the reason on the page, and nothing is recorded', async (_, form: Record<string, string>, reason) => {
    const page = await post(first.sari, form);
    expect(page.status).toBe(400);
    expectPrivatePage(page.headers);
    expect(page.html).toContain(`That answer could not be recorded: ${reason}`);
    // The form is shown again, keeping what was typed.
    expect(page.html).toContain('<form method="post"');
    if (form.movedTo) expect(page.html).toContain(`value="${form.movedTo}"`);
    if (form.mode === 'video') expect(page.html).toContain(`value="${form.mode}" checked`);
    await expectNothingRecorded(first.sari, 1);
  });

  test('a PUT is not an answer: the page handler says 405, allowing GET, HEAD and POST', async () => {
    const event = {
      httpMethod: 'PUT',
      pathParameters: { linkId: first.sari.split('/r/')[1] },
      headers: {},
      body: 'answer=held',
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;
    const result = await respond(event, lambdaContext('mentoring-respond'));
    expect(result.statusCode).toBe(405);
    expect(result.headers).toMatchObject({ allow: 'GET, HEAD, POST' });
    await expectNothingRecorded(first.sari, 1);
  });

  // Shown back on the page, a note of megabytes would make it larger than Lambda may answer.
  test('an answer far larger than the page could send is refused unread (413), the limit in words, and nothing is recorded', async () => {
    const note = '<b>We talked.</b> '.repeat(200_000);
    // As the REST API passes a form on: as text.
    const event = {
      httpMethod: 'POST',
      pathParameters: { linkId: first.sari.split('/r/')[1] },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ answer: 'held', mode: 'video', rating: '4', note }).toString(),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;
    const result = await respond(event, lambdaContext('mentoring-respond'));
    expect(result.statusCode).toBe(413);
    expect(result.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    expect(result.body).toContain('That answer is too long to be recorded, and nothing was recorded.');
    expect(result.body).toContain('a note may have up to 2,000 characters');
    expect(result.body.length).toBeLessThan(10_000);
    expectKindPage(result.body);
    await expectNothingRecorded(first.sari, 1);
  });

  test('a PUT over HTTP gets 405 Method Not Allowed', async () => {
    const page = await open(first.sari, { method: 'PUT', body: 'answer=held' });
    await expectNothingRecorded(first.sari, 1);
    expect(page.status).toBe(405);
  });

  test('pressing the button records the answer, and the year goes on: the meeting is held and the next one, already in their calendars, comes next', async () => {
    const page = await post(first.sari, { answer: 'held', mode: 'video', rating: '4', note: PRIVATE_NOTE });
    expect(page.status).toBe(200);
    expectPrivatePage(page.headers);
    expect(page.html).toContain('<title>Your answer is recorded</title>');
    expect(page.html).toContain('<h1>Your answer is recorded</h1><p>Thank you, your answer is recorded.</p>');
    // What comes next.
    expect(page.html).toContain('You will both get a reminder before your next meeting, and this short question again after it.');
    expect(page.html).not.toContain('<form');

    expect(await questionOf(first.sari)).toMatchObject({ state: 'answered', outcome: 'held' });
    expect(Object.values((await questionOf(first.sari)).answers)).toMatchObject([
      { role: 'mentee', outcome: 'held', details: { mode: 'video', rating: 4, note: PRIVATE_NOTE } },
    ]);
    const year = await waitFor('meeting 1 to be recorded as held', async () => {
      const all = await meetings();
      return all[0]?.status === 'held' ? all : undefined;
    });
    expect(year).toEqual([
      { meetingNo: 1, occurrence: 1, status: 'held', startsAt: slot(1) },
      { meetingNo: 2, occurrence: 1, status: 'planned', startsAt: slot(2) },
    ]);
    expect(meetingsPhase().status).toBe('RUNNING');
    // Meeting 2 came with the check-in (and meeting 1 with the introduction): no invitation of its own.
    expect((await sent()).filter((m) => m.kind === 'meeting-invitation')).toEqual([]);
  });

  test('how they met and the rating are kept on the meeting; the private note stays in the answer, never in the execution', async () => {
    const [held] = await listMeetings(relationshipId);
    expect(held).toMatchObject({ status: 'held', mode: 'video', rating: 4 });
    expect(JSON.stringify(held)).not.toContain(PRIVATE_NOTE);
    const [saved] = await checkInAnswers();
    expect(Object.values(saved!.answers as object)).toMatchObject([{ details: { note: PRIVATE_NOTE } }]);
    const history = JSON.stringify(runtime.stepFunctions.history(meetingsPhase().executionArn));
    expect(history).toContain('Record how the meeting went');
    for (const secret of ['interrupted', 'video', 'rating']) expect(history).not.toContain(secret);
  });

  test('a second press, or the partner answering too, is told it was already answered and changes nothing', async () => {
    const twice = await post(first.sari, { answer: 'not-held' });
    expect(twice.status).toBe(200);
    expect(twice.html).toContain('This question was already answered on');
    expect(twice.html).not.toContain('<form');

    const partner = await post(first.marco, { answer: 'moved', movedTo: '2027-03-01T10:00' });
    expect(partner.status).toBe(200);
    expect(partner.html).toContain('This question was already answered on');
    // Even opening the partner's link no longer asks.
    expect((await open(first.marco)).html).not.toContain('<form');

    expect(await questionOf(first.marco)).toMatchObject({ state: 'answered', outcome: 'held' });
    expect(Object.values((await questionOf(first.marco)).answers)).toMatchObject([{ role: 'mentee', outcome: 'held' }]);
    expect((await meetings())[0]).toMatchObject({ meetingNo: 1, status: 'held', occurrence: 1 });
    expect(
      (await checkInAnswers()).map((a) => [(a.subject as { meetingNo: number }).meetingNo, a.outcome, Object.values(a.answers as object).map((x) => x.role)]),
    ).toEqual([[1, 'held', ['mentee']]]);
  });

  test.each(['PUT', 'DELETE', 'PATCH'])('%s on an answered link is 405 with the same private headers, not "already answered"', async (method) => {
    const page = await open(first.sari, { method, body: 'answer=not-held' });
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('GET, HEAD, POST');
    expectPrivatePage(page.headers);
    expect(page.html).toContain('This page only shows a question and takes its answer from its own button.');
    expect(await questionOf(first.sari)).toMatchObject({ state: 'answered', outcome: 'held' });
  });

  test('when the store cannot be reached the page says to try again in a minute, with the same private headers and no stack trace', async () => {
    const table = process.env.RESPONSES_TABLE;
    delete process.env.RESPONSES_TABLE;
    try {
      const linkId = first.sari.split('/r/')[1]!;
      // Through the HTTP API, which links sent before the REST API still reach.
      const event = { requestContext: { http: { method: 'GET' } }, pathParameters: { linkId }, isBase64Encoded: false } as unknown as APIGatewayProxyEventV2;
      const result = await respond(event, lambdaContext('mentoring-respond'));
      expect(result.statusCode).toBe(503);
      expect(result.headers).toMatchObject({
        'retry-after': '60',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      expect(result.body).toContain('Something went wrong on our side. Please try again in a minute: if your answer was recorded, the page will then say so');
      expect(result.body).toContain('<h1>Something went wrong</h1>');
      expectKindPage(result.body);
    } finally {
      process.env.RESPONSES_TABLE = table;
    }
  });

  test.each([
    ['an unknown link', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a link too short to be one', 'abc'],
    ['a link with characters no link has', 'not%20a%20link%3Cscript%3E'],
    ['a link with a path in it', '..%2F..%2Fetc%2Fpasswd'],
  ])('%s gets 404 with a kind page, never a stack trace', async (_, id) => {
    for (const method of ['GET', 'POST']) {
      const page = await open(`${runtime.responsePages.baseUrl}/r/${id}`, { method, ...(method === 'POST' ? { body: 'answer=held' } : {}) });
      expect(page.status).toBe(404);
      expectPrivatePage(page.headers);
      expect(page.html).toContain('This link is not valid. Please use the buttons in your latest e-mail');
      // Under a title and heading of its own, not the question of a check-in.
      expect(page.html).toContain('<title>Link not found</title>');
      expect(page.html).toContain('<h1>Link not found</h1>');
      expectKindPage(page.html);
    }
  });

  test('a link with broken percent-encoding gets 404 with a kind page too', async () => {
    const page = await open(`${runtime.responsePages.baseUrl}/r/AAAAAAAAAAAAAAAAAAAAAAAA%E0%A4%A`, { signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(404);
    expect(page.html).toContain('This link is not valid.');
  });

  test('a meeting moved on the page is planned at the new date, its updated invitation goes out at once, and the next meeting stays on its slot', async () => {
    second = await checkIn(2);
    expect(second.sari).not.toBe(first.sari);
    await expectNothingRecorded(second.sari, 2);
    // Meeting 3 was announced with this check-in, on its slot: Monday 1 February.
    expect(slot(3)).toBe('2027-02-01T09:00:00.000Z');
    expect((await meetings()).find((m) => m.meetingNo === 3)).toEqual({ meetingNo: 3, occurrence: 1, status: 'planned', startsAt: slot(3) });
    const announced = (await sent()).find(
      (m) => m.kind === 'check-in' && addressOf(m) === sari.email && invitesIn(m)[0]?.uid.endsWith('-meeting-2@mentoring'),
    )!;
    const before = invitesIn(announced)[0]!;

    // Thursday, before meeting 3.
    const newDate = DateTime.fromISO('2027-01-28T14:30', { zone: ZONE });
    const pressedAt = runtime.clock.now().toISOString();
    // A date, and a time of his own instead of their usual 10:00.
    const page = await post(second.marco, { answer: 'moved', movedTo: newDate.toFormat('yyyy-MM-dd'), movedAt: newDate.toFormat('HH:mm') });
    expect(page.status).toBe(200);
    const when = formatWhen(newDate.toJSDate(), ZONE, 'en');
    expect(page.html).toContain(
      'Thank you. The meeting is now planned for Thursday, January 28, 2:30 PM in Rome; you both get the updated calendar invitation',
    );
    expect(await questionOf(second.sari)).toMatchObject({ state: 'answered', outcome: 'moved' });
    expect(Object.values((await questionOf(second.sari)).answers)).toMatchObject([
      { role: 'mentor', outcome: 'moved', details: { movedTo: newDate.toUTC().toISO() } },
    ]);

    const invitations = await waitFor('the updated invitation', async () => {
      const found = (await sent()).filter((m) => m.kind === 'meeting-invitation');
      return found.length === 2 ? found : undefined;
    });
    // At once: program time did not move between the click and the invitation.
    expect(invitations.map((m) => m.sentAt)).toEqual([pressedAt, pressedAt]);
    expect(invitations.map(addressOf).sort()).toEqual([marco.email, sari.email].sort());
    expect(invitations.find((m) => addressOf(m) === sari.email)!.subject).toBe(`Your meeting with ${marco.name} has moved to ${when}`);
    expect(invitations.find((m) => addressOf(m) === marco.email)!.subject).toBe(`Your meeting with ${sari.name} has moved to ${when}`);
    for (const mail of invitations) {
      // The same calendar event, updated: same UID, a higher SEQUENCE, the new start.
      const [invite, ...more] = invitesIn(mail);
      expect(more).toEqual([]);
      expect(invite).toMatchObject({ method: 'REQUEST', uid: before.uid, start: newDate.toJSDate() });
      expect(invite!.sequence).toBe(before.sequence + 1);
      expect(invite!.startLocal(ZONE)).toBe('2027-01-28T14:30');
    }
    expect(before).toMatchObject({ uid: `${relationshipId}-meeting-2@mentoring`, start: new Date(slot(2)) });

    // A moved meeting moves only itself: meeting 3 keeps its slot, and its invitation is not sent again.
    expect(await meetings()).toEqual([
      { meetingNo: 1, occurrence: 1, status: 'held', startsAt: slot(1) },
      { meetingNo: 2, occurrence: 2, status: 'planned', startsAt: newDate.toUTC().toISO() },
      { meetingNo: 3, occurrence: 1, status: 'planned', startsAt: slot(3) },
    ]);
    expect((await listMeetings(relationshipId))[1]!.moves).toEqual([{ from: slot(2), to: newDate.toUTC().toISO() }]);
  });

  // A moved meeting stays before the next; a typo in the month (12 for 02) cannot stretch the year either.
  test('a meeting cannot be moved to or past the next meeting: the page names the day it must be before, and nothing is recorded', async () => {
    const third = await checkIn(3);
    expect(await questionOf(third.sari)).toMatchObject({ subject: { meetingNo: 2, occurrence: 2 } });
    const nextDay = formatDay(slot(3), ZONE, 'en');
    for (const movedTo of [DateTime.fromISO(slot(3), { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm"), '2027-02-03T10:00', '2027-12-01T10:00']) {
      const page = await post(third.sari, { answer: 'moved', movedTo });
      expect(page.status).toBe(400);
      expect(page.html).toContain(`That answer could not be recorded: the new date must be before your next meeting, on ${nextDay}`);
      expect(page.html).toContain(`value="${movedTo}"`);
    }
    await expectNothingRecorded(third.sari, 2);
    expect((await meetings()).find((m) => m.meetingNo === 3)).toMatchObject({ status: 'planned', startsAt: slot(3) });
  });

  test('a check-in link answers until the deadline its e-mail gives, to the minute, and is closed from then on', async () => {
    const third = await checkIn(3);
    const question = await questionOf(third.sari);
    const closesAt = new Date(question.closesAt);
    const meeting = async () => (await meetings()).find((m) => m.meetingNo === question.subject.meetingNo);
    const mail = (await readInbox(runtime.inbox.endpoint)).find((m) => addressOf(m) === sari.email && (m.body.text ?? '').includes(third.sari))!;
    expect(mail.body.text).toContain(`Please answer by ${formatDeadline(closesAt, ZONE, 'en')}.`);

    await runtime.run({ until: new Date(closesAt.getTime() - 60_000) });
    expect((await open(third.sari)).html).toContain('<form method="post"');
    expect(await meeting()).toMatchObject({ status: 'planned' });

    await runtime.run({ until: closesAt });
    const late = await post(third.sari, { answer: 'held', mode: 'video', rating: '4' });
    expect(late.status).toBe(410);
    await runtime.settle();
    expect(await meeting()).toMatchObject({ status: 'unanswered' });
  });

  test('two clicks: "We met" in the e-mail opens the page with it chosen, how they agreed to meet and no rating, and its one button records that', async () => {
    const fourth = await checkIn(4);
    const mail = (await readInbox(runtime.inbox.endpoint)).find((m) => addressOf(m) === sari.email && (m.body.html ?? '').includes(fourth.sari))!;
    const button = /<a href="([^"]+)"[^>]*>We met<\/a>/.exec(mail.body.html!)![1]!;
    expect(button).toBe(`${fourth.sari}?answer=held`);

    const page = await open(button);
    // They agreed to meet face to face: that is where "how did you meet" starts.
    expect(page.html).toContain('name="answer" value="held" checked');
    expect(page.html).toContain('name="mode" value="face-to-face" checked');
    expect(page.html).toContain('Chosen: the first way you agreed to meet.');
    expect(page.html).toContain('name="rating" value="" checked');

    const thanks = await post(fourth.sari, formAsShown(page.html));
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain('<h1>Your answer is recorded</h1>');
    const question = await questionOf(fourth.sari);
    expect(question).toMatchObject({ state: 'answered', outcome: 'held' });
    expect(Object.values(question.answers).map((a) => a.details)).toEqual([{ mode: 'face-to-face' }]);

    const { meetingNo } = question.subject as { meetingNo: number };
    const held = await waitFor('the meeting to be recorded', async () =>
      (await listMeetings(relationshipId)).find((m) => m.meetingNo === meetingNo && m.status === 'held'),
    );
    // No rating is no low rating: the safety net reads only ratings that were given.
    expect(held).toMatchObject({ status: 'held', mode: 'face-to-face' });
    expect(held).not.toHaveProperty('rating');
    const alerts = (await readInbox(runtime.inbox.endpoint)).filter((m) => m.subject.startsWith('Safety net:') && m.subject.includes('rated'));
    expect(alerts).toEqual([]);
  });
});
