import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination as RestLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { MathExpression, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayDomain } from 'aws-cdk-lib/aws-route53-targets';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { EDGE_RESPONSES, PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { ANSWER_STAGE } from '#domain/operator/deployment';
import { LOG_RETENTION } from './program-functions.ts';
import { SettingsError, type AnswerEdgeSettings } from '../settings.ts';

/**
 * The stage's own cap, for every address together: what the program will pay for at most,
 * not what protects it; the firewall's limit per address does that. Far above what people and
 * mail scanners send (see DEFAULT_ANSWER_RATE_LIMIT), and six times what one address may send.
 */
export const ANSWER_STAGE_THROTTLE = { rateLimit: 100, burstLimit: 200 };

/** Where the answer pages are reached. */
export interface AnswerEntry {
  /** The REST API every new link points at, behind the firewall. */
  api: RestApi;
  /** The HTTP API of links sent before the REST API, until it is retired. */
  legacy?: HttpApi;
  /** Where answer links point, without a trailing slash: the own domain when there is one. */
  baseUrl: string;
}

/**
 * The APIs behind the answer links, made first, because the letters' links point at them. The
 * HTTP API keeps its logical ids and its route, so links already sent keep working after the
 * deploy that adds the REST API.
 */
export const createAnswerApi = (scope: Construct, prefix: string, edge: AnswerEdgeSettings): AnswerEntry => {
  const stack = Stack.of(scope);
  const legacy = edge.retireLegacyApi
    ? undefined
    : new HttpApi(scope, 'ResponseApi', {
        apiName: `${prefix}-responses`,
        description: 'Public answer pages behind the links in check-in e-mails',
        createDefaultStage: false,
      });
  const accessLogs = new LogGroup(scope, 'AnswerPagesAccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
  // The program report reads how many bytes it receives (its name is CloudFormation's to choose).
  new CfnOutput(Stack.of(scope), 'AnswerPagesAccessLogGroup', { description: "The answer pages' access log group", value: accessLogs.logGroupName });
  const api = new RestApi(scope, 'AnswerPagesApi', {
    restApiName: `${prefix}-answer-pages`,
    description: 'Public answer pages behind the links in e-mails, behind a firewall',
    endpointConfiguration: { types: [EndpointType.REGIONAL] },
    // Its own address stays on with a domain: links sent before the domain point at it.
    disableExecuteApiEndpoint: false,
    // An account-wide role is not this program's to create (cdk.json sets the same).
    cloudWatchRole: false,
    deployOptions: {
      stageName: ANSWER_STAGE,
      throttlingRateLimit: ANSWER_STAGE_THROTTLE.rateLimit,
      throttlingBurstLimit: ANSWER_STAGE_THROTTLE.burstLimit,
      metricsEnabled: true,
      tracingEnabled: true,
      // Execution logs would write the path, which holds the link id: access logs only.
      loggingLevel: MethodLoggingLevel.OFF,
      accessLogDestination: new RestLogDestination(accessLogs),
      // The resource path, never the path: the path holds the link id, which is a bearer secret.
      accessLogFormat: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          httpMethod: '$context.httpMethod',
          resourcePath: '$context.resourcePath',
          status: '$context.status',
          responseType: '$context.error.responseType',
          responseLength: '$context.responseLength',
          latency: '$context.responseLatency',
          integrationStatus: '$context.integration.status',
          integrationError: '$context.integration.error',
          firewall: '$context.wafResponseCode',
        }),
      ),
    },
  });
  const domain = edge.domain && ownDomain(scope, api, edge.domain);
  return {
    api,
    ...(legacy ? { legacy } : {}),
    baseUrl: domain ?? `https://${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${ANSWER_STAGE}`,
  };
};

