import fc from 'fast-check';
import { DateTime } from 'luxon';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { MEETING_MODES, NOTE_MAX_LENGTH } from '#domain/check-in-details';
import type { GivenAnswer, Question, QuestionKindName, ResponseLink, Role } from '#domain/model';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { DESCRIPTION_MAX_LENGTH } from '#presentation/pages/questions/goals-page';
import { translator } from '#presentation/messages/index';
import { escapeHtml } from '#presentation/letters/letters';
import { answerFormPage } from '#presentation/pages/answer-page';
import { MAX_ANSWER_BYTES } from '#http/page-response';
import { QUESTION_PAGES } from '#use-cases/questions/pages';
import { handler as respond } from '../../functions/respond.ts';
import { lambdaContext } from '#local/handlers';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { examplePairs, exampleProgram } from '../support/cohort.ts';
import { formFields, inPath, requestOn, target, toEvent, visible, type GeneratedRequest, type KnownLink } from '../support/answer-requests.ts';
import { openQuestionOf } from '../support/questions.ts';

/**
 * The answer pages are public: anyone holding a link, or guessing at one, may send them
 * anything. A cohort runs until each question of the agreement is open for someone; then
 * program time stands still while generated requests (methods, link ids, queries, headers
 * and bodies of every kind) go to the page handler in-process, as API Gateway events, and a
 * smaller share over HTTP through the local answer pages. Whatever comes in, the page is a
 * kind one with the same private headers, never a stack trace or the sender's markup, and
 * nothing changes but what a few legitimate answers, mixed in, record.
 */
const SEED = 20_270_111;
/** Requests per generated batch, sent at once; batches in each run of the property, 10,000 requests in all; requests over HTTP. */
const BATCH = 25;
const IN_PROCESS_BATCHES = [100, 100, 100, 100];
const HTTP_REQUESTS = 400;

const program = exampleProgram({ id: 'answer-pages-generated' });
// Budi shares Marco with Sari: without him every person is asked in one relationship only.
const rows = examplePairs(program, 8).filter((row) => row.mentee.email !== 'budi.santoso@example.org');
const SARI = 'sari.wibowo@example.org';
const TOMASZ = 'tomasz.nowak@example.org';
/** Where each person stops answering, so that every question of the agreement is open for someone. */
const STOPS_AT: Record<string, string> = {
  [SARI]: 'match',
  'marco.bianchi@example.org': 'match',
  [TOMASZ]: 'working-agreement',
  'anneke.jansen@example.org': 'working-agreement',
  'giulia.romano@example.org': 'goals',
  'femke.bakker@example.org': 'goal-confirmation',
  'piotr.kowalski@example.org': 'goal-endorsement',
  // The circle agrees everything, then leaves its first check-in open.
  'henrik.lund@example.org': 'check-in',
  'dewi.lestari@example.org': 'check-in',
  'matteo.ricci@example.org': 'check-in',
  'agnieszka.zielinska@example.org': 'check-in',
};
const OPEN_KINDS = ['match', 'working-agreement', 'goals', 'goal-confirmation', 'goal-endorsement', 'check-in'];

const t = translator('en');
const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
};
const ANSWER_METHODS = ['GET', 'HEAD', 'POST'];
/** Each error page's own title and heading, by its status. */
const HEADINGS: Record<number, string> = {
  404: 'answerPage.notFoundTitle',
  405: 'answerPage.methodNotAllowedTitle',
  410: 'answerPage.closedTitle',
  413: 'answerPage.tooLargeTitle',
  503: 'answerPage.busyTitle',
};

let runtime: LocalRuntime;
let now: Date;
const questions = new Map<string, Question>();
const links = new Map<string, ResponseLink>();
/** Links whose reader answered here, legitimately: their pages say so from then on. */
const answeredHere = new Set<string>();
const sent = { inProcess: 0, http: 0 };

// ---------------------------------------------------------------------------------------------
// What the store and the executions hold, to compare before and after.

const scan = async (table: 'mentoring' | 'responses') => {
  const key = (item: Record<string, unknown>) => `${(item.id as string | undefined) ?? (item.pk as string)}\n${(item.sk as string | undefined) ?? ''}`;
  return runtime.twin!.store.scan(table).sort((a, b) => key(a).localeCompare(key(b)));
};

const snapshot = async () => ({
  responses: await scan('responses'),
  mentoring: await scan('mentoring'),
  executions: Object.fromEntries(
    runtime.stepFunctions.listAll().map((e) => [e.name, { status: e.status, events: runtime.stepFunctions.history(e.executionArn).length }]),
  ),
  mailSent: runtime.inbox.accepted,
});
type Snapshot = Awaited<ReturnType<typeof snapshot>>;
let before: Snapshot;

