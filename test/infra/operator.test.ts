import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { DEPLOYED_FUNCTIONS, FIXED_RESOURCES, FUNCTION_MEMORY_MB, metricsNamespace } from '#domain/operator/deployment';
import { STATE_TRANSITIONS_METRIC } from '#domain/report/usage';
import { configureApp } from '#infra/mentoring-app';
import { readSettings, SettingsError } from '#infra/settings';
import { cdkJsonContext, synthesize, TEST_ALARM_EMAIL, type Synthesized } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The stack as an organisation deploys it, and a second program in the same account that watches CloudWatch itself and lets the stack create its sender's identity. */
let deployed: Synthesized;
let pilot: Synthesized;

beforeAll(() => {
  deployed = synthesize({}, { cloudFormationValidation: false });
  pilot = synthesize(
    {
      'mentoring:prefix': 'pilot',
      'mentoring:alarmEmail': 'none',
      'mentoring:createIdentity': 'true',
      'mentoring:senderAddress': 'mentoring@pilot.example.org',
    },
    { cloudFormationValidation: false },
  );
});
afterAll(() => pilot?.dispose());

const resourcesOf = (s: Synthesized) => s.template.toJSON().Resources as Record<string, Resource>;
const ofType = (s: Synthesized, type: string) => Object.entries(resourcesOf(s)).filter(([, r]) => r.Type === type);
const alarmNamed = (s: Synthesized, name: string) => ofType(s, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === name)?.[1].Properties;
const outputs = (s: Synthesized) => s.template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
const alarmTopic = (s: Synthesized) => ({ Ref: ofType(s, 'AWS::SNS::Topic')[0]![0] });
/** Output values with the region left as a placeholder. */
const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<region>')).join('');

/** Synthesizing with these settings fails with exactly this one line. */
const refusalOf = (context: Record<string, unknown>): string => {
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  try {
    configureApp(app, {});
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
};

describe('alarms reach someone', () => {
  it('a synth without an alarm address is refused in one line naming the key and how to opt out', () => {
    expect(cdkJsonContext()).not.toHaveProperty('mentoring:alarmEmail');
    const message = refusalOf({});
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('"mentoring:alarmEmail" is not set');
    expect(message).toContain('-c mentoring:alarmEmail=none');
    // An empty value is no way round it.
    expect(refusalOf({ 'mentoring:alarmEmail': '' })).toBe(message);
    expect(refusalOf({ 'mentoring:alarmEmail': 'ops' })).toMatch(/"mentoring:alarmEmail" must be an e-mail address or "none"; got "ops"/);
  });

  it('the alarm address is subscribed to the alarm topic; "none" deploys the alarms with no subscriber, as asked', () => {
    const subscriptions = ofType(deployed, 'AWS::SNS::Subscription').map(([, s]) => s.Properties);
    expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: TEST_ALARM_EMAIL, TopicArn: alarmTopic(deployed) })]);
    expect(ofType(pilot, 'AWS::SNS::Subscription')).toEqual([]);
    expect(alarmNamed(pilot, 'pilot-daily-checks-missed')).toBeDefined();
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:alarmEmail', 'NONE');
    expect(readSettings(root.node).alarmEmail).toBeUndefined();
  });

  it("the daily checks' schedule retries, then hands a run it could not deliver to an encrypted dead-letter queue whose first message alarms", () => {
    const [[queueId, queue]] = ofType(deployed, 'AWS::SQS::Queue').filter(([, q]) => q.Properties.QueueName === 'mentoring-daily-checks-failed') as [
      [string, Resource],
    ];
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const policies = ofType(deployed, 'AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]));
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    const [[, schedule]] = ofType(deployed, 'AWS::Scheduler::Schedule') as [[string, Resource]];
    expect(schedule.Properties.Target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    expect(alarmNamed(deployed, 'mentoring-daily-checks-failed')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [alarmTopic(deployed)],
    });
  });

  it('a daily check that never runs alarms within 25 hours: no invocation in any hour counts against it', () => {
    const [functionId] = ofType(deployed, 'AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === 'mentoring-run-daily-checks')!;
    expect(alarmNamed(deployed, 'mentoring-daily-checks-missed')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 25,
      DatapointsToAlarm: 25,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [alarmTopic(deployed)],
    });
  });
});

