import { executionName } from '#domain/lifecycle/execution-names';
import { RUN_FIELD, laneOf, type Lane } from '#domain/lifecycle/lanes';
import { stateMachineOf, type Phase, type StateMachineKind } from '#domain/lifecycle/phases';
import type { Relationship } from '#domain/model';
import { PHASE_INPUT_VERSION, type PhaseInput } from '#domain/task-payloads';
import { updateRelationship } from '#adapters/store';
import { workflow } from './port.ts';

/**
 * Starts the execution of a relationship's phase. Idempotent: the execution name is the
 * relationship, the phase and, after a pause, the pause's number. Returns false when that
 * execution existed already.
 */
export const startPhaseExecution = async (
  relationshipId: string,
  phase: Phase,
  afterPause = 0,
  also: Partial<Pick<PhaseInput, 'rematchOf'>> = {},
): Promise<boolean> =>
  workflow().start(
    stateMachineOf(phase),
    executionName(relationshipId, phase, afterPause),
    JSON.stringify({ v: PHASE_INPUT_VERSION, relationshipId, phase, ...also } satisfies PhaseInput),
  );

/** Starts a phase and notes it as its lane's current run, so a pause or an end can stop it. */
export const startPhase = async (relationshipId: string, phase: Phase, afterPause = 0, also: Partial<Pick<PhaseInput, 'rematchOf'>> = {}): Promise<boolean> => {
  const started = await startPhaseExecution(relationshipId, phase, afterPause, also);
  await updateRelationship(relationshipId, { [RUN_FIELD[laneOf(phase)]]: { phase, name: executionName(relationshipId, phase, afterPause) } });
  return started;
};

/**
 * Stops the relationship's running executions, for a pause or an early end. Stopping one
 * that already ended changes nothing.
 */
export const stopRuns = async (relationship: Relationship, lanes: Lane[]): Promise<void> => {
  for (const lane of lanes) {
    const run = relationship[RUN_FIELD[lane]];
    if (!run) continue;
    await workflow().stop(stateMachineOf(run.phase), run.name, lane === 'main' ? 'The relationship paused or ended.' : `The ${lane} stopped with it.`);
  }
};

/** Every run of a relationship's phases, on every machine, oldest first. */
export const relationshipRuns = (relationshipId: string) => workflow().runsNamed(`${relationshipId}-`);

/**
 * Runs every failed or timed-out run again from the state that failed: one relationship's, or
 * (none given) every relationship's. A stopped run stays stopped: pauses and ends stop them on purpose.
 */
export const redriveFailedRuns = async (relationshipId?: string): Promise<{ name: string; machine: StateMachineKind; redriven: boolean }[]> => {
  const prefix = relationshipId ? `${relationshipId}-` : 'rel-';
  const failed = [...(await workflow().runsNamed(prefix, 'FAILED')), ...(await workflow().runsNamed(prefix, 'TIMED_OUT'))];
  const done = [];
  for (const { machine, name } of failed) done.push({ name, machine, redriven: await workflow().redrive(machine, name) });
  return done;
};
