import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { PHASE_INPUT_VERSION } from '#domain/task-payloads';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { runCohort, type CohortRecord } from '#local/run-cohort';
import { randomPolicy } from '#local/participants';
import type { LocalRuntime } from '#local/runtime';
import type { LocalHandler } from '#local/stepfunctions/index';
import { examplePairs, halfYearProgram, twinStore } from '../support/cohort.ts';

/**
 * The README promises that a deploy never interrupts a relationship. Part-way through a
 * cohort's year a new build goes live, as `cdk deploy` would do it: new definitions for the
 * executions started from then on (running ones keep theirs), new function code for every
 * invocation after it, running executions' included, and a phase input one version higher.
 */
const SEED = 31;
const DEPLOY_AFTER_DAYS = 50;
const DAY_MS = 86_400_000;
const program = halfYearProgram({ id: 'deploy-mid-year' });
const rows = examplePairs(program, 4);

/** Invocations the new build served, by function. */
const servedByNewBuild = new Map<string, number>();
let deployedAt = 0;
/**
 * Leaves the next build's modules as a fresh container finds them (wall clock, random ids, AWS's
 * endpoints, DynamoDB), as the runtime does its own when it stops: later test files in this
 * worker load those modules.
 */
let leaveNextBuild = () => {};

/** The next build: the product's modules loaded afresh, its phase input one version on. */
const loadNextBuild = async (runtime: LocalRuntime, seed: number) => {
  vi.resetModules();
  vi.doMock('#domain/task-payloads', async (importOriginal) => {
    const current = await importOriginal<typeof import('#domain/task-payloads')>();
    return { ...current, PHASE_INPUT_VERSION: current.PHASE_INPUT_VERSION + 1 };
  });
  const [
    { localHandlers },
    { renderLocalDefinitions, localStateMachineArn },
    { handler: respond },
    { useClock },
    { useSeededIds },
    { useEndpointSettings },
    { onProgramTime },
    { useStore },
    { useSendingRecords },
  ] = await Promise.all([
    import('#local/handlers'),
    import('#workflows/render'),
    import('#handlers/respond'),
    import('#platform/clock'),
    import('#platform/ids'),
    import('#platform/aws'),
    import('#local/services/loopback'),
    import('#adapters/store'),
    import('#adapters/store/dynamodb/sending-records'),
  ]);
  // A new container starts with the runtime's program time, seed and loopback clients, like any other.
  useClock(runtime.clock);
  useSeededIds(seed);
  useEndpointSettings(onProgramTime);
  // The same tables: a deploy keeps them.
  useStore(runtime.twin!.store);
  useSendingRecords(runtime.twin!.sendingRecords);
  leaveNextBuild = () => {
    useStore();
    useSendingRecords();
    useClock(undefined);
    useSeededIds(undefined);
    useEndpointSettings(undefined);
    vi.doUnmock('#domain/task-payloads');
  };
  const count =
    (name: string, handler: LocalHandler): LocalHandler =>
    (event) => {
      servedByNewBuild.set(name, (servedByNewBuild.get(name) ?? 0) + 1);
      return handler(event);
    };
  const definitions = renderLocalDefinitions();
  return {
    stateMachines: STATE_MACHINES.map((kind) => ({ arn: localStateMachineArn(kind), name: `mentoring-${kind}`, definition: definitions[kind] })),
    handlers: Object.fromEntries(Object.entries(localHandlers()).map(([arn, handler]) => [arn, count(arn.split(':').at(-1)!, handler)])),
    respond: ((event, context) => {
      servedByNewBuild.set('respond', (servedByNewBuild.get('respond') ?? 0) + 1);
      return respond(event, context);
    }) as typeof respond,
  };
};

const deployMidYear = (runtime: LocalRuntime) => {
  runtime.clock.at(
    runtime.clock.nowEpochMs() + DEPLOY_AFTER_DAYS * DAY_MS,
    () =>
      void runtime.clock.track(async () => {
        const build = await loadNextBuild(runtime, SEED);
        deployedAt = runtime.clock.nowEpochMs();
        runtime.stepFunctions.deploy(build.stateMachines, build.handlers);
        runtime.responsePages.deploy(build.respond);
      }),
    'deploy',
  );
};

let run: CohortRecord;
const versionOf = (execution: CohortRecord['executions'][number]) =>
  (JSON.parse(String(execution.history.find((e) => e.type === 'ExecutionStarted')?.executionStartedEventDetails?.input ?? '{}')) as { v?: number }).v;

describe('a deploy part-way through the year', () => {
  beforeAll(async () => {
    run = await runCohort({
      program,
      rows,
      seed: SEED,
      policy: randomPolicy({ answer: 0.9, moved: 0.05, notHeld: 0.05, decline: 0, stop: 0, extend: 0, maxDelayDays: 1 }, SEED),
      runtime: twinStore(),
      onRunning: deployMidYear,
    });
  }, 900_000);
  afterAll(() => leaveNextBuild());

  test('every relationship reaches its outcome across the deploy', () => {
    expect(deployedAt).toBeGreaterThan(0);
    expect(run.pairs.map((p) => p.outcome)).toEqual(run.pairs.map(() => 'completed, followed up'));
    expect(run.executions.filter((e) => e.status !== 'SUCCEEDED')).toEqual([]);
  });

  test('executions running at the deploy finish on the definitions they started with, served by the new functions', () => {
    const spanning = run.executions.filter((e) => e.startDate.getTime() < deployedAt && (e.stopDate?.getTime() ?? Infinity) > deployedAt);
    console.log(
      `deploy on day ${DEPLOY_AFTER_DAYS}: ${spanning.length} executions running across it, ` +
        `${run.executions.filter((e) => versionOf(e) === PHASE_INPUT_VERSION).length} started with input v${PHASE_INPUT_VERSION}, ` +
        `${run.executions.filter((e) => versionOf(e) === PHASE_INPUT_VERSION + 1).length} with v${PHASE_INPUT_VERSION + 1}; ` +
        `the new build served ${[...servedByNewBuild.values()].reduce((a, b) => a + b, 0)} invocations (${[...servedByNewBuild.keys()].length} functions)`,
    );
    expect(spanning.length).toBeGreaterThanOrEqual(rows.length);
    expect(spanning.every((e) => versionOf(e) === PHASE_INPUT_VERSION)).toBe(true);
    expect(servedByNewBuild.get('respond')).toBeGreaterThan(0);
    expect(servedByNewBuild.size).toBeGreaterThanOrEqual(6);
  });

  test('phases started after the deploy carry the new input version; none before it does', () => {
    const after = run.executions.filter((e) => e.startDate.getTime() >= deployedAt);
    const before = run.executions.filter((e) => e.startDate.getTime() < deployedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.map(versionOf)).toEqual(after.map(() => PHASE_INPUT_VERSION + 1));
    expect(before.map(versionOf)).toEqual(before.map(() => PHASE_INPUT_VERSION));
  });

  test('nobody gets an e-mail twice because the code changed under a running relationship', () => {
    const keys = run.emails.map((e) => `${e.relationshipId}/${e.messageKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(run.emails.filter((e) => !e.kind)).toEqual([]);
  });
});
