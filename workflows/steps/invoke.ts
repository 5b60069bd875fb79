import { Duration } from 'aws-cdk-lib';
import { IntegrationPattern, JitterType, JsonPath, TaskInput, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { TaskName } from '#domain/task-payloads';
import { phaseOf, render, type Fields, type StatePath, type Task, type TaskInput as Input, type TaskOutput } from './payloads.ts';

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

/**
 * A task that calls a handler with a payload of its contract's fields and keeps its result
 * (only the payload, not Lambda's envelope) at `resultPath`, typed as the contract's result.
 */
export const step = <K extends TaskName>(scope: Construct, name: string, task: Task<K>, payload: Fields<Input<K>>, resultPath?: StatePath<TaskOutput<K>>) =>
  retryTransient(
    new LambdaInvoke(scope, name, {
      lambdaFunction: task.fn,
      payload: TaskInput.fromObject(render(payload)),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: resultPath?.path ?? JsonPath.DISCARD,
    }),
  );

/**
 * A task that sends a question and waits for the answer's callback, for at most the number
 * of seconds at `timeout` (computed by a handler from the program, never hard-coded). The
 * answer never enters the execution's state.
 */
export const askAndWait = (
  scope: Construct,
  name: string,
  task: Task<'askParticipants'>,
  payload: Fields<Omit<Input<'askParticipants'>, 'taskToken'>>,
  timeout: StatePath<number | undefined>,
) =>
  retryTransient(
    new LambdaInvoke(scope, name, {
      lambdaFunction: task.fn,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...render(payload), taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.at(timeout.path),
      retryOnServiceExceptions: false,
      resultPath: JsonPath.DISCARD,
    }),
  );

/** Every main-line phase ends by starting the next one in a fresh execution ("continue as new"). */
export const startNextPhase = (scope: Construct, task: Task<'startNextPhase'>, name = 'Start the next phase') => step(scope, name, task, phaseOf);
