import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MENTORING_TABLE } from '#adapters/store/tables';
import { DAILY_CHECKS_AT_UTC } from '#domain/lifecycle/stuck';
import { metricsNamespace } from '#domain/operator/deployment';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { handler } from './program-functions.ts';
import { runOnSchedule } from './scheduled-run.ts';
import type { ProgramData } from '../stateful/program-data.ts';

/** A day between two checks, and an hour's grace for a late one. */
export const MISSED_RUN_HOURS = 25;

/** Where the daily check's count of stuck relationships goes. */
export const stuckMetric = (prefix: string) => ({ namespace: metricsNamespace(prefix), metricName: 'StuckRelationships' });

export interface DailyChecksProps {
  prefix: string;
  data: ProgramData;
  /** The ARN of each lifecycle state machine, by kind. */
  machineArn: (kind: StateMachineKind) => string;
  alarmTopic: ITopic;
}

/**
 * Once a day at 03:00 UTC, EventBridge Scheduler runs the daily checks (functions/scheduled/run-daily-checks.ts):
 * relationships not closed with no execution running are logged by id and counted in the
 * `StuckRelationships` metric, whose alarm goes to the alarm topic; the personal data of
 * relationships ended longer ago than their program's retention is erased. Its function may
 * read and change the main table (no Scan), read the responses table whole and delete from it,
 * and list and describe the program's executions; nothing else.
 */
export class DailyChecks extends Construct {
  readonly function: NodejsFunction;
  readonly schedule: Schedule;
  readonly alarm: Alarm;
  /** Runs the scheduler could not hand to the function, after its retries. */
  readonly deadLetters: Queue;
  /** Goes off when no check ran for a day and an hour: the schedule or the function is broken. */
  readonly missedAlarm: Alarm;

  constructor(scope: Construct, id: string, { prefix, data, machineArn, alarmTopic }: DailyChecksProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const functionName = `${prefix}-run-daily-checks`;
    this.function = handler(
      this,
      'Function',
      prefix,
      'scheduled/run-daily-checks',
      {
        MENTORING_TABLE: data.table.tableName,
        RESPONSES_TABLE: data.responsesTable.tableName,
        STATE_MACHINE_ARNS: stack.toJsonString(Object.fromEntries(STATE_MACHINES.map((kind) => [kind, machineArn(kind)]))),
      },
      // It reads every relationship of every program: minutes, not the seconds of a workflow step.
      { timeout: Duration.minutes(5), description: 'the daily checks (stuck relationships, personal data past its retention)' },
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        // List programs and relationships, erase answers' details, goals' text and people: no Scan, no Put.
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [data.table.tableArn, `${data.table.tableArn}/index/${MENTORING_TABLE.byOwnerIndex.name}`],
      }),
    );
    // The responses table is keyed by question or link alone: finding an ended relationship's takes a Scan.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan', 'dynamodb:BatchWriteItem'], resources: [data.responsesTable.tableArn] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['states:ListExecutions'], resources: STATE_MACHINES.map(machineArn) }));
    // A relationship that looks stuck is asked about again, run by run.
    const executionArns = STATE_MACHINES.map((kind) =>
      stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${prefix}-${kind}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: executionArns }));

    ({ schedule: this.schedule, deadLetters: this.deadLetters } = runOnSchedule(this, this.function, {
      name: 'daily-checks',
      prefix,
      functionName,
      description: 'Finds relationships stuck with nothing running, and erases personal data past its retention',
      schedule: ScheduleExpression.cron({ minute: String(DAILY_CHECKS_AT_UTC.minute), hour: String(DAILY_CHECKS_AT_UTC.hour) }),
      // A check missed for an hour is better late than never; the next day's does the same work anyway.
      maxEventAge: Duration.hours(6),
      failedDescription:
        'EventBridge Scheduler could not run the daily check, even after its retries: the message in the daily-checks-failed queue says why (a role, a deleted function). See "When a relationship is stuck" in the README.',
      alarmTopic,
    }));
    // A check that never runs leaves no error and no dead letter: only the absence of its runs shows.
    // Hour by hour over 25 hours (an hour with no invocation has no data point, which counts as missing).
    this.missedAlarm = new Alarm(this, 'MissedAlarm', {
      alarmName: `${prefix}-daily-checks-missed`,
      alarmDescription:
        'The daily check has not run for 25 hours: stuck relationships go unseen and personal data past its retention is kept. Check the schedule, its role and the function. Right after a first deploy it may go off until the first check at 03:00 UTC.',
      metric: this.function.metricInvocations({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: MISSED_RUN_HOURS,
      datapointsToAlarm: MISSED_RUN_HOURS,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.missedAlarm.addAlarmAction(new SnsAction(alarmTopic));

    // One log line a day carries the count, 0 included.
    const metric = stuckMetric(prefix);
    new MetricFilter(this, 'StuckMetric', {
      logGroup: this.function.logGroup,
      filterPattern: FilterPattern.numberValue('$.stuckRelationships', '>=', 0),
      metricNamespace: metric.namespace,
      metricName: metric.metricName,
      metricValue: '$.stuckRelationships',
    });
    this.alarm = new Alarm(this, 'StuckAlarm', {
      alarmName: `${prefix}-stuck-relationships`,
      alarmDescription:
        'The daily check found relationships with no execution running: nothing will move them on. Their ids are in the run-daily-checks log; see "When a relationship is stuck" in the README.',
      metric: new Metric({ ...metric, statistic: 'Maximum', period: Duration.days(1) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(alarmTopic));
    new Alarm(this, 'ErrorsAlarm', {
      alarmName: `${prefix}-run-daily-checks-errors`,
      alarmDescription: 'The daily check failed: stuck relationships may go unseen and personal data past its retention kept. See its log.',
      metric: this.function.metricErrors({ period: Duration.days(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(alarmTopic));

    for (const kind of STATE_MACHINES)
      Validations.of(this.function.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${prefix}-${kind}:*]`,
        reason:
          "DescribeExecution on this program's own executions: which relationship's runs to ask about is known only at run time, and execution ARNs are per name.",
      });
  }
}

export const createDailyChecks = (scope: Construct, props: DailyChecksProps): DailyChecks => new DailyChecks(scope, 'DailyChecks', props);