describe("the operators' policy", () => {
  const policyOf = (s: Synthesized) => {
    const [[id, policy]] = ofType(s, 'AWS::IAM::ManagedPolicy') as [[string, Resource]];
    return { id, name: policy.Properties.ManagedPolicyName as string, statements: policy.Properties.PolicyDocument.Statement as Statement[] };
  };

  it('lets the CLI read the stack outputs, use the two tables, run and list this program’s state machines, read the erasure key, send as the program’s sender, clear kept mail events, publish on the program’s bus and read usage metrics, with no "*" resource but where IAM has none', () => {
    const { id, name, statements } = policyOf(deployed);
    expect(name).toBe('mentoring-operator');
    expect(Object.fromEntries(statements.map((s) => [s.Sid, [s.Action].flat().sort()]))).toEqual({
      ReadStackOutputs: ['cloudformation:DescribeStacks'],
      ProgramItems: [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      QuestionsAndLinks: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
      StartRuns: ['states:SendTaskSuccess', 'states:StartExecution'],
      StopRuns: ['states:DescribeExecution', 'states:StopExecution'],
      ListRuns: ['states:ListExecutions'],
      RedriveRuns: ['states:RedriveExecution'],
      ReadErasureKey: ['secretsmanager:GetSecretValue'],
      SendAgain: ['ses:SendEmail', 'ses:SendRawEmail'],
      ClearKeptMailEvents: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'],
      PublishEvents: ['events:PutEvents'],
      ReadUsageMetrics: ['cloudwatch:GetMetricData'],
    });
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect([statement.Action].flat()).not.toContain('*');
      // GetMetricData has no resource of its own in IAM: allowed on all metrics or none.
      if (statement.Sid !== 'ReadUsageMetrics') for (const resource of [statement.Resource].flat()) expect(resource, statement.Sid).not.toBe('*');
    }
    expect(statements.find((s) => s.Sid === 'ReadUsageMetrics')!.Resource).toBe('*');
    const on = (sid: string) => JSON.stringify(statements.find((s) => s.Sid === sid)!.Resource);
    expect(on('ReadStackOutputs')).toContain(':stack/Mentoring/*');
    expect(on('ProgramItems')).toContain('MentoringTable');
    expect(on('ProgramItems')).toContain('/index/byOwner');
    expect(on('ProgramItems')).not.toContain('ResponsesTable');
    expect(on('QuestionsAndLinks')).toBe(JSON.stringify({ 'Fn::GetAtt': ['ResponsesTable', 'Arn'] }));
    for (const kind of STATE_MACHINES) {
      expect(on('StartRuns')).toContain(`:stateMachine:mentoring-${kind}"`);
      expect(on('StopRuns')).toContain(`:execution:mentoring-${kind}:*`);
    }
    expect(on('ListRuns')).toBe(on('StartRuns'));
    expect(on('RedriveRuns')).toBe(on('StopRuns'));
    // resend sends as the program's sender alone, through its configuration set.
    expect(on('SendAgain')).toContain('configuration-set/mentoring');
    expect(statements.find((s) => s.Sid === 'SendAgain')).toMatchObject({ Condition: { StringEquals: { 'ses:FromAddress': expect.stringContaining('@') } } });
    expect(on('ReadErasureKey')).toBe(JSON.stringify({ Ref: 'ErasureKeySecret' }));
    expect(on('ClearKeptMailEvents')).toContain('MailEventsDeadLetters');
    // forget publishes the early end of what it stops, and resume a resumption, on this program's bus alone.
    expect(on('PublishEvents')).toBe(JSON.stringify({ 'Fn::GetAtt': ['EventBus', 'Arn'] }));
    expect(outputs(deployed).OperatorPolicyArn?.Value).toEqual({ Ref: id });
  });

  it("another program's policy names its own resources only", () => {
    const { name, statements } = policyOf(pilot);
    expect(name).toBe('pilot-operator');
    const all = JSON.stringify(statements);
    expect(all).toContain(':stack/Mentoring-pilot/*');
    expect(all).not.toMatch(/mentoring-(Matching|Meetings)|stack\/Mentoring\//);
  });
});

describe('what the program report reads of a deployment', () => {
  const filters = (s: Synthesized) => ofType(s, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);

  it("counts each machine's state transitions from its log, into the program's own namespace", () => {
    for (const [s, prefix] of [
      [deployed, 'mentoring'],
      [pilot, 'pilot'],
    ] as const) {
      const counting = filters(s).filter((f) => f.MetricTransformations[0].MetricName === STATE_TRANSITIONS_METRIC);
      expect(counting).toHaveLength(STATE_MACHINES.length);
      for (const filter of counting) {
        expect(filter.FilterPattern).toBe('{ $.type = %StateEntered$% }');
        expect(filter.MetricTransformations).toEqual([{ MetricName: 'StateTransitions', MetricNamespace: metricsNamespace(prefix), MetricValue: '1' }]);
      }
      const logGroups = ofType(s, 'AWS::Logs::LogGroup').map(([id, g]) => [id, g.Properties.LogGroupName]);
      expect(counting.map((f) => logGroups.find(([id]) => id === f.LogGroupName.Ref)?.[1]).sort()).toEqual(
        STATE_MACHINES.map((kind) => `/aws/vendedlogs/states/${prefix}-${kind}`).sort(),
      );
    }
  });

  it('names every function as the report reads it, at the memory it prices; the answer pages’ access log group is an output', () => {
    const functions = ofType(deployed, 'AWS::Lambda::Function').map(([, f]) => f.Properties);
    expect(functions.map((f) => f.FunctionName).sort()).toEqual(DEPLOYED_FUNCTIONS.map((file) => `mentoring-${file}`).sort());
    for (const f of functions) expect(f.MemorySize).toBe(FUNCTION_MEMORY_MB);
    const [destination] = ofType(deployed, 'AWS::ApiGateway::Stage').map(([, stage]) => JSON.stringify(stage.Properties.AccessLogSetting.DestinationArn));
    const output = outputs(deployed).AnswerPagesAccessLogGroup?.Value as { Ref: string };
    expect(destination).toContain(JSON.stringify(output));
  });

  it('holds the fixed monthly cost to what the stack deploys: the firewall and its rules, the key, the secret, alarms, the dashboard', () => {
    const count = (type: string) => ofType(deployed, type).length;
    const [[, webAcl]] = ofType(deployed, 'AWS::WAFv2::WebACL') as [[string, Resource]];
    expect({
      webAcls: count('AWS::WAFv2::WebACL'),
      webAclRules: webAcl.Properties.Rules.length,
      kmsKeys: count('AWS::KMS::Key'),
      secrets: count('AWS::SecretsManager::Secret'),
      alarms: count('AWS::CloudWatch::Alarm'),
      dashboards: count('AWS::CloudWatch::Dashboard'),
    }).toEqual(FIXED_RESOURCES);
  });
});

describe('DNS records for the sender', () => {
  it('are outputs: the three DKIM CNAMEs, the MAIL FROM MX and SPF, and a DMARC record that only reports', () => {
    const out = outputs(pilot);
    for (const n of [1, 2, 3]) expect(text(out[`DkimRecord${n}`]!.Value)).toMatch(/ CNAME /);
    expect(out.MailFromDomain!.Value).toBe('mail.pilot.example.org');
    expect(text(out.MailFromMxRecord!.Value)).toBe('mail.pilot.example.org MX 10 feedback-smtp.<region>.amazonses.com');
    expect(out.MailFromSpfRecord!.Value).toBe('mail.pilot.example.org TXT "v=spf1 include:amazonses.com ~all"');
    // No alarm address and none for reports: the record asks for none.
    expect(out.DmarcRecord!.Value).toBe('_dmarc.pilot.example.org TXT "v=DMARC1; p=none"');
    expect(outputs(deployed).DmarcRecord!.Value).toBe(`_dmarc.example.org TXT "v=DMARC1; p=none; rua=mailto:${TEST_ALARM_EMAIL}"`);
  });

  it('the identity the stack creates sends from the custom MAIL FROM domain; without one, no DKIM outputs', () => {
    const [[, identity]] = ofType(pilot, 'AWS::SES::EmailIdentity') as [[string, Resource]];
    expect(identity.Properties).toMatchObject({
      EmailIdentity: 'pilot.example.org',
      MailFromAttributes: { MailFromDomain: 'mail.pilot.example.org', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    expect(Object.keys(outputs(deployed)).filter((key) => key.startsWith('Dkim'))).toEqual([]);
    expect(outputs(deployed).MailFromSpfRecord!.Value).toBe('mail.example.org TXT "v=spf1 include:amazonses.com ~all"');
  });

  it('take a MAIL FROM domain and a DMARC report address of their own, and refuse a MAIL FROM outside the sender domain', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:alarmEmail', 'none');
    root.node.setContext('mentoring:mailFromDomain', 'bounce.example.org');
    root.node.setContext('mentoring:dmarcReportAddress', 'dmarc@example.org');
    expect(readSettings(root.node)).toMatchObject({ mailFromDomain: 'bounce.example.org', dmarcReportAddress: 'dmarc@example.org' });
    expect(refusalOf({ 'mentoring:alarmEmail': 'none', 'mentoring:mailFromDomain': 'mail.elsewhere.org' })).toMatch(
      /"mentoring:mailFromDomain" must be a subdomain of example.org/,
    );
  });
});

describe('several programs in one account', () => {
  it('the default prefix keeps the stack Mentoring; another prefix gets Mentoring-<prefix>, or the name it is given', () => {
    expect(deployed.stack.stackName).toBe('Mentoring');
    expect(pilot.stack.stackName).toBe('Mentoring-pilot');
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:alarmEmail', 'none');
    root.node.setContext('mentoring:stackName', 'PeerMentoring');
    expect(readSettings(root.node).stackName).toBe('PeerMentoring');
  });

  it('two prefixes give two stacks whose named resources never clash', () => {
    // Every property CloudFormation takes as a resource's physical name.
    const NAME =
      /^(TableName|FunctionName|StateMachineName|LogGroupName|AlarmName|TopicName|QueueName|Name|ManagedPolicyName|DashboardName|ApiName|ScheduleName)$/;
    const names = (s: Synthesized) =>
      Object.values(resourcesOf(s)).flatMap((r) =>
        Object.entries(r.Properties ?? {})
          .filter(([key, value]) => NAME.test(key) && typeof value === 'string')
          .map(([key, value]) => `${r.Type} ${key}=${value as string}`),
      );
    const first = names(deployed);
    const second = names(pilot);
    expect(first.length).toBeGreaterThan(50);
    expect(second.filter((name) => first.includes(name))).toEqual([]);
  });
});
