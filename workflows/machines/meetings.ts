import { Choice, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { nextStep } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder, recordBoth } from '../steps/ask-with-reminder.ts';
import { startNextPhase, step } from '../steps/invoke.ts';
import { equals, pathsOf, phaseOf, relationshipOf, tasksOf } from '../steps/payloads.ts';

/**
 * One block of the meeting schedule (or an extension). For each meeting: its invitation in
 * every member's calendar (carried by the check-in before it, or sent at once after a move or
 * a pause; the invitation's alarm is the reminder), a check-in after it, a reminder if nobody
 * answers, and "unanswered" if still nobody does. At a review month both rate their goals; the mid-point review may end the
 * relationship without blame. Recording each answer plans the next step, so a moved meeting
 * re-plans the rest.
 */
export const meetingsMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const next = pathsOf('$.step', nextStep);
  const plan = step(scope, 'Plan the next step', task.planNextStep, phaseOf, next);
  const stepWindows = { answer: next.answerWindowSeconds, reminder: next.reminderWindowSeconds };
  const meetingOf = { ...relationshipOf, meetingNo: next.meetingNo, occurrence: next.occurrence };

  const checkInQuestion = { ...meetingOf, kind: 'check-in' as const };
  const checkIn = recordBoth(scope, task.recordAnswer, ['Record how the meeting went', 'Record the meeting as unanswered'], checkInQuestion, '$.checkIn');
  checkIn.answered.next(plan);
  checkIn.unanswered.next(plan);
  const meetingOver = new Wait(scope, 'Wait until the meeting is over', { time: WaitTime.timestampPath(next.checkInAt.path) });
  const meeting = new Choice(scope, 'Is the meeting in their calendars?')
    .when(equals(next.invited, true), meetingOver)
    .otherwise(step(scope, 'Send them the invitation', task.sendMeetingInvitation, meetingOf).next(meetingOver));
  meetingOver.next(
    askWithReminder(scope, {
      ask: 'Ask how the meeting went',
      remind: 'Remind them to say how it went',
      task: task.askParticipants,
      question: checkInQuestion,
      windows: stepWindows,
      ...checkIn,
    }),
  );

  const reviewQuestion = { ...relationshipOf, kind: 'review' as const, review: next.review };
  const reviewed = recordBoth(scope, task.recordAnswer, ['Record the review', 'Record the review as unanswered'], reviewQuestion, '$.review');
  const goOn = new Choice(scope, 'Does one of them wish to end the relationship?')
    .when(equals(reviewed.result.endRequested, true), startNextPhase(scope, task.startNextPhase, 'Start the no-fault conclusion'))
    .otherwise(plan);
  reviewed.answered.next(goOn);
  reviewed.unanswered.next(goOn);
  const review = new Wait(scope, 'Wait until the review is due', { time: WaitTime.timestampPath(next.dueAt.path) }).next(
    askWithReminder(scope, {
      ask: 'Ask them to review progress on their goals',
      remind: 'Remind them to review their progress',
      task: task.askParticipants,
      question: reviewQuestion,
      windows: stepWindows,
      ...reviewed,
    }),
  );

  return plan.next(
    new Choice(scope, 'What comes next?')
      .when(equals(next.next, 'meeting'), meeting)
      .when(equals(next.next, 'review'), review)
      .otherwise(startNextPhase(scope, task.startNextPhase)),
  );
};
