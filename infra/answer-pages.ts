import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from './program-functions.ts';

/** The public API behind the answer links; made first, because the letters' links point at it. */
export const createAnswerApi = (scope: Construct, prefix: string): HttpApi => {
  return new HttpApi(scope, 'ResponseApi', {
    apiName: `${prefix}-responses`,
    description: 'Public answer pages behind the links in check-in e-mails',
    createDefaultStage: false,
  });
};

/** The API's stage, throttled and access-logged, and its one route to the answer pages' function. */
export const serveAnswerPages = (scope: Construct, api: HttpApi, respond: NodejsFunction): void => {
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
    // Every method reaches the page, which answers anything but GET, HEAD and POST with 405.
    methods: [HttpMethod.ANY],
    integration: new HttpLambdaIntegration('Respond', respond),
  });
};
