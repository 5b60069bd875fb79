import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { WORKFLOW_HANDLERS } from '#workflows/handlers';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { PHASE_MACHINES } from '#workflows/definitions';
import { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM } from '#infra/operations';
import { readSettings } from '#infra/settings';
import { synthesize, type Synthesized } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.template;
});
afterAll(() => synthesized?.dispose());

const resources = (type: string, props?: object): [string, Resource][] =>
  Object.entries(template.findResources(type, props ? { Properties: props } : undefined)) as [string, Resource][];

const functionNamed = (name: string): [string, Resource] => {
  const found = resources('AWS::Lambda::Function', { FunctionName: name });
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

const flatArn = (value: unknown): string => JSON.stringify(value).replace(/[{}"[\]]|Fn::Join|Ref|,/g, '');

describe('tables', () => {
  it.each([
    ['MentoringTable', 'mentoring'],
    ['ResponsesTable', 'mentoring-responses'],
  ])('%s keeps its name and its data through any deploy', (logicalId, tableName) => {
    const table = template.toJSON().Resources[logicalId] as Resource;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('uses the shared key schema, with the byOwner index and the responses TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'mentoring',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'mentoring-responses',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
    });
  });
});

describe('state machines', () => {
  it.each(STATE_MACHINES)('%s has a stable name and logical id, logs without execution data, and traces', (kind) => {
    const machine = template.toJSON().Resources[`${kind}StateMachine`] as Resource;
    expect(machine.Type).toBe('AWS::StepFunctions::StateMachine');
    expect(machine.Properties).toMatchObject({
      StateMachineName: `mentoring-${kind}`,
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [expect.anything()] },
      TracingConfiguration: { Enabled: true },
    });
    // Standard, not Express: phases wait for months.
    expect(machine.Properties.StateMachineType ?? 'STANDARD').toBe('STANDARD');
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain(`\\"TimeoutSeconds\\":${PHASE_MACHINES[kind].timeout.toSeconds()}`);
  });
});

describe('functions', () => {
  const all = [...Object.values(WORKFLOW_HANDLERS), 'respond'];

  it.each(all)('mentoring-%s runs Node.js 22 on arm64 with tracing and its own log group', (file) => {
    const [, fn] = functionNamed(`mentoring-${file}`);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(256);
    expect(fn.Properties.MemorySize).toBeLessThanOrEqual(512);
  });

  it('gives the workflow handlers the tables, the sender, the configuration set and the machine ARNs', () => {
    for (const file of Object.values(WORKFLOW_HANDLERS)) {
      const env = functionNamed(`mentoring-${file}`)[1].Properties.Environment.Variables as Record<string, unknown>;
      expect(env).toMatchObject({
        MENTORING_TABLE: { Ref: 'MentoringTable' },
        RESPONSES_TABLE: { Ref: 'ResponsesTable' },
        MAIL_FROM: 'mentoring@example.org',
        SES_CONFIGURATION_SET: 'mentoring',
      });
      for (const kind of STATE_MACHINES) expect(flatArn(env.STATE_MACHINE_ARNS)).toContain(`:stateMachine:mentoring-${kind}`);
    }
  });

  it('gives the answer-link base URL to the letter writers only, so Respond does not depend on its own API', () => {
    const linkWriter = functionNamed('mentoring-ask-participants')[1].Properties.Environment.Variables;
    expect(linkWriter.RESPONSE_BASE_URL).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/ResponseApi/), 'ApiEndpoint'] });
    expect(functionNamed('mentoring-plan-next-step')[1].Properties.Environment.Variables.RESPONSE_BASE_URL).toBeUndefined();
    const respond = functionNamed('mentoring-respond')[1];
    expect(Object.keys(respond.Properties.Environment.Variables).sort()).toEqual(['NODE_OPTIONS', 'RESPONSES_TABLE', 'STATE_MACHINE_ARNS']);
    expect(JSON.stringify(respond)).not.toMatch(/ResponseApi/);
  });
});

describe('answer pages', () => {
  it('routes /r/{linkId} to Respond, whatever the method', () => {
    const routes = resources('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    expect(routes).toEqual(['ANY /r/{linkId}']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('Respond'), 'Arn'] },
    });
  });

  it('throttles the default stage and logs access without the link ids', () => {
    const [[, stage]] = resources('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 20 },
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
  });
});

describe('e-mail and operations', () => {
  it('configures SES for reputation: metrics, suppression, TLS and bounce events', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'mentoring',
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'reject', 'deliveryDelay']),
        CloudWatchDestination: Match.anyValue(),
      }),
    });
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('alarms on failed and timed-out executions, function errors, failed answer pages and the SES reputation, to an encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const alarm of alarms) expect(alarm.AlarmActions, alarm.AlarmName).toHaveLength(1);
    const named = (name: string) => alarms.find((a) => a.AlarmName === name);
    for (const kind of STATE_MACHINES) {
      expect(named(`mentoring-${kind}-executions-failed`)?.MetricName).toBe('ExecutionsFailed');
      expect(named(`mentoring-${kind}-executions-timed-out`)?.MetricName).toBe('ExecutionsTimedOut');
    }
    for (const file of [...Object.values(WORKFLOW_HANDLERS), 'respond', 'record-mail-event'])
      expect(named(`mentoring-${file}-errors`)?.MetricName).toBe('Errors');
    expect(named('mentoring-answer-pages-5xx')?.MetricName).toBe('5xx');
    expect(named('mentoring-ses-bounce-rate')).toMatchObject({ MetricName: 'Reputation.BounceRate', Threshold: BOUNCE_RATE_ALARM });
    expect(named('mentoring-ses-complaint-rate')).toMatchObject({ MetricName: 'Reputation.ComplaintRate', Threshold: COMPLAINT_RATE_ALARM });
    expect(BOUNCE_RATE_ALARM).toBeLessThan(0.05);
    expect(COMPLAINT_RATE_ALARM).toBeLessThan(0.001);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('outputs what an operator needs after a deploy', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    expect(outputs).toEqual(
      expect.arrayContaining(['ResponseBaseUrl', 'MentoringTableName', 'ResponsesTableName', ...STATE_MACHINES.map((kind) => `${kind}StateMachineArn`)]),
    );
  });
});

describe('settings', () => {
  it('subscribes the alarm address and creates the sender identity when asked to', () => {
    const custom = synthesize({ 'mentoring:alarmEmail': 'ops@example.org', 'mentoring:createIdentity': 'true', 'mentoring:prefix': 'pilot' });
    try {
      custom.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
      custom.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.org' });
      custom.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'pilot-responses' });
      custom.template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'pilot-Meetings' });
    } finally {
      custom.dispose();
    }
  });

  it.each([
    ['mentoring:senderAddress', 'not-an-address'],
    ['mentoring:alarmEmail', 'ops'],
    ['mentoring:prefix', 'Has Spaces'],
    ['mentoring:createIdentity', 'yes'],
  ])('rejects %s = %s naming the key', (key, value) => {
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:alarmEmail', 'none');
    root.node.setContext(key, value);
    expect(() => readSettings(root.node)).toThrow(new RegExp(`"${key}"`));
  });

  it('defaults to the cdk.json values, once an alarm address (or none) is given', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:alarmEmail', 'none');
    expect(readSettings(root.node)).toEqual({
      prefix: 'mentoring',
      senderAddress: 'mentoring@example.org',
      createIdentity: false,
      stackName: 'Mentoring',
      mailFromDomain: 'mail.example.org',
    });
  });
});
