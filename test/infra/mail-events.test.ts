import { beforeAll, describe, expect, it } from 'vitest';
import { sesEvent } from '#local/mail-events';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };

let resources: Record<string, Resource>;

beforeAll(() => {
  // CloudFormation's rules are checked in stack.test.ts.
  resources = synthesize({}, { cloudFormationValidation: false }).template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string, where: (r: Resource) => boolean = () => true): [string, Resource] => {
  const found = ofType(type).filter(([, r]) => where(r));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const recordMailEvent = () => only('AWS::Lambda::Function', (f) => f.Properties.FunctionName === 'mentoring-record-mail-event');
const deadLetters = () => only('AWS::SQS::Queue', (q) => q.Properties.QueueName === 'mentoring-mail-events-failed');
const rule = () => only('AWS::Events::Rule', (r) => r.Properties.Name === 'mentoring-mail-events');

/** EventBridge's matching, for what this rule uses: lists of exact values, nested fields and `$or`. */
const matches = (pattern: Record<string, unknown>, event: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([key, wanted]) => {
    if (key === '$or') return (wanted as Record<string, unknown>[]).some((branch) => matches(branch, event));
    const value = event[key];
    if (Array.isArray(wanted)) return [value].flat().some((v) => wanted.includes(v));
    return typeof value === 'object' && value !== null && matches(wanted as Record<string, unknown>, value as Record<string, unknown>);
  });

const simulated = (type: 'bounce' | 'complaint', bounceType?: 'Permanent' | 'Transient') =>
  sesEvent(
    { type, address: 'marco.bianchi@example.org', ...(bounceType ? { bounceType } : {}) },
    { messageId: 'm-1', relationshipId: 'rel-1a2b3c4d5e6f', kind: 'check-in', sentAt: '2027-03-01T10:00:00.000Z' },
    new Date('2027-03-01T10:00:05.000Z'),
  );

describe('bounces and complaints on AWS', () => {
  it('the configuration set publishes bounces and complaints, and nothing else, to the default event bus', () => {
    const [, destination] = only('AWS::SES::ConfigurationSetEventDestination', (d) => Boolean(d.Properties.EventDestination.EventBridgeDestination));
    expect(destination.Properties.EventDestination).toMatchObject({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] });
    expect(JSON.stringify(destination.Properties.EventDestination.EventBridgeDestination.EventBusArn)).toMatch(/:event-bus\/default"/);
    // The program's own bus carries only what it publishes itself (test/infra/events.test.ts).
    expect(Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::Events::EventBus')).toEqual(['EventBus']);
    expect(JSON.stringify(destination.Properties.EventDestination)).not.toContain('"EventBus"');
  });

  it("a rule on the default bus takes this configuration set's permanent bounces and complaints", () => {
    const [, { Properties }] = rule();
    expect(Properties.EventBusName).toBeUndefined();
    expect(Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: {
        mail: { tags: { 'ses:configuration-set': ['mentoring'] } },
        $or: [{ eventType: ['Complaint'] }, { bounce: { bounceType: ['Permanent'] } }],
      },
    });
  });

  it('the events the local runtime simulates are the ones the rule takes: a permanent bounce and a complaint, not a passing bounce', () => {
    const pattern = rule()[1].Properties.EventPattern as Record<string, unknown>;
    expect(matches(pattern, simulated('bounce'))).toBe(true);
    expect(matches(pattern, simulated('complaint'))).toBe(true);
    expect(matches(pattern, simulated('bounce', 'Transient'))).toBe(false);
    const elsewhere = simulated('bounce');
    expect(
      matches(pattern, { ...elsewhere, detail: { ...elsewhere.detail, mail: { ...elsewhere.detail.mail, tags: { 'ses:configuration-set': ['other'] } } } }),
    ).toBe(false);
    expect(matches(pattern, { ...simulated('complaint'), 'detail-type': 'Email Delivered' })).toBe(false);
  });

  it('targets record-mail-event, retried for a day, then kept in a dead-letter queue; EventBridge alone may invoke it for this rule', () => {
    const [ruleId, { Properties }] = rule();
    const [functionId] = recordMailEvent();
    const [queueId] = deadLetters();
    expect(Properties.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: arnOf(functionId),
        DeadLetterConfig: { Arn: arnOf(queueId) },
        RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86_400 },
      },
    ]);
    const [, permission] = only('AWS::Lambda::Permission', (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(arnOf(functionId)));
    expect(permission.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: arnOf(ruleId) });
  });

  it("the function's own failures are retried twice by Lambda, then kept in the same queue", () => {
    const [functionId] = recordMailEvent();
    const [queueId] = deadLetters();
    const [, config] = only('AWS::Lambda::EventInvokeConfig', (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: functionId }));
    expect(config.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21_600,
      Qualifier: '$LATEST',
      DestinationConfig: { OnFailure: { Destination: arnOf(queueId) } },
    });
  });

  it('the dead-letter queue is encrypted, reached over TLS only, kept 14 days, written only by this rule, and its first message raises an alarm', () => {
    const [queueId, queue] = deadLetters();
    expect(queue.Properties).toEqual({ QueueName: 'mentoring-mail-events-failed', SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const [, policy] = only('AWS::SQS::QueuePolicy', (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]));
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': arnOf(rule()[0]) } },
      }),
    ]);
    const topic = ofType('AWS::SNS::Topic')[0]![0];
    const [, alarm] = only('AWS::CloudWatch::Alarm', (a) => a.Properties.AlarmName === 'mentoring-mail-events-failed');
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topic }],
    });
    const errors = ofType('AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === 'mentoring-record-mail-event-errors');
    expect(errors?.[1].Properties).toMatchObject({ MetricName: 'Errors', AlarmActions: [{ Ref: topic }] });
  });

  it('the function runs Node.js 22 on arm64 with tracing and its own log group, and reads the tables, the sender, the erasure key and the bus it publishes on, no workflow', () => {
    const [, fn] = recordMailEvent();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Timeout: 30 });
    // The secrets extension's own settings aside: it reads the erasure key for the function.
    const extension = /^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER_STORE)_/;
    expect(
      Object.keys(fn.Properties.Environment.Variables)
        .filter((name) => !extension.test(name))
        .sort(),
    ).toEqual(['ERASURE_KEY_SECRET_ARN', 'EVENT_BUS_NAME', 'MAIL_FROM', 'MENTORING_TABLE', 'NODE_OPTIONS', 'RESPONSES_TABLE', 'SES_CONFIGURATION_SET']);
    // What its role may do is in grants.test.ts, with every other function's.
  });
});
