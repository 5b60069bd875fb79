import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { IntegrationPattern, JitterType, JsonPath, TaskInput, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/**
 * What is worth trying again: Lambda's own passing failures (its service, throttling, a
 * crashed or timed-out runtime) and `TransientFailure`, the one name handlers raise for a
 * throttled or briefly unavailable DynamoDB, SES or Step Functions. Full jitter, because a
 * cohort's pairs wake at the same instant; about 18 minutes at most. Every other error is
 * final and fails the task at once (handlers are idempotent, so a retry is always safe), but
 * the daily quota below.
 */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  'Runtime.ExitError',
  'TransientFailure',
];

/**
 * SES's daily sending quota is used up (`MailQuotaExceeded`): it frees up over a rolling 24
 * hours, so the task tries again every hour for 26 hours before it fails. Readers already
 * written to are skipped on each try (message keys).
 */
export const QUOTA_ERRORS = ['MailQuotaExceeded'];
export const QUOTA_RETRY = { intervalHours: 1, attempts: 26 };

const retryTransient = (task: LambdaInvoke) =>
  task
    .addRetry({
      errors: TRANSIENT_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxDelay: Duration.minutes(5),
      jitterStrategy: JitterType.FULL,
      maxAttempts: 10,
    })
    .addRetry({ errors: QUOTA_ERRORS, interval: Duration.hours(QUOTA_RETRY.intervalHours), backoffRate: 1, maxAttempts: QUOTA_RETRY.attempts });

/** A task that calls a handler and keeps its result (only the payload, not Lambda's envelope) at `resultPath`. */
export const step = (scope: Construct, name: string, fn: IFunction, payload: Record<string, unknown>, resultPath: string = JsonPath.DISCARD) =>
  retryTransient(
    new LambdaInvoke(scope, name, {
      lambdaFunction: fn,
      payload: TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath,
    }),
  );

/**
 * A task that sends a question and waits for the answer's callback, for at most the number
 * of seconds at `timeoutPath` (computed by a handler from the program, never hard-coded).
 */
export const askAndWait = (scope: Construct, name: string, fn: IFunction, payload: Record<string, unknown>, timeoutPath: string, resultPath: string) =>
  retryTransient(
    new LambdaInvoke(scope, name, {
      lambdaFunction: fn,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...payload, taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.at(timeoutPath),
      retryOnServiceExceptions: false,
      resultPath,
    }),
  );
