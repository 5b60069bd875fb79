import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { listRelationships } from '#adapters/store';
import { enrolCohort } from '#use-cases/enrolment/enrol';
import { groupIntoRelationships, parseEnrolment } from '#use-cases/enrolment/read-enrolment';
import { parsePeople } from '#use-cases/pool/read-people';
import { matchPeople } from '#use-cases/pool/match-pool';
import { exampleProgram } from '../support/cohort.ts';
import { onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

describe('mentoring match, then mentoring enrol, on the twins', () => {
  test('the proposals of the example people file are enrolled as they are: each pair and the circle start their matching', async () => {
    const text = await readFile(new URL('../../examples/people.csv', import.meta.url), 'utf8');
    const people = parsePeople(text, program, 'examples/people.csv');
    const { enrolmentCsv } = matchPeople(people, program, { name: 'Ingrid Solberg', email: 'ingrid.solberg@example.org' }, 'examples/people.csv');
    const rows = parseEnrolment(enrolmentCsv, program, 'proposals.csv');
    const report = await enrolCohort(program, rows);
    expect(report.enrolled).toHaveLength(groupIntoRelationships(rows).length);
    expect(await listRelationships(program.id)).toHaveLength(6);
    expect(twins.workflow.executions().every((e) => e.machine === 'Matching' && e.status === 'RUNNING')).toBe(true);
  });
});
