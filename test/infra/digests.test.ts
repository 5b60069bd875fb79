import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

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
const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
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
