import { Choice, Condition, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { meetingOf, phaseOf, startNextPhase } from '../steps/payloads.ts';

/**
 * One block of the meeting schedule. For each meeting: a reminder the day before, a check-in
 * after it, a reminder if nobody answers, and "unanswered" if still nobody does. Recording
 * the answer plans the next meeting, so a moved meeting re-plans the rest.
 */
export const meetingsPhase = (scope: Construct, fn: WorkflowFunctions) => {
  const plan = step(scope, 'Plan the next meeting', fn.planNextMeeting, phaseOf, '$.meeting');
  const record = (name: string, timedOut: boolean) =>
    step(scope, name, fn.recordCheckIn, { ...meetingOf, timedOut }, '$.checkIn').next(plan);

  const ask = askWithReminder(scope, {
    ask: 'Ask how the meeting went',
    remind: 'Remind them to say how it went',
    fn: fn.askParticipants,
    payload: { ...meetingOf, kind: 'check-in' },
    answerWindowPath: '$.meeting.answerWindowSeconds',
    reminderWindowPath: '$.meeting.reminderWindowSeconds',
    answered: record('Record how the meeting went', false),
    unanswered: record('Record the meeting as unanswered', true),
  });

  const meeting = new Wait(scope, 'Wait until the day before the meeting', { time: WaitTime.timestampPath('$.meeting.remindAt') })
    .next(step(scope, 'Remind the pair of the meeting', fn.sendMeetingReminder, meetingOf))
    .next(new Wait(scope, 'Wait until the meeting is over', { time: WaitTime.timestampPath('$.meeting.checkInAt') }))
    .next(ask);

  return plan.next(
    new Choice(scope, 'Is another meeting due in this phase?')
      .when(Condition.booleanEquals('$.meeting.due', true), meeting)
      .otherwise(startNextPhase(scope, fn)),
  );
};