// ---------------------------------------------------------------------------------------------
// Which forms a page certainly refuses: a request on a link whose answer would be recorded
// must be one of them, or a legitimate answer is all that may change anything.

const competencies = () => new Set((JSON.parse(openQuestion('goals').page.competencies ?? '[]') as { id: string }[]).map((c) => c.id));
const scale = () => [Number(openQuestion('goals').page.scaleMin), Number(openQuestion('goals').page.scaleMax)] as const;

/** At least how long a text is once line breaks, control characters and outer spaces are dealt with. */
const visibleLength = (text: string) => text.replace(/[\s\p{Cc}\p{Cf}]/gu, '').length;
const noteTooLong = (form: URLSearchParams) => visibleLength(form.get('note') ?? '') > NOTE_MAX_LENGTH;

/** The one choice each kind cannot do without, and the values that make it. */
const CHOICE: Record<string, { field: string; accepted: string[] }> = {
  match: { field: 'answer', accepted: ['accept', 'decline'] },
  'goal-confirmation': { field: 'answer', accepted: ['confirm', 'changes'] },
  'goal-endorsement': { field: 'answer', accepted: ['endorse', 'discuss'] },
  'working-agreement': { field: 'confidential', accepted: ['yes'] },
  'end-relationship': { field: 'confirm', accepted: ['yes'] },
  'check-in': { field: 'answer', accepted: ['held', 'moved', 'not-held'] },
};
const NOT_A_CHOICE = ['', 'maybe', 'ACCEPT', 'yes ', ' endorse', 'confirm\u0000', '<script>alert(1)</script>', 'accept,decline'];

const refusedBy = (kind: string, form: URLSearchParams): boolean => {
  if (kind === 'goals') {
    const [competency, baseline, target_] = ['competency1', 'baseline1', 'target1'].map((name) => form.get(name) ?? '');
    const description = form.get('description1') ?? '';
    const begun = [competency, baseline, target_].some((v) => v!.trim()) || visibleLength(description) > 0;
    const [min, max] = scale();
    const level = (v: string) => /^\d{1,2}$/.test(v) && Number(v) >= min && Number(v) <= max;
    return (
      begun &&
      (!competencies().has(competency!.trim()) ||
        visibleLength(description) > DESCRIPTION_MAX_LENGTH ||
        !(level(baseline!) && level(target_!) && Number(target_) > Number(baseline)))
    );
  }
  // A digest's action link: which action it is only its question knows, so only a form no action takes is certainly refused.
  if (kind === 'coordinator-action') return !['nudge', 'end'].includes(form.get('answer') ?? '') && !/^\d{1,3}$/.test(form.get('days') ?? '');
  const choice = CHOICE[kind];
  if (!choice) throw new Error(`no refusal known for a ${kind} question`);
  const chosen = form.get(choice.field) ?? '';
  if (!choice.accepted.includes(chosen)) return true;
  // How they met and the rating may be left out; what is given must be one of the page's.
  const [mode, rating] = [form.get('mode'), form.get('rating')];
  if (kind === 'check-in' && chosen === 'held' && ((mode && !(MEETING_MODES as readonly string[]).includes(mode)) || (rating && !/^[1-5]$/.test(rating))))
    return true;
  if (kind === 'check-in' && chosen === 'moved') {
    // A date, and a time that is the pair's usual one unless another is typed; or both in one field, as pages sent them before.
    const { timeZone, page } = openQuestion('check-in');
    const movedTo = (form.get('movedTo') ?? '').trim();
    const together = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(movedTo);
    const usual = page.meetingTime ?? DateTime.fromISO(page.meetingStartsAt!, { zone: timeZone }).toFormat('HH:mm');
    const typed = (form.get('movedAt') ?? '').trim();
    const [date, time] = together ? [together[1]!, together[2]!] : [movedTo, typed || usual];
    const when = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      !/^([01]\d|2[0-3]):[0-5]\d$/.test(time) ||
      !when.isValid ||
      when.toJSDate() <= now ||
      when.toJSDate() >= new Date(page.moveBefore!)
    )
      return true;
  }
  return kind !== 'goal-confirmation' && noteTooLong(form);
};

/** The form with its one indispensable choice made wrong, the rest kept. */
const spoil = (kind: string, form: URLSearchParams, pick: number): URLSearchParams => {
  if (kind === 'coordinator-action') {
    const kept = [...form].filter(([name]) => name !== 'answer' && name !== 'days');
    return new URLSearchParams([['answer', NOT_A_CHOICE[pick % NOT_A_CHOICE.length]!], ['days', `${pick % 90}.5`], ...kept]);
  }
  const [field, wrong] = kind === 'goals' ? ['competency1', `not-a-competency-${pick % 7}`] : [CHOICE[kind]!.field, NOT_A_CHOICE[pick % NOT_A_CHOICE.length]!];
  return new URLSearchParams([[field, wrong], ...[...form].filter(([name]) => name !== field)]);
};

