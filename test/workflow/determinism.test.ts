import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { randomPolicy } from '#local/participants';
import { freePort } from '#local/services/free-port';
import { examplePairs, exampleProgram, sharedDynamoDb, twinStore } from '../support/cohort.ts';

/**
 * A short program with every kind of choice made often (declines, stops at the mid-point,
 * extensions, pauses and early ends), run twice from the same seed: once on the store's
 * in-memory twin, where nothing waits on another process, and once on DynamoDB Local with both
 * cores kept busy (the run on one, a busy loop on the other). Program time is virtual, so the
 * two records must agree to the byte, wall-clock figures aside: load changes nothing, and the
 * twin behaves as DynamoDB does.
 */
const program = exampleProgram({
  id: 'determinism',
  relationship: { lengthMonths: 3, firstMeetingAfterDays: 7 },
  meetings: { time: '10:00', durationMinutes: 60, reminderHoursBefore: 24, checkInHoursAfter: 2, cadence: [{ every: { weeks: 2 }, until: { months: 3 } }] },
  reviewMonths: [2],
  midpointReviewMonth: 2,
  extension: { months: 1, every: { months: 1 }, maxTimes: 1 },
  followUp: { afterMonths: 1 },
});
const rows = examplePairs(program, 4);
const SEED = 11;

const runOnce = async (runtime: { inboxPort: number; responsePort: number } & ({ store: 'memory' } | { dynamoDbEndpoint: string })) =>
  runCohort({
    program,
    rows,
    seed: SEED,
    policy: randomPolicy({ answer: 0.6, moved: 0.1, notHeld: 0.1, maxDelayDays: 3, decline: 0.05, stop: 0.3, extend: 0.6 }, SEED),
    coordinator: { rates: { pause: 0.3, conclude: 0.2 }, seed: SEED },
    runtime,
  });

/**
 * The record as a user would compare two runs' files: everything but the wall-clock figures, and
 * the usage measured (durations are wall time, and the twin makes no DynamoDB requests).
 */
const withoutWallClock = ({ startedAt: _s, finishedAt: _f, wallSeconds: _w, usage: _u, ...record }: CohortRecord) => JSON.stringify(record, null, 1);

const busyLoops: ChildProcess[] = [];
let onTwin: CohortRecord;
let busy: CohortRecord;

beforeAll(async () => {
  const ports = { inboxPort: await freePort(), responsePort: await freePort() };
  onTwin = await runOnce({ ...ports, ...twinStore() });
  // The run itself keeps one core busy, the loop the other. At the lowest priority it takes only
  // what is idle: run alone it fills the other core, and in a whole test run, which keeps both
  // cores busy anyway, it leaves the other files their share.
  const loop = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  setPriority(loop.pid!, 19);
  busyLoops.push(loop);
  try {
    busy = await runOnce({ ...ports, ...sharedDynamoDb() });
  } finally {
    for (const loop of busyLoops) loop.kill('SIGKILL');
  }
}, 300_000);

afterAll(() => {
  for (const loop of busyLoops) loop.kill('SIGKILL');
});

describe('the same program, cohort and seed give the same run', () => {
  test('the run took many paths, so there was something to get wrong', () => {
    const outcomes = new Set(onTwin.pairs.map((p) => p.outcome.split(',')[0]));
    expect(outcomes.size).toBeGreaterThanOrEqual(2);
    expect(onTwin.answers.length).toBeGreaterThan(50);
    expect(onTwin.coordinatorActions.length).toBeGreaterThan(0);
    expect(new Set(onTwin.events.map((e) => e['detail-type'])).size).toBeGreaterThanOrEqual(10);
  });

  test('on DynamoDB Local with both cores busy, the summary, every e-mail, every event and every execution’s history are the same as on the twin', () => {
    expect(busy.pairs).toEqual(onTwin.pairs);
    expect(busy.emails.map((m) => `${m.sentAt} ${m.messageKey}`)).toEqual(onTwin.emails.map((m) => `${m.sentAt} ${m.messageKey}`));
    expect(busy.executions.map((e) => `${e.name} ${e.status} ${e.history.length}`)).toEqual(
      onTwin.executions.map((e) => `${e.name} ${e.status} ${e.history.length}`),
    );
    expect(busy.events.map((e) => e.detail.eventId)).toEqual(onTwin.events.map((e) => e.detail.eventId));
    expect(withoutWallClock(busy)).toBe(withoutWallClock(onTwin));
  });
});
