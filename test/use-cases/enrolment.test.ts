import { describe, expect, test } from 'vitest';
import { getRelationship, listPeople, listRelationships, markForgotten, recordClosure } from '#adapters/store';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { EnrolmentError, type PairRow } from '#use-cases/enrolment/read-enrolment';
import { examplePairs, exampleProgram } from '../support/cohort.ts';
import { onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

describe('enrolment, on the twins', () => {
  test('the same file enrolled again stores nothing new and starts one matching per relationship', async () => {
    const rows = examplePairs(program, 8);
    const first = await enrolCohort(program, rows);
    expect(first.enrolled).toHaveLength(6);
    const second = await enrolCohort(program, rows);
    expect(second).toEqual({ enrolled: [], alreadyEnrolled: first.enrolled });
    expect(await listRelationships(program.id)).toHaveLength(6);
    expect(twins.workflow.executions().map((e) => [e.machine, e.status])).toEqual(first.enrolled.map(() => ['Matching', 'RUNNING']));
  });

  test('a file naming a forgotten address is refused, naming its row, and nothing of it is stored, started or sent', async () => {
    const rows = examplePairs(program, 2);
    await markForgotten(program.id, rows[1]!.mentor.email, 'p-forgotten', '2027-01-01T00:00:00.000Z');
    const refused = await enrolCohort(program, rows).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EnrolmentError);
    expect((refused as EnrolmentError).problems).toEqual([expect.stringMatching(new RegExp(`^row ${rows[1]!.row}: mentor_email was forgotten on 2027-01-01`))]);
    expect(await listRelationships(program.id)).toEqual([]);
    expect(await listPeople(program.id)).toEqual([]);
    expect(twins.workflow.executions()).toEqual([]);
    expect(twins.mail.outbox()).toEqual([]);
  });

  test('a mentee whose relationship ended is enrolled again with another mentor, as a rematch of it; with the same mentor, or while it runs, refused', async () => {
    const [sari, tomasz] = examplePairs(program, 2) as [PairRow, PairRow];
    const [first] = (await enrolCohort(program, [sari])).enrolled;
    const withTomaszMentor: PairRow = { ...sari, mentor: tomasz.mentor };
    const underWay = await enrolCohort(program, [withTomaszMentor]).catch((error: unknown) => error);
    expect((underWay as EnrolmentError).problems).toEqual([expect.stringMatching(/is already enrolled with another mentor/)]);

    await recordClosure(first!, 'ended-early', '2027-04-01T09:00:00.000Z');
    const sameMentor = await enrolCohort(program, [sari]).catch((error: unknown) => error);
    expect((sameMentor as EnrolmentError).problems).toEqual([
      `row ${sari.row}: ${sari.mentor.email} mentored ${sari.mentee.email} in the relationship that ended (${first}); a rematch needs another mentor`,
    ]);
    const { enrolled } = await enrolCohort(program, [withTomaszMentor]);
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).not.toBe(first);
    expect(await getRelationship(enrolled[0]!)).toMatchObject({ rematchOf: first, status: 'matching' });
    expect((await getRelationship(first!)).rematchedAs).toEqual([{ menteeId: expect.any(String), relationshipId: enrolled[0] }]);
  });
});
