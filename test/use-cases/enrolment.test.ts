import { describe, expect, test } from 'vitest';
import { listPeople, listRelationships, markForgotten } from '#adapters/store';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { EnrolmentError } from '#use-cases/enrolment/read-enrolment';
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
});
