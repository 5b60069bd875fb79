import { Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { phasePlan } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder, recordBoth } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { pathsOf, phaseOf, relationshipOf, tasksOf } from '../steps/payloads.ts';

/** Months after closure: the mentee says whether the progress held; then the record is complete. */
export const followUpMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const plan = pathsOf('$.plan', phasePlan);
  const question = { ...relationshipOf, kind: 'follow-up' as const };
  const recorded = recordBoth(
    scope,
    task.recordAnswer,
    ['Record the follow-up and complete the record', 'Complete the record without a follow-up'],
    question,
    '$.followUp',
  );
  const done = new Succeed(scope, 'The relationship’s record is complete');
  recorded.answered.next(done);
  recorded.unanswered.next(done);
  return step(scope, 'Plan the follow-up', task.planPhase, phaseOf, plan)
    .next(new Wait(scope, 'Wait until the follow-up is due', { time: WaitTime.timestampPath(plan.waitUntil.path) }))
    .next(
      askWithReminder(scope, {
        ask: 'Ask the mentee whether the progress held',
        remind: 'Remind the mentee about the follow-up',
        task: task.askParticipants,
        question,
        windows: plan.windows,
        ...recorded,
      }),
    );
};