const invalid = (reason: string) => t('answerPage.invalid', { reason });
const noteMessage = invalid(t('answerPage.noteTooLong', { max: NOTE_MAX_LENGTH.toLocaleString('en') }));
const overlongNote = fc.integer({ min: NOTE_MAX_LENGTH + 1, max: NOTE_MAX_LENGTH * 3 }).map((n) => visible(n));

/** Forms that are right but for one thing, and what the page must say about it. */
const nearlyRight = (kind: string): fc.Arbitrary<{ form: URLSearchParams; expectMessage?: string }> => {
  const form = (fields: Record<string, string | string[]>) =>
    new URLSearchParams(Object.entries(fields).flatMap(([name, v]) => [v].flat().map((x): [string, string] => [name, x])));
  switch (kind) {
    case 'match':
    case 'goal-endorsement':
    case 'end-relationship': {
      const { field, accepted } = CHOICE[kind]!;
      return fc
        .tuple(fc.constantFrom(...accepted), overlongNote)
        .map(([choice, note]) => ({ form: form({ [field]: choice, note }), expectMessage: noteMessage }));
    }
    case 'check-in':
      return fc.oneof(
        fc
          .tuple(fc.constantFrom(...CHOICE[kind]!.accepted), overlongNote)
          .map(([answer, note]) => ({ form: form({ answer, note }), expectMessage: noteMessage })),
        fc.tuple(fc.constantFrom(...MEETING_MODES), fc.constantFrom('0', '6', '10', ' 3', '3.0', '٣', 'five')).map(([mode, rating]) => ({
          form: form({ answer: 'held', mode, rating }),
          expectMessage: invalid(t('answerPage.chooseRating')),
        })),
        fc
          .constantFrom(
            ['', 'answerPage.needDate'],
            [' \t ', 'answerPage.needDate'],
            ['next tuesday', 'answerPage.badDate'],
            ['2027-13-01T10:00', 'answerPage.badDate'],
            ['2027-02-30T10:00', 'answerPage.badDate'],
            ['2026-06-01T10:00', 'answerPage.pastDate'],
            ['2026-06-01', 'answerPage.pastDate'],
            ['2027-02-30', 'answerPage.badDate'],
          )
          .map(([movedTo, reason]) => ({ form: form({ answer: 'moved', movedTo }), expectMessage: invalid(t(reason)) })),
      );
    case 'working-agreement':
      return fc
        .tuple(fc.subarray([...MEETING_MODES], { minLength: 1 }), fc.constantFrom('weekly', 'every-two-weeks', 'monthly'), overlongNote)
        .map(([modes, frequency, note]) => ({ form: form({ confidential: 'yes', modes, frequency, note }), expectMessage: noteMessage }));
    case 'goal-confirmation':
      // A note of nothing but control characters and spaces is no note.
      return fc.constantFrom('', ' ', '\u0000\u0007', '\r\n\t', '\u202E \u0085').map((note) => ({
        form: form({ answer: 'changes', note }),
        expectMessage: invalid(openQuestion('goal-confirmation').page.canAskChanges === 'yes' ? t('goalConfirmation.needNote') : t('answerPage.chooseOption')),
      }));
    case 'goals': {
      const [min, max] = scale();
      const row = fc.record({ competency1: fc.constantFrom(...competencies()), baseline1: fc.integer({ min, max }), target1: fc.integer({ min, max }) });
      return fc.oneof(
        fc.tuple(row, fc.integer({ min: DESCRIPTION_MAX_LENGTH + 1, max: DESCRIPTION_MAX_LENGTH * 3 })).map(([r, n]) => ({
          form: form({ ...r, baseline1: String(min), target1: String(max), description1: visible(n) }),
          expectMessage: invalid(t('goals.descriptionTooLong', { n: 1, max: DESCRIPTION_MAX_LENGTH })),
        })),
        row
          .filter((r) => r.target1 <= r.baseline1)
          .map((r) => ({
            form: form({ ...r, baseline1: String(r.baseline1), target1: String(r.target1), description1: 'Lead the planning meeting' }),
            expectMessage: invalid(t('goals.targetNotAbove', { n: 1 })),
          })),
      );
    }
    default:
      return fc.constant({ form: new URLSearchParams() });
  }
};

// ---------------------------------------------------------------------------------------------
// What each request must get.

const openQuestion = (kind: string) => [...questions.values()].find((q) => q.kind === kind && q.state === 'open')!;

