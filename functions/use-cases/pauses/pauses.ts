import { phaseNumber } from '#domain/lifecycle/phases';
import { endLinksCloseAt, pauseWaitSeconds } from '#domain/lifecycle/question-lifetimes';
import { meetingsPauseCovers, replacementMeeting, resumedPauses, resumeStep, shiftDaysAt, shiftedStart, startPause } from '#domain/pauses';
import { clock } from '#platform/clock';
import { logger } from '#platform/logger';
import type { Pause, Question, Relationship } from '#domain/model';
import { startPhase, stopRuns } from '#adapters/workflow/executions';
import { calendarOf, loadRelationship } from '#use-cases/relationship/relationship-context';
import { endQuestionId } from '#use-cases/relationship/end-links';
import {
  addAnswer,
  getProgram,
  getQuestion,
  getRelationship,
  keepOpenUntil,
  listMeetings,
  moveMeeting,
  pauseIfActive,
  planMeeting,
  resumeIfPaused,
} from '#adapters/store';
import type { PausePlan, PhaseTask } from '#domain/task-payloads';
import { resumeSettled, settleAndResume } from '#use-cases/relationship/settle';
import { pause as pauseQuestion } from './pause-question.ts';
import { sendPauseLetter } from './pause-letters.ts';
import { publish } from '#adapters/events/port';
import { relationshipPaused, relationshipResumed } from '#domain/events/events';

/** Why a pause or resume was refused: said to the coordinator as it is. */
export class RelationshipActionRefused extends Error {
  override name = 'RelationshipActionRefused';
}

/**
 * Pauses a relationship for leave or illness, until `until` or the program's longest pause.
 * The running meetings (and the agreement beside them) stop; a Pause execution waits for the
 * return and then resumes everything with the rest of the schedule moved on.
 */
export const pauseRelationship = async (relationshipId: string, until?: Date): Promise<Pause> => {
  const relationship = await getRelationship(relationshipId);
  const program = await getProgram(relationship.programId);
  const started = startPause(relationship, { now: clock().now(), maxDays: program.pause.maxDays, ...(until ? { until } : {}) });
  if ('refused' in started) throw new RelationshipActionRefused(started.refused);
  const { pause } = started;
  if (!(await pauseIfActive(relationshipId, pause, relationship.pauses.length)))
    throw new RelationshipActionRefused(`${relationshipId} changed meanwhile; look again before pausing it`);
  await stopRuns(relationship, ['main', 'agreement']);
  await startPhase(relationshipId, `pause-${pause.pauseNo}`);
  // A pause moves the relationship's end on: the links to end it stay open as long.
  await keepOpenUntil(endQuestionId(relationshipId), endLinksCloseAt(calendarOf(relationship, program)).toISOString());
  logger.info('relationship paused', { relationshipId, pauseNo: pause.pauseNo });
  return pause;
};

/**
 * The coordinator resumes before the planned return (`mentoring resume`): answers the pause's
 * question for them, which resumes the waiting Pause execution. When that question is gone
 * (its record expired) or resumes nothing any more, the pause ends here instead, from what the
 * relationship records: its execution is stopped, and what it would have done next is done,
 * the resume and the welcome back, each once.
 */
export const resumeEarly = async (relationshipId: string): Promise<void> => {
  const relationship = await getRelationship(relationshipId);
  if (relationship.status !== 'paused') throw new RelationshipActionRefused(`${relationshipId} is not paused`);
  const pauseNo = relationship.pauses.length;
  const question = await getQuestion(pauseQuestion.questionId(relationshipId, { pauseNo }));
  if (question && (await answerToResume(question, relationship.coordinatorId))) return;
  await stopRuns(relationship, ['pause']);
  await resumeRelationship({ relationshipId, phase: `pause-${pauseNo}` });
  logger.info('pause ended without its question', { relationshipId, pauseNo, question: question ? question.state : 'gone' });
};

