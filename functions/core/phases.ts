import { ExecutionAlreadyExists, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName, nextPhase, stateMachineOf, type Phase, type StateMachineKind } from '#workflows/lifecycle';
import type { Relationship } from '#core/model';
import { getProgram, getRelationship, recordPhase, updateRelationship } from '#core/store';
import type { PhaseTask } from '#core/task-input';
import { stepFunctions } from '#core/workflow-client';

/** Bumped when a phase's input changes shape; old executions keep sending the old one. */
export const PHASE_INPUT_VERSION = 2;

/** The lines a relationship's executions run on at once: the main line, the agreement beside it, a pause. */
export type Lane = 'main' | 'agreement' | 'pause' | 'conclusion';
const RUN_FIELD: Record<Lane, 'mainRun' | 'agreementRun' | 'pauseRun' | 'conclusionRun'> = { main: 'mainRun', agreement: 'agreementRun', pause: 'pauseRun', conclusion: 'conclusionRun' };

export const laneOf = (phase: Phase): Lane =>
  phase === 'agreement' ? 'agreement' : phase.startsWith('pause-') ? 'pause' : phase === 'conclusion' ? 'conclusion' : 'main';

export const stateMachineArn = (kind: StateMachineKind): string => {
  const arns = JSON.parse(process.env.STATE_MACHINE_ARNS ?? '{}') as Partial<Record<StateMachineKind, string>>;
  const arn = arns[kind];
  if (!arn) throw new Error(`STATE_MACHINE_ARNS has no ${kind} state machine`);
  return arn;
};

const executionArn = (phase: Phase, name: string) => `${stateMachineArn(stateMachineOf(phase)).replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Starts a phase of a relationship and notes it as its lane's current run. Idempotent: the
 * execution name is the relationship, the phase and, after a pause, the pause's number.
 * Returns false when that execution existed already.
 */
export const startPhase = async (relationshipId: string, phase: Phase, afterPause = 0): Promise<boolean> => {
  const name = executionName(relationshipId, phase, afterPause);
  let started = true;
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(stateMachineOf(phase)),
        name,
        input: JSON.stringify({ v: PHASE_INPUT_VERSION, relationshipId, phase }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists) && (error as Error).name !== 'ExecutionAlreadyExists') throw error;
    started = false;
  }
  await updateRelationship(relationshipId, { [RUN_FIELD[laneOf(phase)]]: { phase, name } });
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
    try {
      await stepFunctions().send(new StopExecutionCommand({ executionArn: executionArn(run.phase, run.name), cause: lane === 'main' ? 'The relationship paused or ended.' : `The ${lane} stopped with it.` }));
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
};

/** Enrolment starts the matching; a relationship already under way is left alone. */
export const startFirstPhase = async (relationshipId: string): Promise<boolean> => startPhase(relationshipId, 'matching');

/** The last step of every main-line phase: continue the relationship in a fresh execution. */
export const startNextPhase = async ({ relationshipId, phase }: PhaseTask): Promise<{ next: Phase | null }> => {
  const relationship = await getRelationship(relationshipId);
  if (relationship.status === 'closed' && phase !== 'closure' && !phase.startsWith('closure-')) return { next: null };
  const program = await getProgram(relationship.programId);
  const next = nextPhase(phase, {
    lengthMonths: program.relationship.lengthMonths,
    extensions: relationship.extensions ?? 0,
    endRequested: Boolean(relationship.endRequestedAt),
  });
  if (!next) return { next: null };
  await startPhase(relationshipId, next);
  // The agreement on goals runs beside the first months of meetings.
  if (phase === 'matching' && next === 'meetings-1') await startPhase(relationshipId, 'agreement');
  // Also after a retry that found the execution started: the phase is the next one either way.
  if (next !== 'conclusion') await recordPhase(relationshipId, next);
  return { next };
};
