import { phaseNumber, stateMachineOf } from '#domain/lifecycle/phases';
import { workingAgreementDue } from '#domain/lifecycle/check-ins';
import { addMonths, answerWindowSeconds, firstMeeting, relationshipEnd } from '#domain/program/schedule';
import { loadRelationship } from '#use-cases/relationship/relationship-context';
import { listMeetings } from '#adapters/store';
import type { PhasePlan, PhaseTask } from '#domain/task-payloads';
import { lookBackKey } from '#domain/reviews';

/**
 * What a phase waits for, computed from the program and the relationship: its questions' answer
 * windows, and an hour past the first check-in (agreement), the anniversary (closure), or months
 * after it (follow-up).
 */
export const planPhase = async ({ relationshipId, phase }: PhaseTask): Promise<PhasePlan> => {
  const { program, calendar } = await loadRelationship(relationshipId);
  const kind = stateMachineOf(phase);
  const windows = answerWindowSeconds(program.answers);
  if (kind === 'Matching') return { windows };
  if (kind === 'Agreement') {
    const [first] = await listMeetings(relationshipId);
    return { windows, waitUntil: workingAgreementDue(program, first ? new Date(first.startsAt) : firstMeeting(calendar)).toISOString() };
  }
  if (kind === 'Closure') {
    const n = phaseNumber(phase);
    return { windows, waitUntil: relationshipEnd(calendar).toISOString(), review: lookBackKey(n), round: n + 1 };
  }
  if (kind === 'FollowUp') return { windows, waitUntil: addMonths(relationshipEnd(calendar), program.followUp.afterMonths, calendar.timeZone).toISOString() };
  throw new Error(`${phase} has no plan of its own`);
};
