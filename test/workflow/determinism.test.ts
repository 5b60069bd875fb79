import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { randomPolicy } from '#local/participants';
import { freePort } from '#local/services/free-port';
import { examplePairs, exampleProgram, sharedDynamoDb } from '../support/cohort.ts';

/**
 * A short program with every kind of choice made often (declines, stops at the mid-point,
 * extensions, pauses and early ends), run twice from the same seed: once on a quiet machine,
 * once with both cores kept busy. Program time is virtual, so the two records must agree to
 * the byte, wall-clock figures aside.
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

const runOnce = async (ports: { inboxPort: number; responsePort: number }) =>
  runCohort({
    program,
    rows,
    seed: SEED,
    policy: randomPolicy({ answer: 0.6, moved: 0.1, notHeld: 0.1, maxDelayDays: 3, decline: 0.05, stop: 0.3, extend: 0.6 }, SEED),
    coordinator: { rates: { pause: 0.3, conclude: 0.2 }, seed: SEED },
    runtime: { ...ports, ...sharedDynamoDb() },
  });

/** The record as a user would compare two runs' files: everything but the wall-clock figures. */
const withoutWallClock = ({ startedAt: _s, finishedAt: _f, wallSeconds: _w, ...record }: CohortRecord) => JSON.stringify(record, null, 1);

const busyLoops: ChildProcess[] = [];
let quiet: CohortRecord;
let loaded: CohortRecord;

beforeAll(async () => {
  const ports = { inboxPort: await freePort(), responsePort: await freePort() };
  quiet = await runOnce(ports);
  for (let i = 0; i < 2; i++) busyLoops.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  try {
    loaded = await runOnce(ports);
  } finally {
    for (const loop of busyLoops) loop.kill('SIGKILL');
  }
}, 300_000);

afterAll(() => {
  for (const loop of busyLoops) loop.kill('SIGKILL');
});

describe('the same program, cohort and seed give the same run', () => {
  test('the run took many paths, so there was something to get wrong', () => {
    const outcomes = new Set(quiet.pairs.map((p) => p.outcome.split(',')[0]));
    expect(outcomes.size).toBeGreaterThanOrEqual(2);
    expect(quiet.answers.length).toBeGreaterThan(50);
    expect(quiet.coordinatorActions.length).toBeGreaterThan(0);
  });

  test('with both cores busy, the summary, every e-mail and every execution’s history are the same as on a quiet machine', () => {
    expect(loaded.pairs).toEqual(quiet.pairs);
    expect(loaded.emails.map((m) => `${m.sentAt} ${m.messageKey}`)).toEqual(quiet.emails.map((m) => `${m.sentAt} ${m.messageKey}`));
    expect(loaded.executions.map((e) => `${e.name} ${e.status} ${e.history.length}`)).toEqual(
      quiet.executions.map((e) => `${e.name} ${e.status} ${e.history.length}`),
    );
    expect(withoutWallClock(loaded)).toBe(withoutWallClock(quiet));
  });
});
