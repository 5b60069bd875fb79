import { ArnFormat, Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, type ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface ScheduledRunProps {
  /** The schedule's name, `${prefix}-${name}`; its dead-letter queue and alarm are `${prefix}-${name}-failed`. */
  name: string;
  prefix: string;
  /** The function's name, for the role's description. */
  functionName: string;
  description: string;
  schedule: ScheduleExpression;
  /** How late a run may still start after its retries. */
  maxEventAge: Duration;
  /** What the dead-letter alarm tells an operator. */
  failedDescription: string;
  alarmTopic: ITopic;
}

/**
 * A function EventBridge Scheduler runs on a schedule, as the daily checks and the digests are:
 * the scheduler's own role, which may invoke this function only; a dead-letter queue for a run it
 * could not hand over, and its alarm; the findings acknowledged for such a function. Made in
 * `scope` with fixed ids, so resources deployed before keep their logical ids.
 */
export const runOnSchedule = (scope: Construct, fn: NodejsFunction, props: ScheduledRunProps): { schedule: Schedule; deadLetters: Queue } => {
  const stack = Stack.of(scope);
  const { prefix, name } = props;
  // The scheduler's own role, here rather than one CDK would make at the stack's top: it may invoke this function only.
  const role = new Role(scope, 'ScheduleRole', {
    description: `Lets EventBridge Scheduler run ${props.functionName}`,
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: 'default',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        },
      },
    }),
  });
  // The run itself holds no personal data (the scheduler's event), but it says a run did not happen.
  const deadLetters = new Queue(scope, 'DeadLetters', {
    queueName: `${prefix}-${name}-failed`,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const schedule = new Schedule(scope, 'Schedule', {
    scheduleName: `${prefix}-${name}`,
    description: props.description,
    schedule: props.schedule,
    target: new LambdaInvoke(fn, { role, retryAttempts: 3, maxEventAge: props.maxEventAge, deadLetterQueue: deadLetters }),
  });
  new Alarm(scope, 'DeadLettersAlarm', {
    alarmName: `${prefix}-${name}-failed`,
    alarmDescription: props.failedDescription,
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(new SnsAction(props.alarmTopic));

  Validations.of(deadLetters).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of the ${name} schedule: it has no consumer to fail, and its alarm tells an operator.`,
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is pinned on purpose, as for every function of the program: esbuild targets node22, so a newer runtime is a deliberate upgrade with its own bundle and test run.',
  });
  Validations.of(fn.role!).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
  });
  const functionId = stack.resolve((fn.node.defaultChild as CfnElement).logicalId) as string;
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
    reason: `The scheduler's invoke grant covers the function and its versions (ARN:*); it is this program's own ${name} function and nothing else.`,
  });
  return { schedule, deadLetters };
};
