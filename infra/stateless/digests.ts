import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MENTORING_TABLE } from '#adapters/store/tables';
import { handler } from './program-functions.ts';
import { runOnSchedule } from './scheduled-run.ts';
import { grantAccess, type FunctionAccess } from './function-access.ts';
import type { ProgramData } from '../stateful/program-data.ts';
import type { Mail } from '../stateful/mail.ts';

/** Every hour on the hour: each coordinator's week starts at 08:00 in their own zone, and some zones are half an hour off. */
export const DIGEST_SCHEDULE = { minute: '0', hour: '*' };

/**
 * What the digests' function does to the tables and SES (besides a Scan of the responses table for open questions): it opens
 * the coordinator's action links (question and link, checked in one transaction against an erasure of anyone they name).
 */
export const DIGESTS_ACCESS: FunctionAccess = {
  mentoring: {
    read: ['GetItem', 'BatchGetItem', 'Query'],
    write: ['PutItem', 'UpdateItem', 'ConditionCheckItem'],
    indexes: [MENTORING_TABLE.byOwnerIndex.name],
  },
  responses: { read: ['GetItem'], write: ['PutItem', 'UpdateItem', 'DeleteItem'] },
  mail: true,
};

export interface DigestsProps {
  prefix: string;
  data: ProgramData;
  mail: Mail;
  erasureKey: ISecret;
  /** Granted nothing on it: a digest publishes no event. */
  eventBus: IEventBus;
  /** Where answer links point: a digest carries the coordinator's own links (an extension to approve, a pause to end) and its action links. */
  responseBaseUrl: string;
  alarmTopic: ITopic;
}

/**
 * The coordinators' weekly digests (functions/scheduled/send-digests.ts): EventBridge Scheduler runs the
 * function every hour; each coordinator whose working week started within the hour gets one
 * e-mail of what needs them, once per week (the send's key). Its function reads the programs'
 * relationships, people and histories (no Scan of the main table), scans the responses table for
 * open questions, records the send, and sends as the program's sender; nothing else.
 */
export class Digests extends Construct {
  readonly function: NodejsFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, { prefix, data, mail, erasureKey, eventBus, responseBaseUrl, alarmTopic }: DigestsProps) {
    super(scope, id);
    const functionName = `${prefix}-send-digests`;
    this.function = handler(
      this,
      'Function',
      prefix,
      'scheduled/send-digests',
      {
        MENTORING_TABLE: data.table.tableName,
        RESPONSES_TABLE: data.responsesTable.tableName,
        MAIL_FROM: mail.senderAddress,
        SES_CONFIGURATION_SET: mail.configurationSetName,
        ERASURE_KEY_SECRET_ARN: erasureKey.secretArn,
        RESPONSE_BASE_URL: responseBaseUrl,
      },
      // It reads every open relationship of the coordinators whose week starts: a minute, not a workflow step's seconds.
      { timeout: Duration.minutes(5), description: "the coordinators' weekly digests" },
    );
    grantAccess(this.function, DIGESTS_ACCESS, { tables: { mentoring: data.table, responses: data.responsesTable }, mail, erasureKey, eventBus, prefix });
    // Open questions are keyed by question alone: finding them takes a Scan of the responses table.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [data.responsesTable.tableArn] }));

    ({ schedule: this.schedule, deadLetters: this.deadLetters } = runOnSchedule(this, this.function, {
      name: 'digests',
      prefix,
      functionName,
      description: "Sends each coordinator's weekly digest at the start of their working week",
      schedule: ScheduleExpression.cron(DIGEST_SCHEDULE),
      // A digest is due in the hour its week starts: a run later than that finds nothing due.
      maxEventAge: Duration.minutes(50),
      failedDescription:
        'EventBridge Scheduler could not run the weekly digests, even after its retries: the message in the digests-failed queue says why. Coordinators whose week started then get no digest that week; `mentoring status` shows what it would have said.',
      alarmTopic,
    }));
    new Alarm(this, 'ErrorsAlarm', {
      alarmName: `${prefix}-send-digests-errors`,
      alarmDescription: "The weekly digests failed: a coordinator may miss this week's. See the send-digests log; `mentoring status` shows the program.",
      metric: this.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(alarmTopic));
  }
}
