import { request as httpRequest, type Agent } from 'node:http';
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/core/protocols';
import { bodyOf, targetOf } from '../services/loopback.ts';
import { meter } from './meter.ts';

/**
 * DynamoDB's share of what a local run uses: the request units each request consumed, as
 * DynamoDB Local reports them when asked (`ReturnConsumedCapacity`), counted per table as
 * CloudWatch counts on-demand capacity. The answers reach the product unchanged but for the
 * consumed capacity they now carry, which it does not read.
 */

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

type Consumed = { TableName?: string; CapacityUnits?: number };

const addUnits = (kind: 'read' | 'write', consumed: Consumed[]) => {
  for (const { TableName, CapacityUnits } of consumed)
    if (TableName && CapacityUnits)
      meter()?.add(
        { namespace: 'AWS/DynamoDB', metricName: kind === 'read' ? 'ConsumedReadCapacityUnits' : 'ConsumedWriteCapacityUnits', dimensions: { TableName } },
        CapacityUnits,
      );
};

const send = (request: HttpRequest, body: Buffer, agent: Agent) =>
  new Promise<{ status: number; headers: Record<string, string>; data: Buffer }>((resolve, reject) => {
    const query = new URLSearchParams(request.query as Record<string, string>).toString();
    const outgoing = httpRequest(
      {
        hostname: request.hostname,
        port: request.port,
        method: request.method,
        path: `${request.path}${query ? `?${query}` : ''}`,
        headers: { ...request.headers, 'content-length': String(body.length) },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () =>
          resolve({
            status: response.statusCode ?? 500,
            headers: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')])),
            data: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });

/** DynamoDB Local reached over `agent`, each request's consumed capacity counted. */
export const meteredDynamoDb = (agent: Agent): HttpHandler => ({
  handle: async (request) => {
    const operation = targetOf(request).split('.')[1] ?? '';
    const kind = READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : undefined;
    let body = bodyOf(request);
    let asked: { TableName?: string } = {};
    if (kind) {
      asked = JSON.parse(body.toString('utf8')) as { TableName?: string };
      body = Buffer.from(JSON.stringify({ ...asked, ReturnConsumedCapacity: 'TOTAL' }));
    }
    const { status, headers, data } = await send(request, body, agent);
    if (kind && status < 300) {
      const { ConsumedCapacity } = JSON.parse(data.toString('utf8')) as { ConsumedCapacity?: Consumed | Consumed[] };
      addUnits(kind, [ConsumedCapacity ?? []].flat());
    }
    // A write its condition refused still costs a write unit on AWS; DynamoDB Local's refusal says nothing of it.
    // A throttled request (a fault a test injects) costs nothing.
    else if (kind === 'write' && asked.TableName && /ConditionalCheckFailed/.test(headers['x-amzn-errortype'] ?? data.toString('utf8')))
      addUnits('write', [{ TableName: asked.TableName, CapacityUnits: 1 }]);
    return { response: new HttpResponse({ statusCode: status, headers, body: data }) };
  },
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
});
