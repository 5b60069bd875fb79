import { relationshipMail } from '#domain/desk/relationship-status';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, relationshipStart } from '#domain/program/schedule';
import type { ProgramStatus } from '#domain/desk/relationship-status';
import type { Story } from '#domain/desk/timeline';
import type { ProgramReport } from '#domain/report/program-report';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { pauseRelationship } from '#use-cases/pauses/pauses';
import { getRelationship, listGoals, listMeetings } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { sentEmails } from '#local/run-cohort';
import type { PairRow } from '#use-cases/enrolment/read-enrolment';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { mentoring, runMentoring } from '../support/cli.ts';

/**
 * `mentoring status`, `timeline`, `resend`, `export` and `report` against the local runtime, on a cohort whose answers the test decides:
 * Sari's pair answers every check-in, Tomasz's pair answers none, and Giulia's pair (looked after
 * by another coordinator) is paused after its third meeting. Four weeks in, the coordinator asks
 * where each stands.
 */
const program = exampleProgram({ id: 'desk' });
const [sari, tomasz, giuliaRow] = examplePairs(program, 3) as [PairRow, PairRow, PairRow];
const giulia: PairRow = { ...giuliaRow, coordinator: { ...giuliaRow.coordinator, name: 'Kari Nordmann', email: 'kari.nordmann@example.org' } };
const silent = new Set([tomasz.mentee.email, tomasz.mentor.email]);

let runtime: LocalRuntime;
let now: string;
const relationshipOf = new Map<PairRow, string>();

/** The command as a coordinator types it, at the runtime's program time. */
const atProgramTime = (...args: string[]) => runMentoring(args, { ...process.env, MENTORING_PROGRAM_TIME: now }, 'mentoringLocalCli');
const status = (...args: string[]) => atProgramTime('status', ...args);
const statusJson = async (...args: string[]) => {
  const { code, out, err } = await status('--json', ...args);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out) as ProgramStatus;
};
const rowOf = (report: ProgramStatus, pair: PairRow) => report.relationships.find((r) => r.relationshipId === relationshipOf.get(pair));

