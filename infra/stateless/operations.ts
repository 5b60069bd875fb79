import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { accountReputation, type Mail } from '../stateful/mail.ts';

export interface OperationsProps {
  prefix: string;
  alarmEmail?: string;
  stateMachines: Record<string, StateMachine>;
  functions: Record<string, IFunction>;
  /** The answer pages' 5xx responses: Respond turns its own failures into a 503 page, so Lambda Errors misses them. */
  answerPageErrors: IMetric;
  mail: Mail;
}

/** Below SES's account review thresholds (5 % bounces, 0.1 % complaints), so there is time to act. */
export const BOUNCE_RATE_ALARM = 0.04;
export const COMPLAINT_RATE_ALARM = 0.0008;

/** Alarms to an encrypted topic, and one dashboard for the program. */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A customer managed key: CloudWatch cannot use the AWS managed SNS key to publish alarms.
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the ${props.prefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new Topic(this, 'Alarms', {
      topicName: `${props.prefix}-alarms`,
      displayName: `${props.prefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces the default one CloudWatch relies on.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${props.prefix}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (name: string, description: string, metric: IMetric, threshold: number) =>
      new Alarm(this, name, {
        alarmName: `${props.prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.topic));

    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    for (const [kind, machine] of Object.entries(props.stateMachines)) {
      alarm(
        `${kind}-executions-failed`,
        `A ${kind} execution failed: a relationship stopped. See the execution's history.`,
        machine.metricFailed(fiveMinutes),
        1,
      );
      alarm(`${kind}-executions-timed-out`, `A ${kind} execution timed out: a relationship stopped.`, machine.metricTimedOut(fiveMinutes), 1);
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}-errors`, `The ${name} function failed; the state machine retries, but look at its logs.`, fn.metricErrors(fiveMinutes), 1);
    }
    alarm('answer-pages-5xx', 'An answer page failed; the participant saw "try again later".', props.answerPageErrors, 1);
    alarm('ses-bounce-rate', 'The account bounce rate reached 4 %; SES reviews the account at 5 %.', accountReputation.bounceRate, BOUNCE_RATE_ALARM);
    alarm(
      'ses-complaint-rate',
      'The account complaint rate reached 0.08 %; SES reviews the account at 0.1 %.',
      accountReputation.complaintRate,
      COMPLAINT_RATE_ALARM,
    );

    const hourly = { period: Duration.hours(1), statistic: 'Sum' };
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.prefix,
      defaultInterval: Duration.days(14),
      widgets: [
        Object.entries(props.stateMachines).map(
          ([kind, machine]) =>
            new GraphWidget({
              title: `${kind} executions`,
              width: 8,
              left: [machine.metricStarted(hourly), machine.metricSucceeded(hourly), machine.metricFailed(hourly)],
            }),
        ),
        [
          new GraphWidget({ title: 'E-mails sent and bounced', width: 12, left: [props.mail.metricSent(), props.mail.metricBounces()] }),
          new GraphWidget({
            title: 'Account bounce and complaint rate',
            width: 12,
            left: [accountReputation.bounceRate, accountReputation.complaintRate],
            leftAnnotations: [{ value: BOUNCE_RATE_ALARM, label: 'bounce alarm' }],
          }),
        ],
      ],
    });
  }
}