/** The answer links on the organisation's own name: its base URL, and an alias record or the target its DNS must point at. */
const ownDomain = (scope: Construct, api: RestApi, domain: NonNullable<AnswerEdgeSettings['domain']>): string => {
  const region = Stack.of(scope).region;
  const certificateRegion = domain.certificateArn.split(':')[3];
  // API Gateway takes a regional domain's certificate from its own region only.
  if (!Token.isUnresolved(region) && certificateRegion !== region)
    throw new SettingsError(`Context "mentoring:answerCertificateArn" must be a certificate in ${region}, the stack's region; it is in ${certificateRegion}`);
  const name = api.addDomainName('AnswerDomain', {
    domainName: domain.name,
    certificate: Certificate.fromCertificateArn(scope, 'AnswerCertificate', domain.certificateArn),
    endpointType: EndpointType.REGIONAL,
    securityPolicy: SecurityPolicy.TLS_1_2,
  });
  if (domain.zone) {
    new ARecord(scope, 'AnswerDomainRecord', {
      zone: HostedZone.fromHostedZoneAttributes(scope, 'AnswerZone', { hostedZoneId: domain.zone.id, zoneName: domain.zone.name }),
      recordName: domain.name,
      target: RecordTarget.fromAlias(new ApiGatewayDomain(name)),
    });
  } else {
    new CfnOutput(Stack.of(scope), 'AnswerDomainTarget', {
      description: `Point ${domain.name} at this name (a CNAME, or an alias to the zone AnswerDomainZone)`,
      value: name.domainNameAliasDomainName,
    });
    new CfnOutput(Stack.of(scope), 'AnswerDomainZone', {
      description: 'The hosted zone of AnswerDomainTarget, for an alias record',
      value: name.domainNameAliasHostedZoneId,
    });
  }
  return `https://${domain.name}`;
};

/** A header API Gateway sets itself takes a quoted static value. */
const quoted = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `'${value}'`]));

/**
 * What API Gateway answers without the function, with the pages' headers and a short text.
 * DEFAULT_4XX and DEFAULT_5XX cover the rest, keeping their status.
 */
const GATEWAY_RESPONSES: [ResponseType, { status?: number; body: string }][] = [
  // An unknown path or method: API Gateway's 403 "Missing Authentication Token" would puzzle a reader.
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, EDGE_RESPONSES.notFound],
  [ResponseType.RESOURCE_NOT_FOUND, EDGE_RESPONSES.notFound],
  [ResponseType.REQUEST_TOO_LARGE, EDGE_RESPONSES.tooLarge],
  [ResponseType.THROTTLED, EDGE_RESPONSES.tooManyRequests],
  [ResponseType.WAF_FILTERED, EDGE_RESPONSES.refused],
  [ResponseType.DEFAULT_4XX, EDGE_RESPONSES.otherRefusal],
  [ResponseType.INTEGRATION_FAILURE, EDGE_RESPONSES.unavailable],
  [ResponseType.INTEGRATION_TIMEOUT, { status: 504, body: EDGE_RESPONSES.unavailable.body }],
  [ResponseType.DEFAULT_5XX, { body: EDGE_RESPONSES.unavailable.body }],
];

/**
 * AWS's rules for requests known to be attacks (Log4j, Java deserialisation, exploitable
 * paths, ...), counted, and the labels they give what they find: one rule of ours blocks those,
 * so every refusal, from a rule AWS adds later too, carries the pages' headers.
 */
const KNOWN_BAD_INPUTS = { name: 'AWSManagedRulesKnownBadInputsRuleSet', labels: 'awswaf:managed:aws:known-bad-inputs:' };

/**
 * The firewall in front of the REST API. One address may make `rateLimit` requests in five
 * minutes; then it gets 429 until it slows down, and everyone else is still served. The
 * default leaves mail scanners room: every participant of a cohort gets a check-in at about
 * the same time, with up to six links, and a scanner (Safe Links, Mimecast, Proofpoint) opens
 * each from a few of its addresses, some with a HEAD and then a GET. A cohort of 500 makes
 * 500 × 6 × 2 = 6,000 requests, as SES delivers the letters over a minute or so: about 2,000
 * from each of three addresses in five minutes. 5,000 leaves room for a cohort of 1,000 at one
 * provider; a person needs a handful. One address at the limit sends 17 a second, a sixth of
 * the stage's cap, so one flood cannot take the pages from everyone.
 */