beforeAll(async () => {
  const start = relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone });
  runtime = await startLocalRuntime({ programOrigin: start, ...sharedDynamoDb() });
  startParticipants({
    runtime,
    // The pause's "resume now" is the coordinator's to press.
    policy: agreeing(
      (mail) => (silent.has(mail.to) ? undefined : { answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 }),
      (mail) => (mail.kind === 'pause' ? undefined : { afterDays: 0.1 }),
    ),
  });
  const { enrolled } = await runtime.clock.track(() => enrolCohort(program, [sari, tomasz, giulia]));
  [sari, tomasz, giulia].forEach((row, i) => relationshipOf.set(row, enrolled[i]!));
  await runtime.run({ until: addDays(start, 26), done: () => false });
  await runtime.clock.track(() => pauseRelationship(relationshipOf.get(giulia)!, addDays(start, 60)));
  await runtime.run({ until: addDays(start, 29), done: () => false });
  await runtime.settle();
  now = runtime.clock.now().toISOString();
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('mentoring status: where each relationship stands', () => {
  test('every relationship with its people, phase, health, next thing due, last answer and e-mails sent', async () => {
    // The only program stored: no --program needed.
    const report = await statusJson();
    expect(report).toMatchObject({ programId: 'desk', at: now, total: 3 });
    expect(report.relationships.map((r) => r.relationshipId)).toEqual([...relationshipOf.values()].sort());
    // As the local SES received them, each paired with the relationship that sent it.
    const inbox = await sentEmails(program.id, runtime.inbox.mail());
    // The coordinator's digests are kept with their first relationship's e-mails, but are about none.
    const sent = (pair: PairRow) => relationshipMail(inbox.filter((m) => m.relationshipId === relationshipOf.get(pair))).length;

    expect(rowOf(report, sari)).toMatchObject({
      phase: 'meetings-1',
      mentor: { name: 'Marco Bianchi', email: 'marco.bianchi@example.org' },
      mentees: [{ name: 'Sari Wibowo', standing: 'in' }],
      coordinator: { name: 'Ingrid Solberg' },
      health: 'on-track',
      atRisk: [],
      next: { what: 'meeting', meetingNo: 5, at: '2027-02-15T09:00:00.000Z' },
      lastAnswer: { kind: 'check-in', at: '2027-02-08T14:24:00.000Z' },
      emailsSent: sent(sari),
      waiting: [],
    });
    // Nobody answered a check-in: three meetings unanswered, and the fourth's check-in still waits on both.
    const silentPair = rowOf(report, tomasz)!;
    expect(silentPair).toMatchObject({
      health: 'at-risk',
      atRisk: ['two-missed-in-a-row'],
      lastAnswer: { kind: 'goal-endorsement' },
      emailsSent: sent(tomasz),
    });
    expect(silentPair.waiting.map((w) => [w.kind, w.subject.meetingNo, w.waitingFor.map((p) => p.name).sort()])).toEqual([
      ['check-in', 4, ['Anneke Jansen', 'Tomasz Nowak']],
    ]);
    // Paused: the planned return is next; the coordinator's "resume now" waits on nobody.
    const plannedUntil = (await getRelationship(relationshipOf.get(giulia)!)).pauses[0]!.plannedUntil;
    expect(rowOf(report, giulia)).toMatchObject({
      coordinator: { name: 'Kari Nordmann' },
      health: 'paused',
      atRisk: [],
      next: { what: 'return', at: plannedUntil },
      waiting: [],
    });
    expect(sent(sari) + sent(tomasz) + sent(giulia)).toBe(relationshipMail(inbox).length);
  });

  test('as a table, those who need the coordinator first, with what waits on whom', async () => {
    const { code, out, err } = await status('--program', program.id);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`Program desk at ${now.slice(0, 16).replace('T', ' ')} UTC: 3 relationships (1 at risk, 1 paused, 1 on track).`);
    expect(lines[1]).toMatch(/^RELATIONSHIP +MENTEE +MENTOR +PHASE +HEALTH +NEXT +LAST ANSWER +E-MAILS +WAITING ON$/);
    expect(lines.slice(2).map((line) => line.split(/ {2,}/).slice(0, 5))).toEqual([
      [relationshipOf.get(tomasz), 'Tomasz Nowak', 'Anneke Jansen', 'meetings-1', 'at risk: meetings missed'],
      [relationshipOf.get(giulia), 'Giulia Romano', 'Lars Hansen', 'meetings-1', 'paused'],
      [relationshipOf.get(sari), 'Sari Wibowo', 'Marco Bianchi', 'meetings-1', 'on track'],
    ]);
    expect(lines[2]).toMatch(/check-in from (Tomasz Nowak, Anneke Jansen|Anneke Jansen, Tomasz Nowak) \(closes \d{4}-\d\d-\d\d\)$/);
  });

  test('filters: at risk, waiting on an answer, one coordinator’s (by address, in any case)', async () => {
    const ids = async (...args: string[]) => (await statusJson('--program', program.id, ...args)).relationships.map((r) => r.relationshipId);
    expect(await ids('--at-risk')).toEqual([relationshipOf.get(tomasz)]);
    expect(await ids('--unanswered')).toEqual([relationshipOf.get(tomasz)]);
    expect(await ids('--coordinator', 'KARI.Nordmann@example.org')).toEqual([relationshipOf.get(giulia)]);
    expect(await ids('--coordinator', 'kari.nordmann@example.org', '--at-risk')).toEqual([]);
    const { out } = await status('--program', program.id, '--coordinator', 'kari.nordmann@example.org', '--at-risk');
    expect(out).toBe(`Program desk at ${now.slice(0, 16).replace('T', ' ')} UTC: 0 of 3 relationships.\n`);
  });

  test('bad input: one clear line, and nothing changed', async () => {
    const before = runtime.inbox.mail().length;
    expect(await status('--program', 'nope')).toEqual({ code: 2, out: '', err: 'no program nope (programs stored: desk)\n' });
    expect(await status('--coordinator', 'nobody@example.org')).toEqual({ code: 2, out: '', err: 'no coordinator nobody@example.org in program desk\n' });
    expect(runtime.inbox.mail()).toHaveLength(before);
  });
});

