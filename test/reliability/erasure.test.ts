import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { relationshipStart } from '#domain/program/schedule';
import { ENROLMENT_COLUMNS, EnrolmentError, type PairRow } from '#use-cases/enrolment/read-enrolment';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { forgetPerson } from '#use-cases/privacy/forget-person';
import { documents, tables } from '#adapters/store/dynamodb/client';
import { getRelationship, listGoals, listPeople, listRelationships, listResponseRecords, markForgotten, replaceGoals, saveAnswer } from '#adapters/store';
import { holdersOf, loadRelationship } from '#use-cases/relationship/relationship-context';
import type { Question } from '#domain/model';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { startParticipants } from '#local/participants';
import { agreeing, examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';
import { mentoring } from '../support/cli.ts';

/**
 * Erased means never written to again. Sari is forgotten while the step that asks her pair to
 * accept the match has read her and not yet written: that step leaves nothing of her behind.
 * Then the enrolment file is run again, as the README advises after a cut-short enrolment, now
 * with Tomasz's pair too: it is refused, naming her row, and nothing is stored or sent; once she
 * is readmitted at her request, the same file enrols both pairs and she hears from the program again.
 * The tests run in order.
 */
const SETTINGS = {
  id: 'erasure',
  relationship: { lengthMonths: 1, firstMeetingAfterDays: 7 },
  reviewMonths: [],
  extension: { maxTimes: 0 },
  followUp: { afterMonths: 1 },
};
const program = exampleProgram(SETTINGS);
const pairs = examplePairs(program, 8);
const [sari, tomasz, kari] = pairs as [PairRow, PairRow, PairRow];
/** The example's circle: three mentees around Henrik. */
const circle = pairs.filter((row) => row.circle === 'New managers circle');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let runtime: LocalRuntime;
let file: string;
const held: { release?: () => void; reached?: Promise<string>; stop?: () => Promise<void> } = {};

/**
 * Between the product and DynamoDB Local: passes everything on, except the first transaction that
 * opens a question, which it holds (the step has read, and not yet written) until released.
 */
const startHoldingProxy = async (target: string): Promise<string> => {
  const upstream = new URL(target);
  let armed = true;
  let reached!: (relationshipId: string) => void;
  held.reached = new Promise((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (held.release = resolve));
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const pass = () => {
        const passed = forward(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        passed.on('error', () => outgoing.destroy());
        passed.end(body);
      };
      const question = /"QUESTION#(rel-[0-9a-f]+)\./.exec(body.toString('utf8'));
      if (armed && String(incoming.headers['x-amz-target']).endsWith('.TransactWriteItems') && question) {
        armed = false;
        reached(question[1]!);
        void released.then(pass);
      } else pass();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  held.stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
};

const mailTo = (address: string) => runtime.inbox.mail().filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address)));

/** Every item of both tables, as text. */
const everything = async (): Promise<string[]> => {
  const items: string[] = [];
  for (const TableName of [tables().mentoring, tables().responses]) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documents().send(new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return items;
};

/** The enrolment file of these rows, as a coordinator saves it. */
const csvOf = (rows: PairRow[]) =>
  [
    ENROLMENT_COLUMNS.join(','),
    ...rows.map((row) =>
      ENROLMENT_COLUMNS.map((column) => {
        const [role, field] = column.split('_') as [keyof PairRow, string];
        if (column === 'competencies') return row.competencies.join(';');
        if (column === 'time_zone') return row.timeZone;
        if (column === 'start_date') return row.startDate;
        if (column === 'circle') return row.circle ?? '';
        const person = row[role] as Record<string, string> | undefined;
        return field === 'name' || field === 'email' ? (person?.[field] ?? '') : '';
      }).join(','),
    ),
  ].join('\n') + '\n';

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: sari.startDate, timeZone: sari.timeZone }),
    ...sharedDynamoDb(),
    faults: { endpoint: async (service, endpoint) => (service === 'dynamodb' ? startHoldingProxy(endpoint) : endpoint) },
  });
  startParticipants({ runtime, policy: agreeing(() => ({ answer: 'held', afterDays: 0.1, mode: 'video', rating: 4 })) });
  const dir = mkdtempSync(join(tmpdir(), 'erasure-'));
  writeFileSync(
    join(dir, 'program.json'),
    JSON.stringify({ ...(parseYaml(readFileSync(join(ROOT, 'examples/program.yaml'), 'utf8')) as object), ...SETTINGS }),
  );
  file = join(dir, 'enrolment.csv');
}, 60_000);

