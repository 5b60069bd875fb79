import { Choice, Condition, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { askWithReminder } from '../steps/ask-with-reminder.ts';
import { step } from '../steps/invoke.ts';
import { phaseOf, planWindows, recordBoth, relationshipOf, startNextPhase } from '../steps/payloads.ts';

/**
 * At the anniversary: each looks back (goals against baseline and target, a short survey, and
 * whether to extend). An extension the coordinator approves starts a further run of monthly
 * meetings; otherwise the year is celebrated, line managers get a summary, the mentee is
 * invited to mentor, and the follow-up is planned.
 */
export const closurePhase = (scope: Construct, fn: WorkflowFunctions) => {
  const windows = planWindows('$.plan');
  const celebrate = step(scope, 'Celebrate the year and close the relationship', fn.closeRelationship, { ...relationshipOf, ending: 'completed' }).next(
    startNextPhase(scope, fn, 'Start the follow-up'),
  );

  const extensionPayload = { ...relationshipOf, kind: 'extension', 'round.$': '$.plan.round' };
  const decision = recordBoth(scope, fn, ['Record the coordinator’s decision', 'Record the extension as not approved'], extensionPayload, '$.extension');
  const approved = new Choice(scope, 'Did the coordinator approve the extension?')
    .when(Condition.booleanEquals('$.extension.approved', true), startNextPhase(scope, fn, 'Start the extension'))
    .otherwise(celebrate);
  decision.answered.next(approved);
  decision.unanswered.next(approved);
  const askCoordinator = askWithReminder(scope, {
    ask: 'Ask the coordinator to approve an extension',
    remind: 'Remind the coordinator to decide on the extension',
    fn: fn.askParticipants,
    payload: extensionPayload,
    windows,
    ...decision,
  });

  const lookBackPayload = { ...relationshipOf, kind: 'look-back', 'review.$': '$.plan.review' };
  const lookedBack = recordBoth(scope, fn, ['Record the look back', 'Record the look back as unanswered'], lookBackPayload, '$.lookBack');
  const extend = new Choice(scope, 'Did they ask to extend?')
    .when(Condition.booleanEquals('$.lookBack.extensionAsked', true), askCoordinator)
    .otherwise(celebrate);
  lookedBack.answered.next(extend);
  lookedBack.unanswered.next(extend);

  return step(scope, 'Plan the closure', fn.planPhase, phaseOf, '$.plan')
    .next(new Wait(scope, "Wait until the relationship's anniversary", { time: WaitTime.timestampPath('$.plan.waitUntil') }))
    .next(
      askWithReminder(scope, {
        ask: 'Ask them to look back on the year',
        remind: 'Remind them to look back',
        fn: fn.askParticipants,
        payload: lookBackPayload,
        windows,
        ...lookedBack,
      }),
    );
};