const knownLinks = (): KnownLink[] =>
  [...links.values()].map((link) => {
    const question = questions.get(link.questionId)!;
    return {
      linkId: link.linkId,
      kind: question.kind,
      answerable: question.state === 'open' && !question.answers[link.personId] && new Date(question.closesAt) > now,
    };
  });

interface Expected {
  status: number;
  /** What the page must say, escaped as it appears in the HTML. */
  says: string[];
}

const expectedFor = (request: GeneratedRequest, bodyBytes: number): Expected => {
  const method = request.method.toUpperCase();
  if (!ANSWER_METHODS.includes(method)) return { status: 405, says: [t('answerPage.methodNotAllowed')] };
  if (method === 'POST' && bodyBytes > MAX_ANSWER_BYTES)
    return { status: 413, says: [t('answerPage.tooLarge', { max: NOTE_MAX_LENGTH.toLocaleString('en') })] };
  const link = links.get(request.linkId);
  if (!link) return { status: 404, says: [t('answerPage.notFound')] };
  const question = questions.get(link.questionId)!;
  if (question.state === 'answered' || question.answers[link.personId] || answeredHere.has(link.linkId))
    return { status: 200, says: [t('answerPage.alreadyAnswered', { when: '' }).split(' on ')[0]!] };
  if (question.state === 'closed' || new Date(question.closesAt) <= now) return { status: 410, says: [t('answerPage.closed')] };
  if (method !== 'POST') return { status: 200, says: ['<form method="post"'] };
  return { status: 400, says: [t('answerPage.invalid', { reason: '' }), ...(request.expectMessage ? [request.expectMessage] : [])] };
};

/** Text that is a message key, or a placeholder left unfilled, rather than words. */
const UNTRANSLATED = /\{\{|\}\}|\b(answerPage|goals|match|workingAgreement|goalConfirmation|goalEndorsement|endRelationship)\.[a-z]\w*/;
/** A stack frame, an error naming a file, a source path: in any order, and in time linear in the page's length. */
const STACK_TRACE = /\n[ \t]+at\s|Error:[^\n]*\/[\w.-]+\.(ts|js|mjs)\b|\.(ts|js|mjs):\d+|node_modules|file:\/\//;
/**
 * A tag or an event handler the request tried to slip in: our pages have neither. Quoted
 * attribute values are left out, as escaping keeps what was sent inside them.
 */
const TAG_OR_HANDLER = /<(script|img|svg|iframe)\b|<[^>]*\son(error|load|focus)=/i;
const hasRawMarkup = (html: string) => TAG_OR_HANDLER.test(html.replace(/"[^"]*"/g, '""'));

interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Everything every answer page must be, and what this one must say. */
const checkPage = (request: GeneratedRequest, page: Page, bodyBytes: number) => {
  const expected = expectedFor(request, bodyBytes);
  const method = request.method.toUpperCase();
  const problems: string[] = [];
  if (page.status !== expected.status) problems.push(`status ${page.status}, expected ${expected.status}`);
  if (page.status >= 500) problems.push('a server error');
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (page.headers[name] !== value) problems.push(`header ${name}: ${page.headers[name]}`);
  if (page.headers['content-language'] !== 'en') problems.push(`content-language: ${page.headers['content-language']}`);
  if (page.status === 405 && page.headers.allow !== 'GET, HEAD, POST') problems.push('405 without Allow');
  if (method === 'HEAD') {
    if (page.body !== '') problems.push('HEAD with a body');
  } else {
    if (!page.body.startsWith('<!doctype html>')) problems.push('not an HTML page');
    if (page.body.length > 1_000_000) problems.push(`a page of ${page.body.length} characters`);
    if (STACK_TRACE.test(page.body)) problems.push('a stack trace or file path');
    if (hasRawMarkup(page.body)) problems.push('markup from the request, unescaped');
    for (const words of expected.says) if (!page.body.includes(words.startsWith('<form') ? words : escapeHtml(words))) problems.push(`does not say "${words}"`);
    const message = /<p class="error" role="alert">([^<]*)<\/p>|<\/h1><p>([^<]*)<\/p>/.exec(page.body);
    if (page.status >= 400 && !message) problems.push('an error page without its message');
    const heading = HEADINGS[page.status];
    if (heading && !page.body.includes(`<title>${escapeHtml(t(heading))}</title>`)) problems.push(`a ${page.status} page without its own title`);
    if (heading && !page.body.includes(`<h1>${escapeHtml(t(heading))}</h1>`)) problems.push(`a ${page.status} page under another heading`);
    if (!page.body.includes('<html lang="en">')) problems.push('a page not in its reader’s language');
    if (message && UNTRANSLATED.test(message[1] ?? message[2]!)) problems.push(`message not in words: ${message[0]}`);
  }
  return problems;
};

const describeRequest = (request: GeneratedRequest) =>
  JSON.stringify({
    ...request,
    rawLinkId: request.rawLinkId.slice(0, 200),
    body: request.body && `${request.body.length} bytes: ${request.body.subarray(0, 300).toString('latin1')}`,
  });

// ---------------------------------------------------------------------------------------------
// Sending: in-process to the handler, or over HTTP to the local answer pages.

const bodyBytesOf = (request: GeneratedRequest) => request.body?.length ?? 0;

const sendInProcess = async (request: GeneratedRequest): Promise<Page> => {
  sent.inProcess++;
  const result = await respond(toEvent(request), lambdaContext('mentoring-respond'));
  return { status: result.statusCode, headers: result.headers, body: result.body };
};

/** Characters an HTTP client cannot put in a request line, percent-encoded. */
const onTheWire = (text: string) => text.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));

