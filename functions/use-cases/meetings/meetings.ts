import { isMeetingsPhase } from '#domain/lifecycle/phases';
import { meetingsWindow } from '#domain/lifecycle/meetings-windows';
import { isInWindow, isWindingDown, meetingToPlan, nextStep } from '#domain/lifecycle/next-step';
import { isInvited, type Meeting } from '#domain/model';
import { loadSchedule, type RelationshipSchedule } from '#use-cases/relationship/relationship-context';
import { lastMeeting, nextPlannedMeeting, planMeeting } from '#adapters/store';
import type { NextStep, PhaseTask } from '#domain/task-payloads';
import { clock } from '#platform/clock';
import { publish } from '#adapters/events/port';
import { meetingPlanned } from '#domain/events/events';

/**
 * The earliest meeting still planned (a moved one, or the next, already announced), or a new
 * one on the next slot of the rhythm; none past the window, which the next phase then takes.
 */
const nextMeeting = async (context: RelationshipSchedule, window: { until: Date }): Promise<Meeting | undefined> => {
  const { relationshipId } = context.relationship;
  const planned = await nextPlannedMeeting(relationshipId);
  if (planned) return isInWindow(planned, window) ? planned : undefined;
  const toPlan = meetingToPlan(context.calendar, await lastMeeting(relationshipId), window);
  return toPlan && planMeeting(relationshipId, toPlan.meetingNo, toPlan.at);
};

/**
 * What a meetings phase does next: the next meeting, a review that falls before it, or (when
 * neither is left in the phase's window) the end of the phase. A meeting whose invitation is
 * not in the members' calendars yet (the first after a move or a pause) is sent it at once.
 */
export const planNextStep = async ({ relationshipId, phase }: PhaseTask): Promise<NextStep> => {
  if (!isMeetingsPhase(phase)) throw new Error(`${phase} is not a meetings phase`);
  const context = await loadSchedule(relationshipId);
  const { relationship, calendar } = context;
  if (isWindingDown(relationship)) return { next: 'end' };
  const meeting = await nextMeeting(context, meetingsWindow(calendar, phase));
  const step = nextStep(calendar, { phase, reviewsDone: relationship.reviewsDone, meeting: meeting && { ...meeting, invited: isInvited(meeting) } });
  if (step.next === 'end') return step;
  const seconds = { answerWindowSeconds: step.windows.answer, reminderWindowSeconds: step.windows.reminder };
  if (step.next === 'review') return { next: 'review', review: step.review, dueAt: step.dueAt.toISOString(), ...seconds };
  const { windows, checkInAt, ...meetingStep } = step;
  await publish(meetingPlanned(relationship, meeting!, clock().now()));
  return { ...meetingStep, checkInAt: checkInAt.toISOString(), ...seconds };
};
