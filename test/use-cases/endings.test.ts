import { describe, expect, test } from 'vitest';
import { getQuestion, getRelationship, listRelationships, listRematchRequests, listSavedAnswers, updateRelationship } from '#adapters/store';
import { executionName } from '#domain/lifecycle/execution-names';
import { endWithoutBlame, leaveRelationship, requestEnd } from '#use-cases/endings/endings';
import { endQuestionId, openEndLinks } from '#use-cases/relationship/end-links';
import { visitLink } from '#use-cases/questions/responses';
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
    expect(sent().map(({ kind, role, personId }) => ({ kind, role, personId }))).toEqual([{ kind: 'left-circle', role: 'mentee', personId: leaving }]);
    expect((await getRelationship(circle.relationshipId)).mentees.map((m) => m.status)).toEqual(['left', 'active', 'active']);

    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), leaving, 'ended-early')).outcome).toBe('left');
    expect(sent()).toHaveLength(1);
    expect(await listRematchRequests(program.id)).toHaveLength(1);

    // The last one cannot leave alone: the relationship ends instead, elsewhere.
    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), staying, 'ended-early')).outcome).toBe('left');
    expect((await leaveRelationship(await loadRelationship(circle.relationshipId), last, 'ended-early')).outcome).toBe('last');
    expect((await getRelationship(circle.relationshipId)).mentees.map((m) => m.status)).toEqual(['left', 'left', 'active']);
    expect((await listRematchRequests(program.id)).map((r) => r.menteeId)).toEqual([leaving, staying].sort());
    expect(sent().filter((m) => m.personId === last)).toEqual([]);
  });

  test('each request to end stored before the conclusion closed the links is kept with the relationship; a later one is told they have closed', async () => {
    const [both, one] = (await enrolExample(program, 2)) as [string, string];
    const press = async (relationshipId: string, role: 'mentor' | 'mentee') => {
      const context = await loadRelationship(relationshipId);
      const person = role === 'mentor' ? context.mentor : context.mentees[0]!;
      const linkId = (await getQuestion(endQuestionId(relationshipId)))!.links[person.personId]!;
      return (await visitLink({ linkId, pressed: true, form: new URLSearchParams({ confirm: 'yes' }) })).shown;
    };
    const rolesKept = async (relationshipId: string) =>
      Object.values((await listSavedAnswers(relationshipId)).find((a) => a.kind === 'end-relationship')!.answers)
        .map((a) => a.role)
        .sort();
    for (const relationshipId of [both, one]) {
      await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
      await openEndLinks(await loadRelationship(relationshipId));
    }

    expect([await press(both, 'mentee'), await press(both, 'mentor')]).toEqual(['thanks', 'thanks']);
    expect(await endWithoutBlame({ relationshipId: both, phase: 'conclusion' })).toEqual({ ended: 'relationship' });
    expect(await rolesKept(both)).toEqual(['mentee', 'mentor']);

    expect(await press(one, 'mentee')).toBe('thanks');
    expect(await endWithoutBlame({ relationshipId: one, phase: 'conclusion' })).toEqual({ ended: 'relationship' });
    expect(await press(one, 'mentor')).toBe('closed');
    expect(await rolesKept(one)).toEqual(['mentee']);
    expect(await getRelationship(one)).toMatchObject({ status: 'closed', ending: 'ended-early', endRequestedBy: 'mentee' });
  });
});
