import { Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowFunctions } from '../handlers.ts';
import { step } from '../steps/invoke.ts';
import { relationshipOf, startNextPhase } from '../steps/payloads.ts';

/** After the last meeting: wait for the relationship's anniversary, then close it with thanks. */
export const closurePhase = (scope: Construct, fn: WorkflowFunctions) =>
  step(scope, 'Plan the closure', fn.planClosure, relationshipOf, '$.closure')
    .next(new Wait(scope, "Wait until the relationship's anniversary", { time: WaitTime.timestampPath('$.closure.closesAt') }))
    .next(step(scope, 'Thank the pair and close the relationship', fn.closeRelationship, relationshipOf))
    .next(startNextPhase(scope, fn));
