import { phaseNumber, stateMachineOf } from '#domain/lifecycle/phases';
import { addHours, addMonths, answerWindowSeconds, firstMeeting, relationshipEnd } from '#domain/program/schedule';
import { loadRelationship } from '#use-cases/relationship-context';
import { listMeetings } from '#adapters/store';
import type { PhaseTask } from '#domain/task-payloads';
import type { Program } from '#domain/program/config';
import { lookBackKey } from '#domain/lifecycle/review-keys';

export interface PhasePlan {
  /** The instant the phase's first wait ends, if it waits. */
  waitUntil?: string;
  /** Seconds each question of the phase waits: before its reminder, after it, after telling the coordinator. */
  windows: { answer: number; reminder: number; escalation: number };
  /** Which look back (closure), or which extension the coordinator decides on. */
  review?: string;
  round?: number;
}

/**
 * The working agreement is asked an hour after the first meeting's check-in, never at the same
 * instant: the check-in's e-mail then carries it, and neither step races the other to ask.
 */
const AGREEMENT_AFTER_CHECK_IN_HOURS = 1;

export const workingAgreementDue = (program: Program, firstMeetingAt: Date): Date =>
  addHours(firstMeetingAt, program.meetings.durationMinutes / 60 + program.meetings.checkInHoursAfter + AGREEMENT_AFTER_CHECK_IN_HOURS);

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
