import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BOUNCED, COMPLAINED } from '#adapters/mail/mail-events';
import type { Mail } from '../stateful/mail.ts';

/**
 * The events SES publishes through this program's configuration set that concern a person: a
 * permanent bounce (a passing one SES retries itself) or a complaint.
 */
export const mailEventPattern = (configurationSetName: string): EventPattern => ({
  source: ['aws.ses'],
  detailType: [BOUNCED, COMPLAINED],
  detail: {
    // Another program or application in the account sends through its own configuration set.
    mail: { tags: { 'ses:configuration-set': [configurationSetName] } },
    $or: [{ eventType: ['Complaint'] }, { bounce: { bounceType: ['Permanent'] } }],
  },
});

export interface MailEventsProps {
  prefix: string;
  mail: Mail;
  /** The function that records them (functions/record-mail-event.ts). */
  recordMailEvent: NodejsFunction;
  alarmTopic: ITopic;
}

/**
 * Bounces and complaints, from SES's configuration set (its EventBridge destination, see
 * mail.ts) by a rule on the default event bus to record-mail-event. An event EventBridge cannot
 * deliver, or that the function still fails on after Lambda's own retries, lands in a dead-letter
 * queue (kept 14 days: it holds addresses) whose first message raises an alarm.
 */
export class MailEvents extends Construct {
  readonly rule: Rule;
  readonly deadLetters: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, { prefix, mail, recordMailEvent, alarmTopic }: MailEventsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      queueName: `${prefix}-mail-events-failed`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.rule = new Rule(this, 'Rule', {
      ruleName: `${prefix}-mail-events`,
      description: "Permanent bounces and complaints of the program's e-mail, to record-mail-event",
      eventPattern: mailEventPattern(mail.configurationSetName),
      // Delivery is retried for a day, longer than any throttling lasts.
      targets: [new LambdaFunction(recordMailEvent, { deadLetterQueue: this.deadLetters, retryAttempts: 20, maxEventAge: Duration.hours(24) })],
    });
    // EventBridge invokes asynchronously: a failure of the function itself is retried by Lambda, then kept.
    // SqsDestination would also grant GetQueueAttributes and GetQueueUrl; Lambda sends, nothing more.
    recordMailEvent.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: { bind: () => ({ destination: this.deadLetters.queueArn }) },
    });
    recordMailEvent.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }));

    this.alarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmName: `${prefix}-mail-events-failed`,
      alarmDescription:
        'A bounce or complaint could not be recorded: its coordinators may not know. The event is in the mail-events-failed queue; see "When things go wrong" in the README.',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(alarmTopic));

    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue: of the mail-events rule's Lambda target and of the function's failed asynchronous invocations. It has no consumer to fail.",
    });
  }
}
