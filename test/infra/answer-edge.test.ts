import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Construct } from 'constructs';
import { EDGE_RESPONSES, PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { readAnswerEdge } from '#infra/settings';
import { synthesize, type Synthesized } from './synth.ts';

/**
 * The edge of the answer pages: a firewall that limits each address, API Gateway's own
 * responses with the pages' private headers, the organisation's own domain when it has one,
 * and the HTTP API of links already sent until it is retired.
 */
type Resource = { Type: string; Properties: Record<string, any> };

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const DOMAIN = { 'mentoring:answerDomain': 'answers.example.org', 'mentoring:answerCertificateArn': CERTIFICATE };

let byDefault: Synthesized;
let ownDomain: Synthesized;
let domainOnly: Synthesized;

beforeAll(() => {
  // CloudFormation's rules are checked on the stack as deployed in stack.test.ts; these check what changes.
  byDefault = synthesize({}, { cloudFormationValidation: false });
  ownDomain = synthesize(
    { ...DOMAIN, 'mentoring:hostedZoneId': 'Z0123456789ABCDEFGHIJ', 'mentoring:hostedZoneName': 'example.org', 'mentoring:retireLegacyAnswerApi': 'true' },
    { cloudFormationValidation: false },
  );
  domainOnly = synthesize(DOMAIN, { cloudFormationValidation: false });
});
afterAll(() => [ownDomain, domainOnly].forEach((s) => s?.dispose()));

const resources = (synthesized: Synthesized, type: string): [string, Resource][] =>
  Object.entries(synthesized.template.findResources(type)) as [string, Resource][];
const one = (synthesized: Synthesized, type: string): [string, Resource] => {
  const found = resources(synthesized, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const outputs = (synthesized: Synthesized) => synthesized.template.toJSON().Outputs as Record<string, { Value: unknown }>;
const baseUrlOfLetters = (synthesized: Synthesized) =>
  resources(synthesized, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === 'mentoring-ask-participants')![1].Properties.Environment
    .Variables.RESPONSE_BASE_URL;
const restApiId = (synthesized: Synthesized) => one(synthesized, 'AWS::ApiGateway::RestApi')[0];

const SECURITY_HEADERS = Object.entries(PAGE_SECURITY_HEADERS).map(([Name, Value]) => ({ Name, Value }));

describe('the firewall', () => {
  it('limits each address to 5,000 requests in five minutes, then answers 429 with the pages’ headers and a short text', () => {
    const [, acl] = one(byDefault, 'AWS::WAFv2::WebACL');
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const rule = (acl.Properties.Rules as any[]).find((r) => r.Name === 'requests-per-address');
    expect(rule.Statement).toEqual({ RateBasedStatement: { Limit: 5000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } });
    expect(rule.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'too-many-requests', ResponseHeaders: SECURITY_HEADERS } },
    });
    expect(acl.Properties.CustomResponseBodies['too-many-requests']).toEqual({ ContentType: 'TEXT_PLAIN', Content: EDGE_RESPONSES.tooManyRequests.body });
  });

  it('refuses what AWS’s known-bad-inputs rules find, with the pages’ headers too', () => {
    const [, acl] = one(byDefault, 'AWS::WAFv2::WebACL');
    const [limit, managed, refuse] = [...(acl.Properties.Rules as any[])].sort((a, b) => a.Priority - b.Priority);
    expect(limit.Name).toBe('requests-per-address');
    expect(managed).toMatchObject({
      OverrideAction: { Count: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
    });
    expect(refuse).toMatchObject({
      Statement: { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:known-bad-inputs:' } },
      Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'refused', ResponseHeaders: SECURITY_HEADERS } } },
    });
  });

  it('keeps metrics and sampled requests for the web ACL and every rule', () => {
    const [, acl] = one(byDefault, 'AWS::WAFv2::WebACL');
    for (const config of [acl.Properties.VisibilityConfig, ...(acl.Properties.Rules as any[]).map((r) => r.VisibilityConfig)])
      expect(config).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
  });

  it('guards the REST API’s stage', () => {
    const [aclId] = one(byDefault, 'AWS::WAFv2::WebACL');
    const [stageId] = one(byDefault, 'AWS::ApiGateway::Stage');
    const [, association] = one(byDefault, 'AWS::WAFv2::WebACLAssociation');
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    const arn = JSON.stringify(association.Properties.ResourceArn);
    expect(arn).toContain(`{"Ref":"${restApiId(byDefault)}"}`);
    // The stage by reference: the association waits for it.
    expect(arn).toContain(`{"Ref":"${stageId}"}`);
  });

  it('takes its limit from the context', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    root.node.setContext('mentoring:answerRateLimit', '20000');
    expect(readAnswerEdge(root.node).rateLimit).toBe(20_000);
  });
});