/**
 * The request as an HTTP client can send it: a method that is a token, in capitals as Node
 * sends it (CONNECT asks a proxy for a tunnel, and Node hangs up on it); path and query
 * percent-encoded where they must be; headers a client may send; the body's own length. Path,
 * query and headers stay within what a server reads (Node's 16 KB, a gateway's less): past
 * it Node may hang up before its 431 arrives. The in-process requests go beyond.
 */
const sendable = (request: GeneratedRequest): GeneratedRequest => ({
  ...request,
  method: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(request.method) && request.method.toUpperCase() !== 'CONNECT' ? request.method.toUpperCase() : 'GET',
  rawLinkId: onTheWire(request.rawLinkId).slice(0, 2048),
  query: onTheWire(request.query).slice(0, 2048),
  headers: Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name, value]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && /^[\t\u0020-\u007e]*$/.test(value) && name !== 'content-length')
      .map(([name, value]) => [name, value.slice(0, 1024)]),
  ),
});

const sendOverHttp = (request: GeneratedRequest): Promise<Page> => {
  sent.http++;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(new URL(runtime.responsePages.baseUrl).port),
        method: request.method,
        path: `/r/${request.rawLinkId}${request.query ? `?${request.query}` : ''}`,
        headers: request.headers,
        // A connection each: one the server closes after an unread body is not handed to the next request.
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', (error) => reject(new Error(`over HTTP: ${error.message}\n${describeRequest(request)}`)));
    outgoing.end(request.body);
  });
};

/** The request as the local answer pages turn it into an event: the path as a URL parser reads it, the link decoded. */
const asServed = (request: GeneratedRequest): GeneratedRequest | undefined => {
  const path = new URL(`/r/${request.rawLinkId}`, 'http://127.0.0.1').pathname;
  const segment = /^\/r\/([^/]+)$/.exec(path)?.[1];
  if (segment === undefined) return undefined;
  let linkId = segment;
  try {
    linkId = decodeURIComponent(segment);
  } catch {
    // kept as it came
  }
  // Only a POST's body is read, as text.
  return { ...request, linkId, body: request.method === 'POST' && request.body ? Buffer.from(request.body.toString('utf8')) : undefined, base64: false };
};

const requests = () => {
  const refusal = { refusedBy, spoil, nearlyRight };
  return target(knownLinks()).chain((to) => requestOn(to, refusal));
};

const sendBatches = async (batches: number, seed: number) => {
  await fc.assert(
    fc.asyncProperty(fc.array(requests(), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const pages = await Promise.all(batch.map(sendInProcess));
      batch.forEach((request, i) => {
        const problems = checkPage(request, pages[i]!, bodyBytesOf(request));
        if (problems.length) throw new Error(`${problems.join('; ')}\n${describeRequest(request)}\n${pages[i]!.status} ${pages[i]!.body.slice(0, 2000)}`);
      });
    }),
    // The first page found wrong is reported as its request was sent: shrinking would resend thousands.
    { seed, numRuns: batches, endOnFailure: true },
  );
};

// ---------------------------------------------------------------------------------------------
// Legitimate answers, mixed in.