afterAll(async () => {
  held.release?.();
  await runtime?.stop();
  await held.stop?.();
});

describe('erased means never written to again', () => {
  test('a mentee forgotten while a step has read her and not yet written: nothing with her name or address is left in either table', async () => {
    const enrolled = runtime.clock.track(() => enrolCohort(program, [sari]));
    const relationshipId = await held.reached!;
    await enrolled;
    expect(mailTo(sari.mentee.email)).toHaveLength(0);

    const report = await runtime.clock.track(() => forgetPerson(sari.mentee.email, program.id));
    expect(report).toMatchObject({ relationships: [relationshipId], ended: [relationshipId], records: { people: 1, emailIndex: 1 } });
    held.release!();
    await runtime.run();

    expect(await getRelationship(relationshipId)).toMatchObject({ status: 'closed', ending: 'ended-early' });
    // The organisation's warehouse learns that it ended early, once, and nothing of whom.
    const events = runtime.eventBus.events().filter((e) => e.detail.relationshipId === relationshipId);
    expect(events.filter((e) => e['detail-type'] === 'RelationshipClosed').map((e) => e.detail)).toEqual([expect.objectContaining({ ending: 'ended-early' })]);
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${sari.mentee.name}|${sari.mentee.email}|"personId"`, 'i'));
    // The step went on after the erasure: what it would have written (the question, her links) is not there.
    expect(await listResponseRecords(new Set([relationshipId]))).toEqual([]);
    const items = await everything();
    expect(items.filter((item) => item.includes(sari.mentee.name))).toEqual([]);
    expect(items.filter((item) => item.toLowerCase().includes(sari.mentee.email))).toEqual([]);
    expect(mailTo(sari.mentee.email)).toHaveLength(0);
    expect(runtime.stepFunctions.listAll().filter((e) => e.status === 'FAILED')).toEqual([]);
  });

  test('the enrolment file run again, now with another pair, is refused naming her row; nothing is stored and nobody is written to', async () => {
    writeFileSync(file, csvOf([sari, tomasz]));
    const people = await listPeople(program.id);
    const relationships = await listRelationships(program.id);
    const mailBefore = runtime.inbox.mail().length;

    const rerun = await mentoring('enrol', '--program', join(file, '..', 'program.json'), '--enrolment', file);
    expect(rerun.code).toBe(2);
    expect(rerun.err).toContain(`${file} cannot be enrolled; nothing was stored:`);
    expect(rerun.err).toMatch(
      new RegExp(
        `row 2: mentee_email was forgotten on \\d{4}-\\d\\d-\\d\\d \\(mentoring forget\\); to enrol this person again at their request, run \`mentoring readmit ${sari.mentee.email} --program erasure\` first`,
      ),
    );
    // Only her row: Tomasz's is fine, and the rest of hers too.
    expect(rerun.err.match(/was forgotten/g)).toHaveLength(1);
    await runtime.settle();

    expect(await listPeople(program.id)).toEqual(people);
    expect(await listRelationships(program.id)).toEqual(relationships);
    expect(runtime.inbox.mail()).toHaveLength(mailBefore);
    expect(mailTo(sari.mentee.email)).toHaveLength(0);
  });

  test('readmitted at her request, she is enrolled by the same file as a new person, and hears from the program again', async () => {
    const readmit = await mentoring('readmit', sari.mentee.email, '--program', program.id);
    expect(readmit.err).toBe('');
    expect(readmit.out).toMatch(
      new RegExp(`^Removed the mark of ${sari.mentee.email} in erasure: forgotten on \\d{4}-\\d\\d-\\d\\d \\(was p-[0-9a-f]+\\)\\.\\n`),
    );
    const again = await mentoring('readmit', sari.mentee.email, '--program', program.id);
    expect(again).toMatchObject({ code: 2, err: `${sari.mentee.email} was not forgotten in program erasure; nothing to readmit.\n` });

    const before = new Set((await listRelationships(program.id)).map((r) => r.relationshipId));
    const enrol = await mentoring('enrol', '--program', join(file, '..', 'program.json'), '--enrolment', file);
    expect(enrol.code).toBe(0);
    expect(enrol.out).toContain('2 new relationships started, 0 already enrolled');
    await runtime.settle();
    await runtime.run({ until: new Date(runtime.clock.nowEpochMs() + 3 * 86_400_000), done: () => false });

    const added = (await listRelationships(program.id)).filter((r) => !before.has(r.relationshipId));
    expect(added).toHaveLength(2);
    const people = await listPeople(program.id);
    const her = people.filter((p) => p.email === sari.mentee.email);
    expect(her).toHaveLength(1);
    // A new person: the erased record stays erased, and is not hers.
    expect(her[0]!.name).toBe(sari.mentee.name);
    expect(added.some((r) => r.mentees.some((m) => m.personId === her[0]!.personId))).toBe(true);
    expect(mailTo(sari.mentee.email).length).toBeGreaterThan(0);
  });

  test('an address carrying the mark gets no letter, even while a person record with it is not erased (forget marks first)', async () => {
    await runtime.clock.track(() => enrolCohort(program, [kari]));
    // Until both have accepted the match and the year is under way.
    await runtime.run({ until: new Date(runtime.clock.nowEpochMs() + 3 * 86_400_000), done: () => false });
    const mentee = (await listPeople(program.id)).find((p) => p.email === kari.mentee.email)!;
    const [menteeMail, mentorMail] = [mailTo(kari.mentee.email).length, mailTo(kari.mentor.email).length];
    expect(menteeMail).toBeGreaterThan(0);

    // The window between forget's mark and its erasure of the record, or an enrolment that raced it.
    await markForgotten(program.id, kari.mentee.email.toUpperCase(), mentee.personId, runtime.clock.now().toISOString());
    await runtime.run({ until: new Date(runtime.clock.nowEpochMs() + 14 * 86_400_000), done: () => false });
    expect((await listPeople(program.id)).find((p) => p.personId === mentee.personId)).toMatchObject({ email: kari.mentee.email, name: kari.mentee.name });
    expect(mailTo(kari.mentee.email)).toHaveLength(menteeMail);
    expect(mailTo(kari.mentor.email).length).toBeGreaterThan(mentorMail);
  });

  test("forgetting a circle's mentor takes the circle's name too, and the circle's file run again is refused on each of its rows", async () => {
    expect(circle).toHaveLength(3);
    const { enrolled } = await runtime.clock.track(() => enrolCohort(program, circle));
    await runtime.settle();
    expect((await getRelationship(enrolled[0]!)).circle).toBe('New managers circle');

    const report = await runtime.clock.track(() => forgetPerson(circle[0]!.mentor.email, program.id));
    expect(report.records.circleNames).toBe(1);
    await runtime.settle();
    expect(await getRelationship(enrolled[0]!)).toMatchObject({ circle: '(erased)', status: 'closed' });
    expect((await everything()).filter((item) => item.includes('New managers circle'))).toEqual([]);

    const people = await listPeople(program.id);
    const refused = await runtime.clock.track(() => enrolCohort(program, circle, undefined, 'circle.csv')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EnrolmentError);
    expect((refused as EnrolmentError).problems).toEqual(
      circle.map((row) => expect.stringMatching(new RegExp(`^row ${row.row}: mentor_email was forgotten on \\d{4}-\\d\\d-\\d\\d `))),
    );
    expect(await listPeople(program.id)).toEqual(people);
  });

  test("an answer's details or a mentee's goals that a step read before `forget` are not written after it", async () => {
    const relationship = (await listRelationships(program.id)).find((r) => r.status !== 'closed' && r.mentees.length === 1)!;
    const context = await loadRelationship(relationship.relationshipId);
    const menteeId = relationship.mentees[0]!.personId;
    const mentee = (await listPeople(program.id)).find((p) => p.personId === menteeId)!;
    const holders = holdersOf(context);
    const goalsBefore = await listGoals(relationship.relationshipId, menteeId);

    await runtime.clock.track(() => forgetPerson(mentee.email, program.id));
    const at = runtime.clock.now().toISOString();
    const question = {
      questionId: `${relationship.relationshipId}-late`,
      kind: 'goals',
      subject: {},
      answers: { [menteeId]: { role: 'mentee', answeredAt: at, outcome: 'proposed', details: { note: 'A private note typed before the erasure' } } },
      outcome: 'proposed',
      settledAt: at,
    } as unknown as Question;
    const goal = {
      relationshipId: relationship.relationshipId,
      menteeId,
      goalNo: 1,
      competency: 'delegation',
      description: 'A goal typed before the erasure',
      baseline: 2,
      target: 4,
      ratings: {},
    };
    expect(await saveAnswer(question, holders)).toBe(false);
    expect(await replaceGoals(menteeId, [goal], holders)).toBe(false);
    await runtime.settle();

    expect((await everything()).filter((item) => item.includes('typed before the erasure'))).toEqual([]);
    expect(await listGoals(relationship.relationshipId, menteeId)).toHaveLength(goalsBefore.length);
  });
});
