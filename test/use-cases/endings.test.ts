import { describe, expect, test } from 'vitest';
import { getRelationship, listRelationships, listRematchRequests, updateRelationship } from '#adapters/store';
import { executionName } from '#domain/lifecycle/execution-names';
import { leaveRelationship, requestEnd } from '#use-cases/endings/endings';
import { loadRelationship } from '#use-cases/relationship/relationship-context';
import { exampleProgram } from '../support/cohort.ts';
import { enrolExample, onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

describe('ending without blame, on the twins', () => {
  test('a coordinator who concludes twice starts one conclusion, and none once it closed', async () => {
    const [relationshipId] = (await enrolExample(program)) as [string];
    expect(await requestEnd(relationshipId)).toBe('ending');
    twins.now = new Date('2027-01-05T09:00:00.000Z');
    expect(await requestEnd(relationshipId)).toBe('ending');
    const conclusions = () => twins.workflow.executions().filter((e) => e.machine === 'Conclusion');
    expect(conclusions()).toMatchObject([{ name: executionName(relationshipId, 'conclusion'), input: { relationshipId, phase: 'conclusion' } }]);
    expect(await getRelationship(relationshipId)).toMatchObject({ endRequestedAt: '2027-01-04T09:00:00.000Z', endRequestedBy: 'coordinator' });
    await updateRelationship(relationshipId, { status: 'closed', ending: 'ended-early' });
    expect(await requestEnd(relationshipId)).toBe('already-closed');
    expect(conclusions()).toHaveLength(1);
    expect(twins.mail.outbox().filter((m) => m.kind !== 'match')).toEqual([]);
  });

  test('a circle’s mentee who leaves gets a rematch request, the circle goes on, and a retry changes nothing', async () => {
    await enrolExample(program, 8);
    const circle = (await listRelationships(program.id)).find((r) => r.mentees.length === 3)!;
    const [leaving, staying, last] = circle.mentees.map((m) => m.personId) as [string, string, string];
    const sent = () => twins.mail.outbox().filter((m) => m.relationshipId === circle.relationshipId && m.kind !== 'match');

    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), leaving, 'ended-early')).outcome).toBe('left');
    expect(await listRematchRequests(program.id)).toEqual([
      {
        programId: program.id,
        menteeId: leaving,
        relationshipId: circle.relationshipId,
        reason: 'ended-early',
        openedAt: '2027-01-04T09:00:00.000Z',
        status: 'open',
      },
    ]);
    expect(sent().map(({ kind, role, personId }) => ({ kind, role, personId }))).toEqual([
      { kind: 'left-circle', role: 'mentee', personId: leaving },
      { kind: 'rematch-request', role: 'coordinator', personId: circle.coordinatorId },
    ]);
    expect((await getRelationship(circle.relationshipId)).mentees.map((m) => m.status)).toEqual(['left', 'active', 'active']);

    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), leaving, 'ended-early')).outcome).toBe('left');
    expect(sent()).toHaveLength(2);
    expect(await listRematchRequests(program.id)).toHaveLength(1);

    // The last one cannot leave alone: the relationship ends instead, elsewhere.
    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), staying, 'ended-early')).outcome).toBe('left');
    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), last, 'ended-early')).outcome).toBe('last');
    expect((await getRelationship(circle.relationshipId)).mentees.map((m) => m.status)).toEqual(['left', 'left', 'active']);
    expect((await listRematchRequests(program.id)).map((r) => r.menteeId)).toEqual([leaving, staying].sort());
    expect(sent().filter((m) => m.personId === last)).toEqual([]);
  });
});
