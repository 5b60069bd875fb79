import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = synthesize({}, { cloudFormationValidation: false }));
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOfRole = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat()).sort();
const checksFunction = () => {
  const found = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.FunctionName === 'mentoring-run-daily-checks');
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the daily checks on AWS', () => {
  it('run at 03:00 UTC from EventBridge Scheduler, whose own role may invoke their function and hand a failed run to its dead-letter queue, nothing else', () => {
    const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, s]) => s.Properties.Name === 'mentoring-daily-checks')!;
    const [functionId] = checksFunction();
    expect(schedule.Properties).toMatchObject({
      Name: 'mentoring-daily-checks',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
    const roleId = (schedule.Properties.Target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = resources[roleId]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': expect.anything() }) },
      }),
    ]);
    const statements = statementsOfRole(roleId);
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    // The function and its versions, as Lambda's invoke grant has it; the queue the schedule names.
    const arn = { 'Fn::GetAtt': [functionId, 'Arn'] };
    const on = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource);
    expect(on('lambda:InvokeFunction')).toEqual([[arn, { 'Fn::Join': ['', [arn, ':*']] }]]);
    expect(on('sqs:SendMessage')).toEqual([schedule.Properties.Target.DeadLetterConfig.Arn]);
  });

  it('run Node.js 22 on arm64 with tracing and their own log group, with the tables and machines named and no mail settings', () => {
    const [, fn] = checksFunction();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Timeout: 300 });
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(['MENTORING_TABLE', 'NODE_OPTIONS', 'RESPONSES_TABLE', 'STATE_MACHINE_ARNS']);
  });

  it('may change the main table without scanning it, scan the responses table and delete from it, and list and describe executions: no mail, no start or stop', () => {
    const [, fn] = checksFunction();
    const statements = statementsOfRole((fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'states:DescribeExecution',
        'states:ListExecutions',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const on = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(on('dynamodb:Scan')).toEqual([JSON.stringify({ 'Fn::GetAtt': ['ResponsesTable', 'Arn'] })]);
    expect(on('dynamodb:UpdateItem').join()).toContain('MentoringTable');
    expect(on('dynamodb:UpdateItem').join()).not.toContain('ResponsesTable');
    expect(on('states:ListExecutions').join()).toMatch(/stateMachine:mentoring-Matching/);
    expect(on('states:DescribeExecution').join()).toMatch(/execution:mentoring-Matching:\*/);
    expect(on('states:DescribeExecution').join()).not.toMatch(/stateMachine/);
  });

  it('count stuck relationships from their daily log line, and alarm to the alarm topic when there is one', () => {
    const [filter] = ofType('AWS::Logs::MetricFilter')
      .map(([, f]) => f)
      .filter((f) => JSON.stringify(f.Properties.MetricTransformations).includes('StuckRelationships'));
    expect(filter!.Properties).toMatchObject({
      FilterPattern: '{ $.stuckRelationships >= 0 }',
      MetricTransformations: [{ MetricName: 'StuckRelationships', MetricNamespace: 'Mentoring/mentoring', MetricValue: '$.stuckRelationships' }],
    });
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const stuck = alarms.find((a) => a.AlarmName === 'mentoring-stuck-relationships');
    expect(stuck).toMatchObject({
      MetricName: 'StuckRelationships',
      Namespace: 'Mentoring/mentoring',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    const topic = ofType('AWS::SNS::Topic')[0]![0];
    expect(stuck!.AlarmActions).toEqual([{ Ref: topic }]);
    expect(alarms.find((a) => a.AlarmName === 'mentoring-run-daily-checks-errors')).toMatchObject({ MetricName: 'Errors', AlarmActions: [{ Ref: topic }] });
  });
});

const digestsFunction = () => {
  const found = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.FunctionName === 'mentoring-send-digests');
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("the coordinators' weekly digests on AWS", () => {
  it('run every hour on the hour from EventBridge Scheduler (each coordinator’s week starts at 08:00 in their own zone), retried within the hour, with a dead-letter queue', () => {
    const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, s]) => s.Properties.Name === 'mentoring-digests')!;
    const [functionId] = digestsFunction();
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3000 } },
    });
    const roleId = (schedule.Properties.Target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(actionsOf(statementsOfRole(roleId))).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.AlarmName as string);
    expect(alarms).toEqual(expect.arrayContaining(['mentoring-digests-failed', 'mentoring-send-digests-errors']));
  });

  it('send as the program: the sender, its configuration set, the answer links and the erasure key through the extension', () => {
    const [, fn] = digestsFunction();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 300 });
    // The extension's own settings come with its layer.
    expect(
      Object.keys(fn.Properties.Environment.Variables)
        .filter((name) => !/^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER_STORE)_/.test(name))
        .sort(),
    ).toEqual(
      ['ERASURE_KEY_SECRET_ARN', 'MAIL_FROM', 'MENTORING_TABLE', 'NODE_OPTIONS', 'RESPONSES_TABLE', 'RESPONSE_BASE_URL', 'SES_CONFIGURATION_SET'].sort(),
    );
    expect(JSON.stringify(fn.Properties.Layers)).toContain('ParamsandsecretslayerMap');
  });

  it('may read the main table without scanning it, record a send, scan the responses table for open questions, and send e-mail: no Step Functions, no deletes on the main table', () => {
    const [, fn] = digestsFunction();
    const statements = statementsOfRole((fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    const actions = actionsOf(statements);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:Scan', 'ses:SendEmail', 'secretsmanager:GetSecretValue']),
    );
    expect(actions.filter((a) => a.startsWith('states:'))).toEqual([]);
    const on = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(on('dynamodb:Scan')).toEqual([JSON.stringify({ 'Fn::GetAtt': ['ResponsesTable', 'Arn'] })]);
    expect(on('dynamodb:DeleteItem').join()).not.toContain('MentoringTable');
  });
});
