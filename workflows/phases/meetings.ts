import { Choice, Condition, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { meetingOf, phaseOf, recordBoth, relationshipOf, startNextPhase } from '../steps/payloads.ts';

/**
 * One block of the meeting schedule (or an extension). For each meeting: its invitation in
 * every member's calendar (carried by the check-in before it, or sent at once after a move or
 * a pause; the invitation's alarm is the reminder), a check-in after it, a reminder if nobody
 * answers, and "unanswered" if still nobody does. At a review month both rate their goals; the mid-point review may end the
 * relationship without blame. Recording each answer plans the next step, so a moved meeting
 * re-plans the rest.
 */
export const meetingsPhase = (scope: Construct, fn: WorkflowFunctions) => {
  const plan = step(scope, 'Plan the next step', fn.planNextStep, phaseOf, '$.step');
  const stepWindows = { answer: '$.step.answerWindowSeconds', reminder: '$.step.reminderWindowSeconds' };

  const checkInPayload = { ...meetingOf, kind: 'check-in' };
  const checkIn = recordBoth(scope, fn, ['Record how the meeting went', 'Record the meeting as unanswered'], checkInPayload, '$.checkIn');
  checkIn.answered.next(plan);
  checkIn.unanswered.next(plan);
  const meetingOver = new Wait(scope, 'Wait until the meeting is over', { time: WaitTime.timestampPath('$.step.checkInAt') });
  const meeting = new Choice(scope, 'Is the meeting in their calendars?')
    .when(Condition.booleanEquals('$.step.invited', true), meetingOver)
    .otherwise(step(scope, 'Send them the invitation', fn.sendMeetingInvitation, meetingOf).next(meetingOver));
  meetingOver.next(
    askWithReminder(scope, {
      ask: 'Ask how the meeting went',
      remind: 'Remind them to say how it went',
      fn: fn.askParticipants,
      payload: checkInPayload,
      windows: stepWindows,
      ...checkIn,
    }),
  );

  const reviewPayload = { ...relationshipOf, kind: 'review', 'review.$': '$.step.review' };
  const reviewed = recordBoth(scope, fn, ['Record the review', 'Record the review as unanswered'], reviewPayload, '$.review');
  const goOn = new Choice(scope, 'Does one of them wish to end the relationship?')
    .when(Condition.booleanEquals('$.review.endRequested', true), startNextPhase(scope, fn, 'Start the no-fault conclusion'))
    .otherwise(plan);
  reviewed.answered.next(goOn);
  reviewed.unanswered.next(goOn);
  const review = new Wait(scope, 'Wait until the review is due', { time: WaitTime.timestampPath('$.step.dueAt') }).next(
    askWithReminder(scope, {
      ask: 'Ask them to review progress on their goals',
      remind: 'Remind them to review their progress',
      fn: fn.askParticipants,
      payload: reviewPayload,
      windows: stepWindows,
      ...reviewed,
    }),
  );

  return plan.next(
    new Choice(scope, 'What comes next?')
      .when(Condition.stringEquals('$.step.next', 'meeting'), meeting)
      .when(Condition.stringEquals('$.step.next', 'review'), review)
      .otherwise(startNextPhase(scope, fn)),
  );
};