describe('API Gateway’s own responses', () => {
  it.each([
    ['DEFAULT_4XX', undefined, EDGE_RESPONSES.otherRefusal.body],
    ['DEFAULT_5XX', undefined, EDGE_RESPONSES.unavailable.body],
    ['THROTTLED', '429', EDGE_RESPONSES.tooManyRequests.body],
    ['MISSING_AUTHENTICATION_TOKEN', '404', EDGE_RESPONSES.notFound.body],
    ['RESOURCE_NOT_FOUND', '404', EDGE_RESPONSES.notFound.body],
    ['REQUEST_TOO_LARGE', '413', EDGE_RESPONSES.tooLarge.body],
    ['WAF_FILTERED', '403', EDGE_RESPONSES.refused.body],
    ['INTEGRATION_FAILURE', '502', EDGE_RESPONSES.unavailable.body],
    ['INTEGRATION_TIMEOUT', '504', EDGE_RESPONSES.unavailable.body],
  ])('%s carries every header of the pages and a short text', (type, status, body) => {
    const found = resources(byDefault, 'AWS::ApiGateway::GatewayResponse').filter(([, r]) => r.Properties.ResponseType === type);
    expect(found).toHaveLength(1);
    const response = found[0]![1].Properties;
    expect(response.StatusCode).toBe(status);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
      expect(response.ResponseParameters[`gatewayresponse.header.${name}`], name).toBe(`'${value}'`);
    expect(response.ResponseParameters['gatewayresponse.header.content-type']).toBe(`'${EDGE_RESPONSES.contentType}'`);
    expect(response.ResponseTemplates).toEqual({ 'application/json': body });
  });
});