const createFirewall = (scope: Construct, prefix: string, api: RestApi, rateLimit: number): CfnWebACL => {
  const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${prefix}-${metricName}` });
  const headers = Object.entries(PAGE_SECURITY_HEADERS).map(([name, value]) => ({ name, value }));
  const block = (responseCode: number, customResponseBodyKey: string) => ({
    block: { customResponse: { responseCode, customResponseBodyKey, responseHeaders: headers } },
  });
  const firewall = new CfnWebACL(scope, 'AnswerPagesFirewall', {
    name: `${prefix}-answer-pages`,
    description: 'Limits each address, and refuses known attacks, before the answer pages',
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('answer-pages'),
    customResponseBodies: {
      'too-many-requests': { contentType: 'TEXT_PLAIN', content: EDGE_RESPONSES.tooManyRequests.body },
      refused: { contentType: 'TEXT_PLAIN', content: EDGE_RESPONSES.refused.body },
    },
    rules: [
      {
        name: 'requests-per-address',
        priority: 0,
        action: block(EDGE_RESPONSES.tooManyRequests.status, 'too-many-requests'),
        statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('requests-per-address'),
      },
      {
        // Counted, so that the next rule blocks what it finds with the pages' headers.
        name: 'known-bad-inputs',
        priority: 1,
        overrideAction: { count: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: KNOWN_BAD_INPUTS.name } },
        visibilityConfig: visibility('known-bad-inputs'),
      },
      {
        name: 'refuse-known-bad-inputs',
        priority: 2,
        action: block(EDGE_RESPONSES.refused.status, 'refused'),
        statement: { labelMatchStatement: { scope: 'NAMESPACE', key: KNOWN_BAD_INPUTS.labels } },
        visibilityConfig: visibility('refuse-known-bad-inputs'),
      },
    ],
  });
  // The stage's ARN refers to the stage, so the association waits for it.
  new CfnWebACLAssociation(scope, 'AnswerPagesFirewallAssociation', { resourceArn: api.deploymentStage.stageArn, webAclArn: firewall.attrArn });
  return firewall;
};

/**
 * The answer pages' one resource, `/r/{linkId}`, on the REST API (behind the firewall) and, while
 * it lives, the legacy HTTP API; both invoke the same function. Returns their 5xx responses in
 * one metric: Respond turns its own failures into a 503 page, so Lambda's Errors misses them.
 */
export const serveAnswerPages = (scope: Construct, prefix: string, entry: AnswerEntry, respond: NodejsFunction, rateLimit: number): IMetric => {
  const { api, legacy } = entry;
  // Every method reaches the page, which answers anything but GET, HEAD and POST with 405.
  api.root
    .addResource('r')
    .addResource('{linkId}')
    .addMethod('ANY', new LambdaIntegration(respond, { proxy: true, allowTestInvoke: false }), {
      authorizationType: AuthorizationType.NONE,
      requestParameters: { 'method.request.path.linkId': true },
      requestValidatorOptions: { requestValidatorName: `${prefix}-answer-link`, validateRequestParameters: true },
    });
  const security = quoted(PAGE_SECURITY_HEADERS);
  for (const [type, { status, body }] of GATEWAY_RESPONSES) {
    api.addGatewayResponse(`Edge${type.responseType}`, {
      type,
      ...(status ? { statusCode: String(status) } : {}),
      responseHeaders: { ...security, 'content-type': `'${EDGE_RESPONSES.contentType}'` },
      // API Gateway picks a template by the request's Accept header, and falls back to this one.
      templates: { 'application/json': body },
    });
  }
  createFirewall(scope, prefix, api, rateLimit);

  const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
  const errors = api.metricServerError(fiveMinutes);
  if (!legacy) return errors;
  serveLegacyPages(scope, legacy, respond);
  return new MathExpression({
    expression: 'rest + legacy',
    usingMetrics: { rest: errors, legacy: legacy.metricServerError(fiveMinutes) },
    period: Duration.minutes(5),
    label: 'Answer pages 5xx',
  });
};

/** The HTTP API's stage and route, as they were: links sent before the REST API point at them. */
const serveLegacyPages = (scope: Construct, api: HttpApi, respond: NodejsFunction): void => {
  new HttpStage(scope, 'ResponseApiStage', {
    httpApi: api,
    autoDeploy: true,
    // Generous for people clicking links, tight enough to cap the cost of abuse.
    throttle: { burstLimit: 50, rateLimit: 20 },
    accessLogSettings: {
      destination: new LogGroupLogDestination(new LogGroup(scope, 'ResponseApiAccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY })),
      // The route key, never the path: the path holds the link id, which is a bearer secret.
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          latency: '$context.responseLatency',
          integrationStatus: '$context.integrationStatus',
          integrationError: '$context.integrationErrorMessage',
        }),
      ),
    },
  });
  api.addRoutes({
    path: '/r/{linkId}',
    methods: [HttpMethod.ANY],
    integration: new HttpLambdaIntegration('Respond', respond),
  });
};
