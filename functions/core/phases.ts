import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName, nextPhase, stateMachineOf, type Phase, type StateMachineKind } from '#workflows/lifecycle';
import { getProgram, getRelationship, recordPhase } from '#core/store';
import type { PhaseTask } from '#core/task-input';
import { stepFunctions } from '#core/workflow-client';

/** Bumped when a phase's input changes shape; old executions keep sending the old one. */
export const PHASE_INPUT_VERSION = 1;

const stateMachineArn = (kind: StateMachineKind): string => {
  const arns = JSON.parse(process.env.STATE_MACHINE_ARNS ?? '{}') as Partial<Record<StateMachineKind, string>>;
  const arn = arns[kind];
  if (!arn) throw new Error(`STATE_MACHINE_ARNS has no ${kind} state machine`);
  return arn;
};

/**
 * Starts a phase of a relationship. Idempotent: the execution name is the relationship and
 * the phase. Returns false when that execution existed already.
 */
const startPhase = async (relationshipId: string, phase: Phase): Promise<boolean> => {
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(stateMachineOf(phase)),
        name: executionName(relationshipId, phase),
        input: JSON.stringify({ v: PHASE_INPUT_VERSION, relationshipId, phase }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists) && (error as Error).name !== 'ExecutionAlreadyExists') throw error;
    return false;
  }
  return true;
};

/** Enrolment starts the introduction; a relationship already under way is left alone. */
export const startFirstPhase = async (relationshipId: string): Promise<boolean> => startPhase(relationshipId, 'introduction');

/** The last step of every phase: continue the relationship in a fresh execution. */
export const startNextPhase = async ({ relationshipId, phase }: PhaseTask): Promise<{ next: Phase | null }> => {
  const relationship = await getRelationship(relationshipId);
  if (relationship.status === 'closed') return { next: null };
  const program = await getProgram(relationship.programId);
  const next = nextPhase(phase, program.relationship.lengthMonths);
  if (!next) return { next: null };
  await startPhase(relationshipId, next);
  // Also after a retry that found the execution started: the phase is the next one either way.
  await recordPhase(relationshipId, next);
  return { next };
};
