import { DEPLOYED_FUNCTIONS } from '#domain/operator/deployment';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { concludeMeeting, findPersonIdByEmail, getRelationship, markUndeliverable, planMeeting, updateRelationship } from '#adapters/store';
import { useUsage } from '#adapters/usage/port';
import { usageTwin } from '#adapters/usage/memory';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { reportOnProgram } from '#use-cases/desk/report';
import { exampleProgram, examplePairs } from '../support/cohort.ts';
import { enrolExample, onTwins } from './twins.ts';

const twins = onTwins();
const program = exampleProgram();
const SETTINGS = {
  MENTORING_TABLE: 'pilot',
  RESPONSES_TABLE: 'pilot-responses',
  STATE_MACHINE_ARNS: JSON.stringify(
    Object.fromEntries(STATE_MACHINES.map((kind) => [kind, `arn:aws:states:eu-west-1:123456789012:stateMachine:pilot-${kind}`])),
  ),
  ANSWER_ACCESS_LOG_GROUP: 'Mentoring-pilot-AnswerPagesAccessLogs-abc',
};
const before = Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, process.env[key]]));
let usage: ReturnType<typeof usageTwin>;
beforeEach(() => {
  Object.assign(process.env, SETTINGS);
  usage = usageTwin([
    { day: '2027-01-03', measure: 'stateTransitions', value: 999 },
    { day: '2027-01-20', measure: 'stateTransitions', value: 120 },
    { day: '2027-01-20', measure: 'lambdaInvocations', value: 60 },
  ]);
  useUsage(usage);
});
afterEach(() => {
  useUsage();
  for (const [key, value] of Object.entries(before))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

describe('the program report, on the twins', () => {
  test('reads each relationship once, the marks of undeliverable people, and the usage of the stack the settings name, for the span of the report', async () => {
    const [first, second] = (await enrolExample(program, 2)) as [string, string];
    for (const id of [first, second]) await updateRelationship(id, { status: 'active', phase: 'meetings-1' });
    await planMeeting(first, 1, new Date('2027-01-18T09:00:00.000Z'));
    await concludeMeeting(first, 1, 1, 'held', '2027-01-18T14:00:00.000Z', { mode: 'phone', rating: 5 });
    await planMeeting(second, 1, new Date('2027-01-18T09:00:00.000Z'));
    await concludeMeeting(second, 1, 1, 'not-held', '2027-01-18T14:00:00.000Z');
    const [, tomasz] = examplePairs(program, 2);
    const mentee = (await findPersonIdByEmail(program.id, tomasz!.mentee.email))!;
    await markUndeliverable(program.id, mentee, '2027-01-19T08:00:00.000Z', 'complaint');
    twins.now = new Date('2027-01-25T09:00:00.000Z');

    const report = await reportOnProgram(undefined);
    const all = report.cohorts[0]!;
    expect(all.meetings.total).toEqual({ planned: 2, held: 1, notHeld: 1, unanswered: 0, moved: 0, heldShare: 0.5 });
    expect(all.meetings.ratings.byRating[5]).toBe(1);
    expect(all.delivery).toMatchObject({ undeliverable: 1, because: { bounce: 0, complaint: 1, refused: 0 } });
    // Enrolled on the twins' first day: usage from that day's start to now, the day before left out.
    const enrolledAt = (await getRelationship(first)).enrolledAt;
    expect(usage.asked).toEqual([
      {
        metrics: (2 + 1) * 2 + DEPLOYED_FUNCTIONS.length * 2 + 1 + 1 + (DEPLOYED_FUNCTIONS.length + STATE_MACHINES.length + 1),
        from: new Date(`${enrolledAt.slice(0, 10)}T00:00:00.000Z`),
        until: new Date(twins.now.getTime() + 1),
      },
    ]);
    expect(report.cost.usage).toMatchObject({ stateTransitions: 120, lambdaInvocations: 60 });
    expect(JSON.stringify(report)).not.toMatch(/@|Sari|Tomasz/);
  });

  test('a program that is not there is named in one line, and nothing is read of CloudWatch', async () => {
    await enrolExample(program, 1);
    await expect(reportOnProgram('nope')).rejects.toThrow('no program nope (programs stored: leadership-pilot)');
    expect(usage.asked).toEqual([]);
  });
});