/** A free text a person may type: words in several scripts, a formula's first character, control characters scattered in it. */
const typedNote = fc
  .tuple(
    fc.constantFrom('=', '+', '-', '@'),
    fc.string({ unit: fc.constantFrom(...Array.from('Mornings suit me, évidemment; 朝が良い 👍 <b>&"\'\n')), minLength: 1, maxLength: 300 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u202E', '\u2066')), { maxLength: 8 }),
  )
  .map(([prefix, words, controls]) => {
    const typed = `${prefix}${words}`.trimEnd();
    let sentText = typed;
    for (const [at, control] of controls) {
      const cut = at % (sentText.length + 1);
      sentText = sentText.slice(0, cut) + control + sentText.slice(cut);
    }
    return { sent: sentText, kept: typed };
  });

const linkOf = (kind: string, role: string) =>
  [...links.values()].find((l) => questions.get(l.questionId)?.kind === kind && questions.get(l.questionId)?.state === 'open' && l.role === role)!;

const expectedAnswer = (link: ResponseLink, outcome: string, details: GivenAnswer['details']): GivenAnswer => ({
  role: link.role,
  answeredAt: now.toISOString(),
  outcome,
  details,
});

/** The legitimate answers given, by question: all that may differ afterwards. */
const legitimate = new Map<string, { personId: string; answer: GivenAnswer }>();

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: rows[0]!.startDate, timeZone: rows[0]!.timeZone }),
    store: 'memory',
  });
  const participants = startParticipants({ runtime, policy: (mail) => (STOPS_AT[mail.to] === mail.kind ? undefined : { afterDays: 0.1 }) });
  await enrolCohort(program, rows);
  const read = async () => {
    questions.clear();
    links.clear();
    for (const item of await scan('responses')) {
      const { id, expiresAtEpoch: _, ...rest } = item;
      if (String(id).startsWith('QUESTION#')) questions.set(String(rest.questionId), rest as unknown as Question);
      if (String(id).startsWith('LINK#')) links.set(String(rest.linkId), rest as unknown as ResponseLink);
    }
  };
  await runtime.run({
    done: async () => {
      await read();
      return OPEN_KINDS.every((kind) => openQuestion(kind));
    },
  });
  await participants.stop();
  await runtime.settle();
  await read();
  now = runtime.clock.now();
  before = await snapshot();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the answer pages under generated requests', () => {
  test('the cohort has a question of every kind of the agreement open, and links answered and standing', () => {
    expect(OPEN_KINDS.map((kind) => openQuestion(kind)?.kind)).toEqual(OPEN_KINDS);
    const kinds = knownLinks();
    expect(kinds.some((l) => l.kind === 'end-relationship' && l.answerable)).toBe(true);
    expect(kinds.some((l) => !l.answerable)).toBe(true);
  });

  test('2,500 requests in-process, then a legitimate answer: every page is kind, private and plain, and says what is wrong', async () => {
    await sendBatches(IN_PROCESS_BATCHES[0]!, SEED);

    // Sari accepts the match, with a note that starts like a formula and hides control characters.
    const sari = linkOf('match', 'mentee');
    const [note] = fc.sample(typedNote, { seed: SEED, numRuns: 1 });
    const accepted = await sendInProcess({
      method: 'POST',
      rawLinkId: inPath(sari.linkId),
      linkId: sari.linkId,
      query: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(new URLSearchParams({ answer: 'accept', note: note!.sent }).toString()),
      base64: true,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain(escapeHtml(t('match.thanksAccept')));
    answeredHere.add(sari.linkId);
    legitimate.set(sari.questionId, { personId: sari.personId, answer: expectedAnswer(sari, 'accept', { note: note!.kept }) });
  });

  test('2,500 more in-process, on links answered and still open', async () => {
    await sendBatches(IN_PROCESS_BATCHES[1]!, SEED + 1);
  });

  test('a legitimate answer over HTTP, then 2,500 more in-process', async () => {
    // Tomasz agrees how they work: over the real path, as a browser sends the form.
    const tomasz = linkOf('working-agreement', 'mentee');
    const [[modes, frequency, note]] = fc.sample(fc.tuple(fc.subarray([...MEETING_MODES], { minLength: 1 }), fc.constantFrom('weekly', 'monthly'), typedNote), {
      seed: SEED,
      numRuns: 1,
    }) as [[string[], string, { sent: string; kept: string }]];
    const form = new URLSearchParams([
      ['confidential', 'yes'],
      ...modes.map((m): [string, string] => ['modes', m]),
      ['modes', 'carrier-pigeon'],
      ['frequency', frequency],
      ['note', note.sent],
    ]);
    const agreed = await fetch(`${runtime.responsePages.baseUrl}/r/${tomasz.linkId}`, { method: 'POST', body: form });
    expect(agreed.status).toBe(200);
    expect(await agreed.text()).toContain(escapeHtml(t('workingAgreement.thanks')));
    answeredHere.add(tomasz.linkId);
    legitimate.set(tomasz.questionId, {
      personId: tomasz.personId,
      answer: expectedAnswer(tomasz, 'agreed', { modes: MEETING_MODES.filter((m) => modes.includes(m)).join(','), frequency, note: note.kept }),
    });

    await sendBatches(IN_PROCESS_BATCHES[2]!, SEED + 2);
  });

  test('2,500 more in-process', async () => {
    await sendBatches(IN_PROCESS_BATCHES[3]!, SEED + 3);
  });

  test('400 over HTTP through the local answer pages: what reaches a page gets the same, and nothing is a server error', async () => {
    const overHttp = fc.sample(requests(), { seed: SEED + 4, numRuns: HTTP_REQUESTS }).map(sendable);
    for (let i = 0; i < overHttp.length; i += 8) {
      const slice = overHttp.slice(i, i + 8);
      const pages = await Promise.all(slice.map(sendOverHttp));
      slice.forEach((request, j) => {
        const page = pages[j]!;
        const problems = [...(page.status >= 500 ? ['a server error'] : []), ...(STACK_TRACE.test(page.body) ? ['a stack trace'] : [])];
        const served = asServed(request);
        // What never reaches a page is the server's to answer: a path with no link in it, or
        // HTTP that Node refuses (an unknown method, a request line or headers too long).
        const refusedByNode = !page.headers['content-type'] && [400, 414, 431].includes(page.status);
        if (served && !refusedByNode) problems.push(...checkPage(served, page, bodyBytesOf(served)));
        if (problems.length) throw new Error(`over HTTP: ${problems.join('; ')}\n${describeRequest(request)}\n${page.status} ${page.body.slice(0, 2000)}`);
      });
    }
  });

  test('nothing changed but what the legitimate answers recorded: the tables, the executions and the mail', async () => {
    const after = await snapshot();
    const expected = structuredClone(before);
    for (const item of expected.responses) {
      const given = legitimate.get(String(item.questionId));
      if (String(item.id).startsWith('QUESTION#') && given) (item.answers as Record<string, GivenAnswer>)[given.personId] = given.answer;
    }
    expect(sent).toMatchObject({ inProcess: 10_001, http: HTTP_REQUESTS });
    expect(legitimate.size).toBe(2);
    expect(after.executions).toEqual(before.executions);
    expect(after.mailSent).toBe(before.mailSent);
    expect(after.mentoring).toEqual(before.mentoring);
    expect(after.responses).toEqual(expected.responses);
  });

  test('a legitimate answer that settles its question resumes the execution waiting on it', async () => {
    const marco = linkOf('match', 'mentor');
    const matching = runtime.stepFunctions.listAll().find((e) => e.name === `${questions.get(marco.questionId)!.relationshipId}-matching`)!;
    const page = await fetch(`${runtime.responsePages.baseUrl}/r/${marco.linkId}`, { method: 'POST', body: new URLSearchParams({ answer: 'accept' }) });
    expect(page.status).toBe(200);
    await runtime.settle();
    const question = (await scan('responses')).find((item) => item.id === `QUESTION#${marco.questionId}`)!;
    expect(question).toMatchObject({ state: 'answered', outcome: 'accepted' });
    expect(runtime.stepFunctions.history(matching.executionArn).length).toBeGreaterThan(before.executions[matching.name]!.events);
  });
});