describe('mentoring timeline: one relationship’s story in order', () => {
  test('its runs, e-mails, answers, meetings and pause in order, each run as Step Functions lists it', async () => {
    const id = relationshipOf.get(giulia)!;
    const { code, out, err } = await mentoring('timeline', id);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^Relationship ${id} in program desk: Giulia Romano with mentor Lars Hansen; coordinator Kari Nordmann\\. Now paused, meetings-1; \\d+ events \\(UTC\\):$`,
      ),
    );
    const events = lines.slice(1).map((line) => line.slice(18));
    // Each in the order it happened: the first line that begins so.
    const order = [
      'enrolled',
      'run matching started: succeeded',
      'e-mail match to the mentee',
      'run agreement started: succeeded',
      'run meetings-1 started: aborted',
      'answer to match from the mentee: accept',
      'meeting 1: held (video, rated 4)',
      'answer to check-in of meeting 1 from the mentee: held',
      'answer to goal-endorsement from the manager: endorse',
      'meeting 2: held (video, rated 4)',
      'meeting 3: held (video, rated 4)',
      'run pause-1 started: running',
      'paused (pause 1, back ',
      'meeting 4: planned',
    ].map((start) => events.findIndex((e) => e.startsWith(start)));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The local runtime's executions have no console to open.
    expect(out).not.toContain('console.aws.amazon.com');

    const story = JSON.parse((await mentoring('timeline', id, '--json')).out) as Story;
    const runs = runtime.stepFunctions.listAll().filter((e) => e.name.startsWith(`${id}-`));
    expect(
      story.events
        .filter((e) => e.event === 'run')
        .map((e) => [e.phase, e.status])
        .sort(),
    ).toEqual(runs.map((e) => [e.name.slice(id.length + 1), e.status]).sort());
    expect(story.events.filter((e) => e.event === 'e-mail')).toHaveLength(rowOf(await statusJson(), giulia)!.emailsSent);
  });

  test('found by the address of its mentee or its mentor; bad input is one line and changes nothing', async () => {
    const id = relationshipOf.get(tomasz)!;
    for (const address of [tomasz.mentee.email, tomasz.mentor.email.toUpperCase()])
      expect((JSON.parse((await mentoring('timeline', address, '--json')).out) as Story).relationshipId).toBe(id);
    expect(await mentoring('timeline', 'nobody@example.org')).toEqual({ code: 2, out: '', err: 'no mentor or mentee nobody@example.org\n' });
    expect(await mentoring('timeline', 'rel-000000000000')).toEqual({ code: 2, out: '', err: 'no relationship rel-000000000000\n' });
  });
});

describe('mentoring resend: an open question’s e-mail again', () => {
  const linksIn = (text: string) => [...text.matchAll(/\/r\/([A-Za-z0-9_-]+)/g)].map(([, linkId]) => linkId).sort();

  test('to whoever has not answered, with the same links, at most once a day; a relationship waiting on nobody gets nothing', async () => {
    const id = relationshipOf.get(tomasz)!;
    const before = runtime.inbox.mail().length;
    const first = await atProgramTime('resend', id);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^Sent again: check-in of meeting 4 to (Tomasz Nowak, Anneke Jansen|Anneke Jansen, Tomasz Nowak)\.\n$/);
    expect(runtime.inbox.mail()).toHaveLength(before + 2);

    const sent = await sentEmails(program.id, runtime.inbox.mail());
    for (const person of [tomasz.mentee, tomasz.mentor]) {
      const to = sent.filter((m) => m.relationshipId === id && m.destination.to.some((address) => address.includes(person.email)));
      const original = to.find((m) => m.kind === 'check-in' && m.messageKey.startsWith('check-in/4/1/'))!;
      const again = to.find((m) => m.kind === 'check-in-resend')!;
      expect(again.subject).toBe(original.subject);
      expect(linksIn(again.body.text ?? '')).toEqual(linksIn(original.body.text ?? ''));
    }

    // The same day, by the mentee's address: nothing sent twice.
    const second = await atProgramTime('resend', tomasz.mentee.email, '--program', program.id);
    expect(second.out).toMatch(/^Already sent again today: check-in of meeting 4 to .+; nothing sent\.\n$/);
    expect(await atProgramTime('resend', relationshipOf.get(sari)!)).toEqual({
      code: 0,
      out: `Nothing in ${relationshipOf.get(sari)} waits on anyone: no e-mail to send again.\n`,
      err: '',
    });
    expect(await atProgramTime('resend', 'rel-000000000000')).toEqual({ code: 2, out: '', err: 'no relationship rel-000000000000\n' });
    expect(runtime.inbox.mail()).toHaveLength(before + 2);
  });
});

describe('mentoring export: the program’s records for the organisation’s warehouse', () => {
  test('relationships, meetings and answers as CSV, ids and outcomes only; a period keeps what fell in it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mentoring-export-'));
    try {
      const all = await atProgramTime('export', '--csv', folder);
      expect(all).toMatchObject({ code: 0, err: '' });
      const read = (name: string) => parse<Record<string, string>>(readFileSync(join(folder, name), 'utf8'), { columns: true });
      const [relationships, meetings, answers] = ['relationships.csv', 'meetings.csv', 'answers.csv'].map(read) as [
        Record<string, string>[],
        Record<string, string>[],
        Record<string, string>[],
      ];
      expect(all.out).toBe(
        `Program desk: 3 relationships, ${meetings.length} meetings and ${answers.length} answers written to ${folder} (relationships.csv, meetings.csv, answers.csv).\n`,
      );
      expect(relationships.map((r) => [r.relationship_id, r.status, r.health]).sort()).toEqual(
        [
          [relationshipOf.get(sari), 'active', 'on-track'],
          [relationshipOf.get(tomasz), 'active', 'at-risk'],
          [relationshipOf.get(giulia), 'paused', 'paused'],
        ].sort(),
      );
      for (const pair of [sari, tomasz, giulia]) {
        const id = relationshipOf.get(pair)!;
        expect(meetings.filter((m) => m.relationship_id === id).map((m) => [Number(m.meeting_no), m.status])).toEqual(
          (await listMeetings(id)).map((m) => [m.meetingNo, m.status]),
        );
      }
      expect(relationships.find((r) => r.relationship_id === relationshipOf.get(tomasz))).toMatchObject({ meetings_held: '0', meetings_unanswered: '3' });
      expect(answers.filter((a) => a.relationship_id === relationshipOf.get(sari) && a.kind === 'check-in').map((a) => a.outcome)).toEqual([
        'held',
        'held',
        'held',
        'held',
      ]);
      // Nobody's name or address, nor the notes they wrote.
      const text = ['relationships.csv', 'meetings.csv', 'answers.csv'].map((name) => readFileSync(join(folder, name), 'utf8')).join('\n');
      expect(text).not.toMatch(/@|Sari|Wibowo|Tomasz|Giulia/);

      // The first two weeks of February: the meetings and answers that fell in them.
      const period = await atProgramTime('export', '--csv', folder, '--from', '2027-02-01', '--until', '2027-02-14');
      expect(period.out).toMatch(/^Program desk \(2027-02-01 to 2027-02-14\): 3 relationships, \d+ meetings and \d+ answers written to/);
      expect(read('meetings.csv').every((m) => m.starts_at! >= '2027-02-01' && m.starts_at! < '2027-02-15')).toBe(true);
      expect(read('meetings.csv').map((m) => Number(m.meeting_no))).toEqual(expect.arrayContaining([3, 4]));
      expect(read('answers.csv').every((a) => a.answered_at! >= '2027-02-01' && a.answered_at! < '2027-02-15')).toBe(true);
      expect(read('answers.csv').length).toBeLessThan(answers.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('bad input: one clear line, and nothing written', async () => {
    const folder = join(tmpdir(), `mentoring-export-none-${process.pid}`);
    const bad = await atProgramTime('export', '--csv', folder, '--from', '2027-13-01');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--from <day>.*2027-13-01.*Not a day/);
    expect(await atProgramTime('export', '--csv', folder, '--from', '2027-03-01', '--until', '2027-02-01')).toEqual({
      code: 2,
      out: '',
      err: '--until 2027-02-01 is before --from 2027-03-01\n',
    });
    expect(await atProgramTime('export', '--csv', folder, '--program', 'nope')).toEqual({ code: 2, out: '', err: 'no program nope (programs stored: desk)\n' });
    expect(existsSync(folder)).toBe(false);
  });
});

describe('the weekly digest: one e-mail a week of what needs the coordinator', () => {
  test('at 08:00 each Monday in the coordinator’s zone, naming the silent pair with its missed meetings and the pair on track not at all; a week with nothing to say sends nothing', async () => {
    const inbox = await sentEmails(program.id, runtime.inbox.mail());
    const digestsTo = (address: string) => inbox.filter((m) => m.kind === 'digest' && m.destination.to.some((to) => to.includes(address)));
    const digests = digestsTo(sari.coordinator.email);
    // Oslo in winter: 08:00 there is 07:00 UTC. The weeks before the first missed meetings had nothing to say.
    expect(digests.map((m) => [m.sentAt, m.subject])).toEqual([
      ['2027-02-01T07:00:00.000Z', 'Leadership Mentoring Pilot: your week from Monday, February 1'],
      ['2027-02-08T07:00:00.000Z', 'Leadership Mentoring Pilot: your week from Monday, February 8'],
    ]);
    const latest = digests[1]!.body.text!;
    expect(latest).toContain(`Tomasz Nowak with Anneke Jansen (${relationshipOf.get(tomasz)})`);
    expect(latest).toContain(
      '• The last 3 meetings of Tomasz Nowak (mentee) and Anneke Jansen (mentor) did not take place, or nobody said how they went: meeting 1 on Monday, January 18 (no answer); meeting 2 on Monday, January 25 (no answer); meeting 3 on Monday, February 1 (no answer). First noted on Sunday, January 31.',
    );
    expect(latest).toContain('What you might do:');
    expect(digests.map((m) => m.body.text).join()).not.toContain('Sari Wibowo');
    // Kept with the coordinator's first relationship's e-mails, but about none: the relationships' counts leave them out.
    expect(digests.every((m) => m.relationshipId === [...relationshipOf.values()].filter((id) => id !== relationshipOf.get(giulia)).sort()[0])).toBe(true);
    // Giulia's pair met every time and its pause ends in March: its coordinator had nothing to read.
    expect(digestsTo(giulia.coordinator.email)).toEqual([]);
    expect(inbox.filter((m) => m.kind === 'at-risk-alert')).toEqual([]);
  });
});

describe('mentoring report: the program’s figures for the period, what it cost and what to calibrate', () => {
  const reportJson = async (...args: string[]) => {
    const { code, out, err } = await atProgramTime('report', '--json', ...args);
    expect({ code, err: err.replace(/^Program .*\n/m, '') }).toEqual({ code: 0, err: '' });
    return JSON.parse(out) as ProgramReport;
  };

  test('four weeks in: meetings held against the plan, check-ins and how fast they were answered, alerts, pauses and outcomes, exactly', async () => {
    const report = await reportJson();
    expect(report).toMatchObject({ programId: 'desk', at: now, period: { from: '2027-01-10T00:00:00.000Z', until: now } });
    expect(report.cohorts.map((c) => [c.cohort, c.relationships, c.mentees])).toEqual([
      ['all', 3, 3],
      ['2027-01', 3, 3],
    ]);
    const all = report.cohorts[0]!;
    // Sari's pair held four meetings, Giulia's three before the pause; Tomasz's three went unanswered (the fourth's check-in is still open).
    expect(all.meetings.total).toEqual({ planned: 10, held: 7, notHeld: 0, unanswered: 3, moved: 0, heldShare: 0.7 });
    expect(all.meetings.byPhase.map((r) => [r.key, r.planned, r.held])).toEqual([['meetings-1', 10, 7]]);
    expect(all.meetings.byRhythm.map((r) => [r.key, r.every, r.planned, r.held])).toEqual([['step-1', { weeks: 1 }, 10, 7]]);
    expect(all.meetings.byMonth.map((r) => [r.key, r.planned, r.held, r.unanswered])).toEqual([
      ['2027-01', 6, 4, 2],
      ['2027-02', 4, 3, 1],
    ]);
    // Each answered 0.1 days after its e-mail, sent two hours after the meeting ended.
    expect(all.meetings.checkIns).toEqual({ asked: 10, answered: 7, answeredShare: 0.7, hoursToAnswer: { count: 7, median: 2.4, p90: 2.4 } });
    expect(all.meetings.ratings).toEqual({ count: 7, mean: 4, byRating: { 1: 0, 2: 0, 3: 0, 4: 7, 5: 0 } });
    expect(all.meetings.modes).toEqual({ 'face-to-face': 0, phone: 0, video: 7, email: 0 });
    expect(all.questions.map((q) => [q.kind, q.asked, q.answered])).toEqual([
      ['match', 3, 3],
      ['check-in', 10, 7],
      ['review', 0, 0],
      ['look-back', 0, 0],
      ['follow-up', 0, 0],
    ]);
    const goals = (await Promise.all([...relationshipOf.values()].map((id) => listGoals(id)))).flat();
    expect(all.goals.managers).toEqual({ goals: goals.length, endorsed: goals.length, endorse: 3, discuss: 0 });
    expect(all.goals.rows.every((r) => r.rated === 0)).toBe(true);
    expect(all.care).toEqual({
      alerts: { sent: 1, relationships: 1, perRelationship: 1 / 3, reasons: { 'two-missed-in-a-row': 1, 'low-rating': 0, silent: 0 } },
      pauses: { started: 1, relationships: 1 },
      outcomes: { completed: 0, 'completed-few-meetings': 0, 'ended-early': 0, 'not-matched': 0, declined: 0, matching: 0, active: 2, paused: 1 },
      followedUp: 0,
      extended: 0,
      paused: 1,
    });
    expect(all.mail.reduce((n, r) => n + r.emails, 0)).toBe(runtime.inbox.mail().length);
    expect(all.mail.find((r) => r.role === 'coordinator')!.people).toBe(2);
    expect(all.delivery).toMatchObject({ undeliverable: 0, share: 0 });
    // Three weekly meetings in ten went unanswered: enough to suggest the next, longer rhythm of the cadence; too few relationships for the rest.
    expect(report.hints).toEqual([{ rule: 'rhythm-not-held', step: 'step-1', every: { weeks: 1 }, missed: 3, planned: 10, share: 0.3, suggest: { weeks: 2 } }]);
  });

  test('what the period used, as the local runtime measured it, priced at the dated list prices', async () => {
    const { cost } = await reportJson();
    expect(cost).toMatchObject({ source: 'local runtime', prices: { region: 'us-east-1', asOf: '2025-06-01', currency: 'USD' } });
    // Every state entered so far, as the machines' logs would count them on AWS.
    const entered = runtime.stepFunctions
      .listAll()
      .flatMap((e) => runtime.stepFunctions.history(e.executionArn))
      .filter((e) => e.type?.endsWith('StateEntered')).length;
    expect(cost.usage.stateTransitions).toBe(entered);
    expect(cost.usage.emails).toBe(runtime.inbox.mail().length);
    for (const measure of ['dynamoDbReadUnits', 'dynamoDbWriteUnits', 'lambdaInvocations', 'lambdaDurationMs', 'apiRequests', 'logBytes'] as const)
      expect(cost.usage[measure], measure).toBeGreaterThan(0);
    expect(cost.byService.stepFunctions).toBeCloseTo((entered / 1000) * 0.025, 10);
    expect(cost.total).toBeCloseTo(
      Object.values(cost.byService).reduce((a, b) => a + b, 0),
      10,
    );
  });

  test('as a page and as CSV: the labels status uses, no name or address; a period keeps what fell in it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mentoring-report-'));
    try {
      const page = join(folder, 'report.html');
      const written = await atProgramTime('report', '--out', page, '--csv', join(folder, 'csv'));
      expect(written).toMatchObject({ code: 0, err: '' });
      expect(written.out).toMatch(
        new RegExp(
          `^Program desk \\(2027-01-10 to now\\): the report is in ${page} \\(\\d+ KB, 1 calibration hint\\)\\.\nProgram desk \\(2027-01-10 to now\\): 18 CSV files written to ${join(folder, 'csv')}\\.\n$`,
        ),
      );
      const html = readFileSync(page, 'utf8');
      expect(html).toContain('<title>Program report: Leadership Mentoring Pilot</title>');
      expect(html).toMatch(/<td>active<\/td><td class="n">2<\/td>/);
      expect(html).toMatch(/<td>paused<\/td><td class="n">1<\/td>/);
      expect(html).toContain(
        '<li>30 % of the weekly meetings were not held or went unanswered (3 of 10): consider meeting every 2 weeks from the start (meetings.cadence).</li>',
      );
      expect(html).not.toMatch(/@|Sari|Wibowo|Tomasz|Giulia|Ingrid|Kari|<script/);
      expect(
        readFileSync(join(folder, 'csv', 'meetings-by-month.csv'), 'utf8')
          .split('\n')
          .slice(0, 2),
      ).toEqual(['cohort,month,planned,held,not_held,unanswered,moved,held_share', 'all,2027-01,6,4,0,2,0,0.6667']);

      const february = await reportJson('--from', '2027-02-01', '--until', '2027-02-28');
      expect(february.period).toEqual({ from: '2027-02-01T00:00:00.000Z', until: '2027-03-01T00:00:00.000Z' });
      expect(february.cohorts[0]!.meetings.total).toMatchObject({ planned: 4, held: 3, unanswered: 1 });
      expect(february.cost.usage.stateTransitions).toBeLessThan((await reportJson()).cost.usage.stateTransitions);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('bad input: one clear line, and nothing written or sent', async () => {
    const before = runtime.inbox.mail().length;
    const nowhere = join(tmpdir(), `mentoring-report-none-${process.pid}`);
    expect(await atProgramTime('report', '--out', join(nowhere, 'report.html'))).toEqual({
      code: 2,
      out: '',
      err: `no folder ${nowhere} for --out: make it first, or give another\n`,
    });
    const bad = await atProgramTime('report', '--json', '--from', '2027-02-30');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--from <day>.*2027-02-30.*Not a day/);
    expect(await atProgramTime('report', '--csv', nowhere, '--from', '2027-03-01', '--until', '2027-02-01')).toEqual({
      code: 2,
      out: '',
      err: '--until 2027-02-01 is before --from 2027-03-01\n',
    });
    expect(await atProgramTime('report')).toEqual({ code: 2, out: '', err: 'give --out <file>.html, --csv <folder> or --json\n' });
    expect(await atProgramTime('report', '--csv', nowhere, '--program', 'nope')).toEqual({
      code: 2,
      out: '',
      err: 'no program nope (programs stored: desk)\n',
    });
    expect(existsSync(nowhere)).toBe(false);
    expect(runtime.inbox.mail()).toHaveLength(before);
  });
});