describe('the answer links’ address', () => {
  it('is the REST API’s own by default, output as ResponseBaseUrl', () => {
    expect(outputs(byDefault).ResponseBaseUrl!.Value).toEqual(baseUrlOfLetters(byDefault));
    expect(JSON.stringify(baseUrlOfLetters(byDefault))).toContain(restApiId(byDefault));
    byDefault.template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  it('is the organisation’s own domain when given, on its certificate, with the alias record in its zone', () => {
    expect(outputs(ownDomain).ResponseBaseUrl!.Value).toBe('https://answers.example.org');
    expect(baseUrlOfLetters(ownDomain)).toBe('https://answers.example.org');
    const [domainId, domain] = one(ownDomain, 'AWS::ApiGateway::DomainName');
    expect(domain.Properties).toMatchObject({
      DomainName: 'answers.example.org',
      RegionalCertificateArn: CERTIFICATE,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    const [, mapping] = one(ownDomain, 'AWS::ApiGateway::BasePathMapping');
    expect(mapping.Properties).toMatchObject({ DomainName: { Ref: domainId }, RestApiId: { Ref: restApiId(ownDomain) } });
    expect(mapping.Properties.BasePath ?? '').toBe('');
    const [, record] = one(ownDomain, 'AWS::Route53::RecordSet');
    expect(record.Properties).toMatchObject({
      Name: 'answers.example.org.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } },
    });
  });

  it('keeps the REST API’s own address working with a domain: links sent before it point there', () => {
    const [, api] = one(ownDomain, 'AWS::ApiGateway::RestApi');
    expect(api.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
  });

  it('without a zone, names the target the organisation’s DNS must point at', () => {
    const [domainId] = one(domainOnly, 'AWS::ApiGateway::DomainName');
    domainOnly.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(outputs(domainOnly).AnswerDomainTarget!.Value).toEqual({ 'Fn::GetAtt': [domainId, 'RegionalDomainName'] });
    expect(outputs(domainOnly).AnswerDomainZone!.Value).toEqual({ 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] });
    expect(outputs(domainOnly).ResponseBaseUrl!.Value).toBe('https://answers.example.org');
  });
});

describe('the HTTP API of links already sent', () => {
  it('is kept by default, every logical id as it was deployed before the REST API, so nothing is replaced', () => {
    const deployed = byDefault.template.toJSON().Resources as Record<string, Resource>;
    expect(
      Object.fromEntries(['Api', 'Route', 'Integration', 'Stage'].map((kind) => [kind, resources(byDefault, `AWS::ApiGatewayV2::${kind}`).map(([id]) => id)])),
    ).toEqual({
      Api: ['ProgramResponseApi9834A286'],
      Route: ['ProgramResponseApiANYrlinkId6864B415'],
      Integration: ['ProgramResponseApiANYrlinkIdRespond263BABA3'],
      Stage: ['ProgramResponseApiStage02F36046'],
    });
    expect(deployed.ProgramResponseApiAccessLogsB43572ED?.Type).toBe('AWS::Logs::LogGroup');
    expect(deployed.ProgramResponseApiANYrlinkIdRespondPermission6070AC3D?.Type).toBe('AWS::Lambda::Permission');
    expect(deployed.ProgramResponseApi9834A286!.Properties.Name).toBe('mentoring-responses');
  });

  it('is gone with mentoring:retireLegacyAnswerApi, and the alarm watches the REST API alone', () => {
    for (const type of ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration'])
      ownDomain.template.resourceCountIs(type, 0);
    ownDomain.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    ownDomain.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'mentoring-answer-pages-5xx', MetricName: '5XXError' });
  });
});

describe('settings', () => {
  const read = (context: Record<string, unknown>) => {
    const root = new Construct(undefined as unknown as Construct, '');
    for (const [key, value] of Object.entries(context)) root.node.setContext(key, value);
    return () => readAnswerEdge(root.node);
  };

  it.each([
    ['mentoring:answerRateLimit', { 'mentoring:answerRateLimit': 'lots' }],
    ['mentoring:answerRateLimit', { 'mentoring:answerRateLimit': 5 }],
    ['mentoring:answerDomain', { ...DOMAIN, 'mentoring:answerDomain': 'https://answers.example.org/' }],
    ['mentoring:answerCertificateArn', { 'mentoring:answerDomain': 'answers.example.org' }],
    ['mentoring:answerCertificateArn', { ...DOMAIN, 'mentoring:answerCertificateArn': 'arn:aws:iam::123456789012:server-certificate/x' }],
    ['mentoring:answerCertificateArn', { 'mentoring:answerCertificateArn': CERTIFICATE }],
    ['mentoring:hostedZoneName', { ...DOMAIN, 'mentoring:hostedZoneId': 'Z0123456789ABCDEFGHIJ' }],
    ['mentoring:hostedZoneId', { ...DOMAIN, 'mentoring:hostedZoneId': 'example.org', 'mentoring:hostedZoneName': 'example.org' }],
    ['mentoring:hostedZoneName', { ...DOMAIN, 'mentoring:hostedZoneId': 'Z0123456789ABCDEFGHIJ', 'mentoring:hostedZoneName': 'example.com' }],
    ['mentoring:retireLegacyAnswerApi', { 'mentoring:retireLegacyAnswerApi': 'soon' }],
  ])('a mistake in %s is refused on one line naming it', (key, context) => {
    expect(read(context)).toThrow(new RegExp(`^Context "${key}"[^\\n]*$`));
  });

  it('a certificate from another region than the stack’s is refused, naming both', () => {
    expect(() =>
      synthesize(
        { ...DOMAIN, 'mentoring:answerCertificateArn': CERTIFICATE.replace('eu-west-1', 'us-east-1') },
        { cloudFormationValidation: false, env: { account: '123456789012', region: 'eu-west-1' } },
      ),
    ).toThrow(/"mentoring:answerCertificateArn" must be a certificate in eu-west-1, the stack's region; it is in us-east-1/);
  });
});
