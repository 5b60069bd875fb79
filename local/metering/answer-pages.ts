import { randomUUID } from 'node:crypto';
import { ANSWER_STAGE, DEFAULT_PREFIX } from '#domain/operator/deployment';
import { meter } from './meter.ts';

/** The log group the local answer pages' access log would go to (on AWS the stack names its own, in an output). */
export const LOCAL_ACCESS_LOG_GROUP = `/aws/apigateway/${DEFAULT_PREFIX}-answer-pages`;

/**
 * One request to the answer pages as the REST API counts it (`Count`) and logs it: a line of
 * the stack's access log format, the resource path and never the link.
 */
export const meterAnswerPageRequest = (method: string, status: number, length: number, latencyMs: number): void => {
  const line = JSON.stringify({
    requestId: randomUUID(),
    requestTime: '11/Jan/2027:10:00:00 +0000',
    httpMethod: method,
    resourcePath: '/r/{linkId}',
    status: String(status),
    responseType: '-',
    responseLength: String(length),
    latency: String(Math.round(latencyMs)),
    integrationStatus: String(status),
    integrationError: '-',
    firewall: 'WAF_ALLOW',
  });
  meter()?.add({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: `${DEFAULT_PREFIX}-answer-pages`, Stage: ANSWER_STAGE } }, 1);
  meter()?.add({ namespace: 'AWS/Logs', metricName: 'IncomingBytes', dimensions: { LogGroupName: LOCAL_ACCESS_LOG_GROUP } }, Buffer.byteLength(line) + 1);
};
