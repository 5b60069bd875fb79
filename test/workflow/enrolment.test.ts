import { readFileSync } from 'node:fs';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relationshipStart } from '#domain/program/schedule';
import { localStateMachineArn } from '#workflows/render';
import { loopbackSettings } from '#local/services/loopback';
import { enrolCohort, type EnrolmentReport } from '#use-cases/enrolment/enrol';
import { EnrolmentError, parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { getRelationshipWithPeople, listPeople, listRelationships } from '#adapters/store';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime';
import { readInbox } from '#local/services/inbox';
import { examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * One local runtime for the file, whose program time never moves: enrolment and the match
 * proposals happen at the cohort's first instant, and nobody answers. The tests run in
 * order, as a coordinator would: enrol, enrol again, fix a broken file.
 */
const program = exampleProgram();
const rows = examplePairs(program, 5);
// The example's five pairs (its circle left out), as a coordinator's first file.
const EXAMPLE_CSV = `${readFileSync(new URL('../../examples/enrolment.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(0, 6)
  .join('\n')}\n`;

let runtime: LocalRuntime;
let first: EnrolmentReport;

const executionNames = () =>
  runtime.stepFunctions
    .listAll()
    .map((e) => e.name)
    .sort();
const refusalOf = async (attempt: () => Promise<unknown>): Promise<EnrolmentError> => {
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnrolmentError);
  return error as EnrolmentError;
};

beforeAll(async () => {
  runtime = await startLocalRuntime({
    programOrigin: relationshipStart({ program, startDate: program.startDate, timeZone: program.timeZone }),
    ...sharedDynamoDb(),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('enrolling a cohort', () => {
  test('the example file stores each relationship once and starts one matching per pair', async () => {
    first = await enrolCohort(program, rows);
    expect(first.enrolled).toHaveLength(5);
    expect(new Set(first.enrolled).size).toBe(5);
    expect(first.alreadyEnrolled).toEqual([]);

    const relationships = await listRelationships(program.id);
    expect(relationships.map((r) => r.relationshipId).sort()).toEqual([...first.enrolled].sort());
    const stored = await Promise.all(first.enrolled.map(getRelationshipWithPeople));
    expect(
      stored.map(({ relationship, mentees, mentor }) => [
        mentees.map((m) => m.name).join(),
        mentor.name,
        relationship.timeZone,
        relationship.startDate,
        relationship.status,
      ]),
    ).toEqual(rows.map((row) => [row.mentee.name, row.mentor.name, row.timeZone, '2027-01-11', 'matching']));
    expect(stored[0]!.relationship.competencies).toEqual(['stakeholder-management', 'giving-feedback']);

    const matchings = runtime.stepFunctions.listAll().filter((e) => e.name.endsWith('-matching'));
    expect(matchings.map((e) => e.name).sort()).toEqual(first.enrolled.map((id) => `${id}-matching`).sort());

    // The same, seen through the Step Functions API as the CLI sees it.
    const sfn = new SFNClient(loopbackSettings(runtime.stepFunctions.endpoint));
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: localStateMachineArn('Matching') }));
    expect(listed.executions?.map((e) => e.name).sort()).toEqual(first.enrolled.map((id) => `${id}-matching`).sort());
    sfn.destroy();
  });

  test('each mentor and mentee is asked once to accept the match, and nothing starts before they answer', async () => {
    await runtime.settle();
    const proposals = (await readInbox(runtime.inbox.endpoint)).filter((m) => m.body.text?.includes('?answer=accept'));
    const recipients = proposals.flatMap((m) => m.destination.to).map((to) => /<([^>]+)>/.exec(to)?.[1] ?? to);
    expect(recipients.sort()).toEqual(rows.flatMap((r) => [r.mentee.email, r.mentor.email]).sort());
    expect(await readInbox(runtime.inbox.endpoint)).toHaveLength(10);
    expect(runtime.stepFunctions.listAll().every((e) => e.name.endsWith('-matching') && e.status === 'RUNNING')).toBe(true);
  });

  test('enrolling the same rows again starts nothing new and reports them as already enrolled', async () => {
    const before = executionNames();
    const mailBefore = (await readInbox(runtime.inbox.endpoint)).length;

    const again = await enrolCohort(program, rows);
    expect(again).toEqual({ enrolled: [], alreadyEnrolled: first.enrolled });
    expect((await listRelationships(program.id)).map((r) => r.relationshipId).sort()).toEqual([...first.enrolled].sort());
    expect(executionNames()).toEqual(before);
    expect(runtime.stepFunctions.listAll().every((e) => e.status !== 'FAILED')).toBe(true);
    // Nobody is asked twice.
    await runtime.settle();
    expect(await readInbox(runtime.inbox.endpoint)).toHaveLength(mailBefore);
  });

  // The example has no mentor of two; the corrected file below gives Femke a second mentee.
  test('a person in several rows (the coordinator, a line manager of three) is stored once', async () => {
    const people = await listPeople(program.id);
    const emails = people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    // 5 mentees, 5 mentors, 2 line managers, 1 coordinator.
    expect(people).toHaveLength(13);
    expect(emails.sort()).toEqual([...new Set(rows.flatMap((r) => [r.mentee.email, r.mentor.email, r.manager.email, r.coordinator.email]))].sort());

    const stored = await Promise.all(first.enrolled.map(getRelationshipWithPeople));
    expect(new Set(stored.map((s) => s.coordinator.personId)).size).toBe(1);
    const eva = stored.map((s) => s.managerOf(s.mentees[0]!.personId)).filter((m) => m.name === 'Eva de Vries');
    expect(eva).toHaveLength(3);
    expect(new Set(eva.map((m) => m.personId)).size).toBe(1);
  });

  test('a file with a mistake is refused before anything is written, even its valid new pairs', async () => {
    const relationshipsBefore = (await listRelationships(program.id)).map((r) => r.relationshipId).sort();
    const peopleBefore = (await listPeople(program.id)).length;
    const executionsBefore = executionNames();

    const broken = `${EXAMPLE_CSV}${[
      'Noor Haddad,noor.haddad@example.org,Anneke Jansen,anneke.jansen@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,,,,,,,,,,,',
      'Ole Berg,ole.berg@example.org,Ole Berg,ole.berg@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,,,,,,,,,,,',
    ].join('\n')}\n`;
    const error = await refusalOf(async () => enrolCohort(program, parseEnrolment(broken, program, 'cohort-2.csv')));
    expect(error.problems).toEqual(['row 8: the mentee cannot be their own mentor (ole.berg@example.org)']);
    expect(error.message).toContain('cohort-2.csv cannot be enrolled; nothing was stored');

    expect((await listRelationships(program.id)).map((r) => r.relationshipId).sort()).toEqual(relationshipsBefore);
    expect(await listPeople(program.id)).toHaveLength(peopleBefore);
    expect(executionNames()).toEqual(executionsBefore);
  });

  test('the corrected file enrols only the new pair, reusing the people already stored (Femke becomes a mentor of two)', async () => {
    const fixed = `${EXAMPLE_CSV}Noor Haddad,noor.haddad@example.org,Femke Bakker,femke.bakker@example.org,Eva de Vries,eva.devries@example.org,Ingrid Solberg,ingrid.solberg@example.org,delegation,,,,,,,,,,,\n`;
    const report = await enrolCohort(program, parseEnrolment(fixed, program, 'cohort-2.csv'));
    expect(report.alreadyEnrolled).toEqual(first.enrolled);
    expect(report.enrolled).toHaveLength(1);

    const [noor] = report.enrolled;
    const { mentees, mentor, coordinator } = await getRelationshipWithPeople(noor!);
    expect(mentees.map((m) => m.name)).toEqual(['Noor Haddad']);
    const people = await listPeople(program.id);
    // Only Noor is new: Femke (already a mentor), Eva and Ingrid are the people stored before.
    expect(people).toHaveLength(14);
    expect(people.find((p) => p.email === 'femke.bakker@example.org')!.personId).toBe(mentor.personId);
    const femke = (await Promise.all((await listRelationships(program.id)).map((r) => getRelationshipWithPeople(r.relationshipId)))).filter(
      (s) => s.mentor.email === 'femke.bakker@example.org',
    );
    expect(femke.map((s) => s.mentees[0]!.name).sort()).toEqual(['Kari Nilsen', 'Noor Haddad']);
    expect(new Set(femke.map((s) => s.mentor.personId)).size).toBe(1);
    expect(people.find((p) => p.email === 'ingrid.solberg@example.org')!.personId).toBe(coordinator.personId);
    expect(executionNames().filter((n) => n.endsWith('-matching'))).toHaveLength(6);
    expect(executionNames()).toContain(`${noor}-matching`);
  });

  test('a file that gives an enrolled mentee another mentor is refused, and the pairing under way stays', async () => {
    const matchings = () => executionNames().filter((n) => n.endsWith('-matching'));
    const before = matchings();
    // Lars, with his own language and zone as his other row gives them.
    const changed = EXAMPLE_CSV.replace(/^Sari Wibowo,.*$/m, (row) =>
      row
        .replace('Marco Bianchi,marco.bianchi@example.org', 'Lars Hansen,lars.hansen@example.org')
        .replace(',id,it,', ',id,en,')
        .replace('Europe/Amsterdam,Europe/Rome,', 'Europe/Amsterdam,Europe/London,'),
    );
    const error = await refusalOf(async () => enrolCohort(program, parseEnrolment(changed, program, 'cohort-3.csv'), undefined, 'cohort-3.csv'));
    expect(error.problems).toEqual(['row 2: sari.wibowo@example.org is already enrolled with another mentor; a pairing under way is not changed by enrolment']);
    const sari = (await listRelationships(program.id)).find((r) => r.relationshipId === first.enrolled[0]);
    expect((await getRelationshipWithPeople(sari!.relationshipId)).mentor.name).toBe('Marco Bianchi');
    expect(matchings()).toEqual(before);
  });
});