/** What Step Functions says when nothing waits on a task token any more. */
const NOTHING_WAITS = ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'];

/** Answers a pause's question "resume" and resumes the execution waiting on it; false when none waits any more. */
const answerToResume = async (question: Question, coordinatorId: string): Promise<boolean> => {
  const now = clock().now().toISOString();
  await addAnswer(question.questionId, coordinatorId, { role: 'coordinator', answeredAt: now, outcome: 'resume', details: {} });
  try {
    // Settled before (by the e-mail's button) but the relationship is still paused: resume it again.
    if (!(await settleAndResume(question, 'resume', now))) await resumeSettled(question.taskToken, 'resume');
    return true;
  } catch (error) {
    if (NOTHING_WAITS.includes((error as Error).name)) return false;
    throw error;
  }
};

/** Seconds until the planned return, for the Pause execution's wait. */
export const planPause = async ({ relationshipId, phase }: PhaseTask): Promise<PausePlan> => {
  const relationship = await getRelationship(relationshipId);
  const pauseNo = phaseNumber(phase);
  const pause = relationship.pauses.find((p) => p.pauseNo === pauseNo)!;
  await publish(relationshipPaused(relationship, pause, clock().now()));
  return { pauseNo, waitSeconds: pauseWaitSeconds(pause, clock().now()) };
};

/** Moves the meetings the pause covers on by its length, or plans the next one there when it covered none. */
const shiftSchedule = async (relationship: Relationship, shifted: Relationship, pause: Pause, days: number) => {
  const program = await getProgram(relationship.programId);
  const meetings = await listMeetings(relationship.relationshipId);
  const covered = meetingsPauseCovers(meetings, pause);
  for (const meeting of covered)
    await moveMeeting(
      relationship.relationshipId,
      meeting.meetingNo,
      meeting.occurrence,
      meeting.startsAt,
      shiftedStart(meeting.startsAt, days, relationship.timeZone),
    );
  const replacement = replacementMeeting(meetings, covered.length, calendarOf(shifted, program));
  if (replacement) await planMeeting(relationship.relationshipId, replacement.meetingNo, replacement.startsAt);
};

/**
 * The pause is over (its planned end, or the coordinator said so): the schedule moves on by
 * the pause's length in whole days, and the phases that stopped start again. Idempotent: a
 * relationship no longer paused is left alone.
 */
export const resumeRelationship = async ({ relationshipId, phase }: PhaseTask): Promise<{ shiftDays: number }> => {
  const relationship = await getRelationship(relationshipId);
  const pauseNo = phaseNumber(phase);
  const pause = relationship.pauses.find((p) => p.pauseNo === pauseNo);
  if (!pause) return { shiftDays: 0 };
  const step = resumeStep(relationship, pause);
  if (step === 'nothing') return { shiftDays: pause.shiftDays ?? 0 };
  const now = clock().now();
  const days = step === 'resume' ? shiftDaysAt(pause, now) : (pause.shiftDays ?? 0);
  if (step === 'resume') {
    const shifted = { ...relationship, shiftDays: (relationship.shiftDays ?? 0) + days };
    await shiftSchedule(relationship, shifted, pause, days);
    await resumeIfPaused(relationshipId, resumedPauses(relationship.pauses, pauseNo, now, days), days);
  }
  await publish(relationshipResumed(relationship, pauseNo, days, now));
  // Resumed, now or by an earlier attempt: the welcome back brings the next meeting's invitation
  // before the meetings start again, so nobody gets it twice; both happen once.
  await sendPauseLetter(await loadRelationship(relationshipId), 'welcome-back', pauseNo);
  await startPhase(relationshipId, relationship.phase, pauseNo);
  if (relationship.agreementRun && !relationship.agreementDoneAt) await startPhase(relationshipId, 'agreement', pauseNo);
  logger.info('relationship resumed', { relationshipId, pauseNo, shiftDays: days });
  return { shiftDays: days };
};
