import { Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { phaseOf, planWindows, recordBoth, relationshipOf } from '../steps/payloads.ts';

/** Months after closure: the mentee says whether the progress held; then the record is complete. */
export const followUpPhase = (scope: Construct, fn: WorkflowFunctions) => {
  const payload = { ...relationshipOf, kind: 'follow-up' };
  const recorded = recordBoth(scope, fn, ['Record the follow-up and complete the record', 'Complete the record without a follow-up'], payload, '$.followUp');
  const done = new Succeed(scope, 'The relationship’s record is complete');
  recorded.answered.next(done);
  recorded.unanswered.next(done);
  return step(scope, 'Plan the follow-up', fn.planPhase, phaseOf, '$.plan')
    .next(new Wait(scope, 'Wait until the follow-up is due', { time: WaitTime.timestampPath('$.plan.waitUntil') }))
    .next(
      askWithReminder(scope, {
        ask: 'Ask the mentee whether the progress held',
        remind: 'Remind the mentee about the follow-up',
        fn: fn.askParticipants,
        payload,
        windows: planWindows('$.plan'),
        ...recorded,
      }),
    );
};
