import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowHandler } from '#workflows/handlers';
import type { StateMachineKind } from '#domain/lifecycle/phases';
import type { AnswerEntry } from './stateless/answer-pages.ts';

interface Findable {
  functions: Record<WorkflowHandler, NodejsFunction>;
  respond: NodejsFunction;
  recordMailEvent: NodejsFunction;
  stateMachines: Record<StateMachineKind, StateMachine>;
  answerPages: AnswerEntry;
}

/** The cdk-nag findings that remain by design, each with its reason. */
export const acknowledgeFindings = (scope: Construct, { functions, respond, recordMailEvent, stateMachines, answerPages }: Findable): void => {
  const stack = Stack.of(scope);
  const logicalId = (construct: Construct) => stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;

  for (const fn of [...Object.values(functions), respond, recordMailEvent]) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: esbuild targets node22, so a newer runtime is a deliberate upgrade with its own bundle and test run, not a side effect of a deploy.',
    });
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
  }
  for (const machine of Object.values(stateMachines)) {
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CDK grants the X-Ray actions for tracing and the logs:*LogDelivery / resource-policy actions for execution logging; none of them supports resource-level permissions.',
    });
    for (const fn of Object.values(functions)) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
        reason: "LambdaInvoke grants the function and its versions (ARN:*); it is one of this program's own functions.",
      });
    }
  }
  const publicPages =
    'The answer pages are public by design: participants open them from an e-mail without an account. Each link carries an unguessable id (144 random bits) that the function checks.';
  for (const api of [answerPages.api, ...(answerPages.legacy ? [answerPages.legacy] : [])]) {
    Validations.of(api).acknowledge({ id: 'AwsSolutions-APIG4', reason: publicPages });
  }
  Validations.of(answerPages.api).acknowledge(
    { id: 'AwsSolutions-COG4', reason: `${publicPages} A Cognito user pool would ask them to sign up first.` },
    {
      id: 'AwsSolutions-APIG2',
      reason:
        'The link id in the path is validated as a required parameter. A body has no one schema API Gateway could check: its fields depend on the question, and the function checks every form and refuses a wrong one with a page that says why.',
    },
    {
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logs would write each request path, which holds the link id, a bearer secret, and need an account-wide API Gateway role. Access logs record the resource path instead, and the function logs its own failures.',
    },
  );
};