// ---------------------------------------------------------------------------------------------
// Every kind of question, the ones the cohort above does not reach included, on its own.

const SAMPLE_GOALS = JSON.stringify([
  {
    menteeId: 'p-mentee',
    menteeName: 'Sari <script>alert(1)</script>',
    goals: [{ goalNo: 1, competency: 'Delegation', description: '"><img src=x onerror=alert(1)> {{answerPage.title}}', baseline: 2, target: 4 }],
  },
]);
const PAIR = 'Sari Wibowo and <svg onload=alert(1)>';

/** A question of each kind as its page reads it, with text that people typed before at its worst. */
const pageOf: Record<QuestionKindName, Record<string, string>> = {
  match: { competencies: 'Delegation, <script>alert(1)</script>' },
  'working-agreement': {},
  goals: {
    max: '3',
    scaleMin: '1',
    scaleMax: '5',
    round: '2',
    changes: '</textarea><script>alert(1)</script>',
    competencies: JSON.stringify([{ id: 'delegation', name: 'Delegation <img src=x onerror=alert(1)>' }]),
  },
  'goal-confirmation': { goals: SAMPLE_GOALS, canAskChanges: 'yes', scaleMin: '1', scaleMax: '5' },
  'goal-endorsement': { goals: JSON.stringify([{ ...(JSON.parse(SAMPLE_GOALS) as object[])[0], managerId: 'p-reader' }]), scaleMin: '1', scaleMax: '5' },
  'check-in': { meetingStartsAt: '2027-02-01T09:00:00.000Z', moveBefore: '2027-07-01T00:00:00.000Z' },
  review: { goals: SAMPLE_GOALS, scaleMin: '1', scaleMax: '5', month: '3', midpoint: 'yes' },
  'look-back': { goals: SAMPLE_GOALS, scaleMin: '1', scaleMax: '5', canExtend: 'yes', extensionMonths: '6' },
  extension: { pair: PAIR, months: '6' },
  'follow-up': { months: '6' },
  pause: { pair: PAIR, resumesAt: '2027-03-01T00:00:00.000Z' },
  'end-relationship': {},
  'coordinator-action': { action: 'end', week: '20270201', pair: PAIR },
};

