import { executionName } from '#domain/lifecycle/execution-names';
import { RUN_FIELD, laneOf, type Lane } from '#domain/lifecycle/lanes';
import { stateMachineOf, type Phase } from '#domain/lifecycle/phases';
import type { Relationship } from '#domain/model';
import { PHASE_INPUT_VERSION } from '#domain/task-payloads';
import { updateRelationship } from '#adapters/store';
import { workflow } from './port.ts';

/**
 * Starts the execution of a relationship's phase. Idempotent: the execution name is the
 * relationship, the phase and, after a pause, the pause's number. Returns false when that
 * execution existed already.
 */
export const startPhaseExecution = async (relationshipId: string, phase: Phase, afterPause = 0): Promise<boolean> =>
  workflow().start(stateMachineOf(phase), executionName(relationshipId, phase, afterPause), JSON.stringify({ v: PHASE_INPUT_VERSION, relationshipId, phase }));

/** Starts a phase and notes it as its lane's current run, so a pause or an end can stop it. */
export const startPhase = async (relationshipId: string, phase: Phase, afterPause = 0): Promise<boolean> => {
  const started = await startPhaseExecution(relationshipId, phase, afterPause);
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
