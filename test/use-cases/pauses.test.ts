import { describe, expect, test } from 'vitest';
import { concludeMeeting, getRelationship, listMeetings, planMeeting, updateRelationship } from '#adapters/store';
import { startPhase } from '#adapters/workflow/executions';
import { executionName } from '#domain/lifecycle/execution-names';
import { pauseRelationship, RelationshipActionRefused, resumeRelationship } from '#use-cases/pauses/pauses';
import { exampleProgram } from '../support/cohort.ts';
import { enrolExample, onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();

/** An enrolled pair in its first meetings phase, the phase's execution running. */
const meeting = async () => {
  const [relationshipId] = (await enrolExample(program)) as [string];
  await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
  await startPhase(relationshipId, 'meetings-1');
  return relationshipId;
};

describe('pausing a relationship, on the twins', () => {
  test('is refused outside the meetings phase, saying why, and changes nothing', async () => {
    const [relationshipId] = (await enrolExample(program)) as [string];
    const before = { relationship: await getRelationship(relationshipId), executions: twins.workflow.executions(), mail: twins.mail.outbox() };
    await expect(pauseRelationship(relationshipId)).rejects.toThrow(RelationshipActionRefused);
    await expect(pauseRelationship(relationshipId)).rejects.toThrow(
      `${relationshipId} cannot be paused: it is matching; a relationship pauses during its meetings`,
    );
    await updateRelationship(relationshipId, { status: 'active' });
    await expect(pauseRelationship(relationshipId)).rejects.toThrow(`${relationshipId} cannot be paused: it is in its matching phase`);
    await updateRelationship(relationshipId, { status: 'active', phase: 'meetings-1' });
    await expect(pauseRelationship(relationshipId, new Date('2027-01-04T08:00:00.000Z'))).rejects.toThrow('the pause must end after today');
    await updateRelationship(relationshipId, { status: 'matching', phase: 'matching' });
    expect(await getRelationship(relationshipId)).toEqual(before.relationship);
    expect(twins.workflow.executions()).toEqual(before.executions);
    expect(twins.mail.outbox()).toEqual(before.mail);
  });

  test('stops the meetings, starts the pause, and a second pause meanwhile is refused', async () => {
    const relationshipId = await meeting();
    twins.now = new Date('2027-02-03T09:00:00.000Z');
    const pause = await pauseRelationship(relationshipId, new Date('2027-02-20T09:00:00.000Z'));
    expect(pause).toEqual({ pauseNo: 1, from: '2027-02-03T09:00:00.000Z', plannedUntil: '2027-02-20T09:00:00.000Z' });
    expect(await getRelationship(relationshipId)).toMatchObject({ status: 'paused', pauses: [pause] });
    expect(twins.workflow.executions().map(({ machine, name, status }) => ({ machine, name, status }))).toEqual([
      { machine: 'Matching', name: executionName(relationshipId, 'matching'), status: 'RUNNING' },
      { machine: 'Meetings', name: executionName(relationshipId, 'meetings-1'), status: 'ABORTED' },
      { machine: 'Pause', name: executionName(relationshipId, 'pause-1'), status: 'RUNNING' },
    ]);
    await expect(pauseRelationship(relationshipId)).rejects.toThrow(`${relationshipId} cannot be paused: it is paused`);
    expect(twins.workflow.executions()).toHaveLength(3);
  });

  test('a resumed pause moves the meetings after it on by its whole days, once, and restarts the meetings once', async () => {
    const relationshipId = await meeting();
    for (const [meetingNo, day] of [
      [1, '01'],
      [2, '08'],
      [3, '15'],
    ] as const)
      await planMeeting(relationshipId, meetingNo, new Date(`2027-02-${day}T09:00:00.000Z`));
    await concludeMeeting(relationshipId, 1, 1, 'held', '2027-02-01T12:00:00.000Z');
    twins.now = new Date('2027-02-03T09:00:00.000Z');
    await pauseRelationship(relationshipId);
    // Ten days and three hours: eleven whole days.
    twins.now = new Date('2027-02-13T12:00:00.000Z');
    expect(await resumeRelationship({ relationshipId, phase: 'pause-1' })).toEqual({ shiftDays: 11 });
    const moved = (await listMeetings(relationshipId)).map(({ meetingNo, status, startsAt, occurrence }) => ({ meetingNo, status, startsAt, occurrence }));
    expect(moved).toEqual([
      { meetingNo: 1, status: 'held', startsAt: '2027-02-01T09:00:00.000Z', occurrence: 1 },
      { meetingNo: 2, status: 'planned', startsAt: '2027-02-19T09:00:00.000Z', occurrence: 2 },
      { meetingNo: 3, status: 'planned', startsAt: '2027-02-26T09:00:00.000Z', occurrence: 2 },
    ]);
    expect(await getRelationship(relationshipId)).toMatchObject({
      status: 'active',
      shiftDays: 11,
      pauses: [{ pauseNo: 1, resumedAt: '2027-02-13T12:00:00.000Z', shiftDays: 11 }],
    });
    const welcomes = twins.mail.outbox().filter((m) => m.kind === 'welcome-back');
    expect(welcomes.map((m) => m.role).sort()).toEqual(['mentee', 'mentor']);
    const restarted = executionName(relationshipId, 'meetings-1', 1);
    expect(twins.workflow.executions().filter((e) => e.name === restarted)).toMatchObject([
      { machine: 'Meetings', status: 'RUNNING', input: { relationshipId, phase: 'meetings-1' } },
    ]);

    // The pause's execution retries its step, or the coordinator resumes as it did: nothing happens twice.
    const after = { meetings: await listMeetings(relationshipId), mail: twins.mail.outbox().length, executions: twins.workflow.executions().length };
    twins.now = new Date('2027-02-14T12:00:00.000Z');
    expect(await resumeRelationship({ relationshipId, phase: 'pause-1' })).toEqual({ shiftDays: 11 });
    expect(await listMeetings(relationshipId)).toEqual(after.meetings);
    expect(twins.mail.outbox()).toHaveLength(after.mail);
    expect(twins.workflow.executions()).toHaveLength(after.executions);
    expect((await getRelationship(relationshipId)).shiftDays).toBe(11);
  });
});