/** A form each kind takes as it is, to start from. */
const TAKEN: Record<QuestionKindName, string[]> = {
  match: ['answer=accept&note=Happy+to', 'answer=decline'],
  'working-agreement': ['confidential=yes&modes=video&modes=phone&frequency=weekly&note=Mornings'],
  goals: ['competency1=delegation&description1=Delegate+the+weekly+report&baseline1=2&target1=4'],
  'goal-confirmation': ['answer=confirm', 'answer=changes&note=Make+goal+1+smaller'],
  'goal-endorsement': ['answer=endorse', 'answer=discuss&note=Can+we+talk'],
  'check-in': ['answer=held&mode=video&rating=4', 'answer=not-held', 'answer=moved&movedTo=2027-02-10T10:00'],
  review: ['goal-p-mentee-1=3&continue=yes&note=Going+well'],
  'look-back': ['goal-p-mentee-1=4&satisfaction=5&recommend=yes&mentorOthers=yes&extend=no'],
  extension: ['answer=approve', 'answer=decline'],
  'follow-up': ['answer=held', 'answer=partly&note=Some'],
  pause: ['answer=resume'],
  'end-relationship': ['confirm=yes&note=We+have+done+what+we+set+out+to'],
  'coordinator-action': ['answer=end&note=They+asked+me+in+person'],
};

const OUTCOMES: Record<QuestionKindName, string[]> = {
  match: ['accept', 'decline'],
  'working-agreement': ['agreed'],
  goals: ['proposed'],
  'goal-confirmation': ['confirm', 'changes'],
  'goal-endorsement': ['endorse', 'discuss'],
  'check-in': ['held', 'moved', 'not-held'],
  review: ['reviewed'],
  'look-back': ['looked-back'],
  extension: ['approve', 'decline'],
  'follow-up': ['held', 'partly', 'slipped'],
  pause: ['resume'],
  'end-relationship': ['end'],
  'coordinator-action': ['end'],
};

const questionOf = (kind: QuestionKindName): Question => openQuestionOf(kind, pageOf[kind], { 'p-reader': 'link-reader', 'p-other': 'link-other' });

/** Characters the pages never keep in what people type. */
const UNSEEN = /(?![\t\n])[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

describe('every kind of question, whatever its form holds', () => {
  test('the page refuses in plain words, or keeps only free text within its limits; the form shown back escapes everything', () => {
    const kinds = Object.keys(QUESTION_PAGES) as QuestionKindName[];
    const aForm = fc.constantFrom(...kinds).chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        role: fc.constantFrom<Role>('mentee', 'mentor', 'manager', 'coordinator'),
        start: fc.constantFrom(...TAKEN[kind]),
        fields: formFields,
        // Fields first win, as `get` reads the first; fields after only add to what repeats.
        before: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(aForm, ({ kind, role, start, fields, before }) => {
        const page = QUESTION_PAGES[kind];
        const question = questionOf(kind);
        const reader = { personId: 'p-reader', role, locale: 'en' };
        const taken = [...new URLSearchParams(start)];
        const form = new URLSearchParams(before ? [...fields, ...taken] : [...taken, ...fields]);
        const parsed = page.parse(form, question, reader, t, new Date('2027-02-03T12:00:00.000Z'));
        if (parsed.ok) {
          expect(OUTCOMES[kind]).toContain(parsed.outcome);
          const texts = Object.values(parsed.details).filter((v): v is string => typeof v === 'string');
          for (const text of texts) expect(text).not.toMatch(UNSEEN);
          if (typeof parsed.details.note === 'string') expect(parsed.details.note.length).toBeLessThanOrEqual(NOTE_MAX_LENGTH);
          for (const goal of kind === 'goals' ? (JSON.parse(String(parsed.details.goals)) as { description: string }[]) : []) {
            expect(goal.description.length).toBeLessThanOrEqual(DESCRIPTION_MAX_LENGTH);
            expect(goal.description).not.toMatch(/[\n\t]/);
          }
        } else {
          expect(parsed.reason.length).toBeGreaterThan(0);
          expect(parsed.reason).not.toMatch(UNTRANSLATED);
        }
        const html = answerFormPage(t, 'en', { kind, ...page.page(t, question, reader, form), ...(parsed.ok ? {} : { error: invalid(parsed.reason) }) });
        expect(hasRawMarkup(html)).toBe(false);
        expect(html).not.toMatch(STACK_TRACE);
      }),
      { seed: SEED + 5, numRuns: 1500 },
    );
  });
});
