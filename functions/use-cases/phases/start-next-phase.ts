import { nextPhase, type Phase } from '#domain/lifecycle/phases';
import { goesOnAfter, isRecordedPhase, startsAgreement } from '#domain/lifecycle/continuation';
import type { PhaseTask } from '#domain/task-payloads';
import { getProgram, getRelationship, recordPhase } from '#adapters/store';
import { startPhase } from '#adapters/workflow/executions';

/** Enrolment starts the matching; a relationship already under way is left alone. */
/** The match, the first phase; a rematch's run names the relationship it takes its mentee over from (`rematchOf`). */
export const startFirstPhase = async (relationshipId: string, rematchOf?: string): Promise<boolean> =>
  startPhase(relationshipId, 'matching', 0, rematchOf ? { rematchOf } : {});

/** The last step of every main-line phase: continue the relationship in a fresh execution. */
export const startNextPhase = async ({ relationshipId, phase }: PhaseTask): Promise<{ next: Phase | null }> => {
  const relationship = await getRelationship(relationshipId);
  if (!goesOnAfter(relationship, phase)) return { next: null };
  const program = await getProgram(relationship.programId);
  const next = nextPhase(phase, {
    lengthMonths: program.relationship.lengthMonths,
    extensions: relationship.extensions ?? 0,
    endRequested: Boolean(relationship.endRequestedAt),
  });
  if (!next) return { next: null };
  await startPhase(relationshipId, next);
  // The agreement on goals runs beside the first months of meetings.
  if (startsAgreement(phase, next)) await startPhase(relationshipId, 'agreement');
  // Also after a retry that found the execution started: the phase is the next one either way.
  if (isRecordedPhase(next)) await recordPhase(relationshipId, next);
  return { next };
};
