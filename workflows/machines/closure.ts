import { Choice, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { phasePlan } from '#domain/task-payloads';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder, recordBoth } from '../steps/ask-with-reminder.ts';
import { startNextPhase, step } from '../steps/invoke.ts';
import { equals, pathsOf, phaseOf, relationshipOf, tasksOf } from '../steps/payloads.ts';

/**
 * At the anniversary: each looks back (goals against baseline and target, a short survey, and
 * whether to extend). An extension the coordinator approves starts a further run of monthly
 * meetings; otherwise the year is celebrated, line managers get a summary, the mentee is
 * invited to mentor, and the follow-up is planned.
 */
export const closureMachine = (scope: Construct, fn: WorkflowFunctions) => {
  const task = tasksOf(fn);
  const plan = pathsOf('$.plan', phasePlan);
  const celebrate = step(scope, 'Celebrate the year and close the relationship', task.closeRelationship, { ...relationshipOf, ending: 'completed' }).next(
    startNextPhase(scope, task.startNextPhase, 'Start the follow-up'),
  );

  const extensionQuestion = { ...relationshipOf, kind: 'extension' as const, round: plan.round };
  const decision = recordBoth(
    scope,
    task.recordAnswer,
    ['Record the coordinator’s decision', 'Record the extension as not approved'],
    extensionQuestion,
    '$.extension',
  );
  const approved = new Choice(scope, 'Did the coordinator approve the extension?')
    .when(equals(decision.result.approved, true), startNextPhase(scope, task.startNextPhase, 'Start the extension'))
    .otherwise(celebrate);
  decision.answered.next(approved);
  decision.unanswered.next(approved);
  const askCoordinator = askWithReminder(scope, {
    ask: 'Ask the coordinator to approve an extension',
    remind: 'Remind the coordinator to decide on the extension',
    task: task.askParticipants,
    question: extensionQuestion,
    windows: plan.windows,
    ...decision,
  });

  const lookBackQuestion = { ...relationshipOf, kind: 'look-back' as const, review: plan.review };
  const lookedBack = recordBoth(scope, task.recordAnswer, ['Record the look back', 'Record the look back as unanswered'], lookBackQuestion, '$.lookBack');
  const extend = new Choice(scope, 'Did they ask to extend?').when(equals(lookedBack.result.extensionAsked, true), askCoordinator).otherwise(celebrate);
  lookedBack.answered.next(extend);
  lookedBack.unanswered.next(extend);

  return step(scope, 'Plan the closure', task.planPhase, phaseOf, plan)
    .next(new Wait(scope, "Wait until the relationship's anniversary", { time: WaitTime.timestampPath(plan.waitUntil.path) }))
    .next(
      askWithReminder(scope, {
        ask: 'Ask them to look back on the year',
        remind: 'Remind them to look back',
        task: task.askParticipants,
        question: lookBackQuestion,
        windows: plan.windows,
        ...lookedBack,
      }),
    );
};
