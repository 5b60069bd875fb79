import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { IntegrationPattern, JsonPath, TaskInput, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** SES throttling or an outage: worth trying again, patiently. */
const retryMail = (task: LambdaInvoke) => task.addRetry({ errors: ['MailNotSent'], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 5 });

/** A task that calls a handler and keeps its result (only the payload, not Lambda's envelope) at `resultPath`. */
export const step = (scope: Construct, name: string, fn: IFunction, payload: Record<string, unknown>, resultPath: string = JsonPath.DISCARD) =>
  retryMail(
    new LambdaInvoke(scope, name, {
      lambdaFunction: fn,
      payload: TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      resultPath,
    }),
  );

/**
 * A task that sends a question and waits for the answer's callback, for at most the number
 * of seconds at `timeoutPath` (computed by a handler from the program, never hard-coded).
 */
export const askAndWait = (scope: Construct, name: string, fn: IFunction, payload: Record<string, unknown>, timeoutPath: string, resultPath: string) =>
  retryMail(
    new LambdaInvoke(scope, name, {
      lambdaFunction: fn,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...payload, taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.at(timeoutPath),
      resultPath,
    }),
  );
