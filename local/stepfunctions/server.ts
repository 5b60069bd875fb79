import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { HttpResponse, type HttpHandler } from '@smithy/core/protocols';
import { bodyOf, inProcessHandler, targetOf } from '../services/loopback.ts';
import type { AddressInfo } from 'node:net';
import { SfnServiceError } from './errors.ts';

// @aws-sdk/client-sfn 3.x speaks awsJson1_0: POST /, X-Amz-Target: AWSStepFunctions.<Op>,
// Content-Type application/x-amz-json-1.0; errors are read from __type / x-amzn-errortype.
const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type Dispatch = (operation: string, body: Record<string, unknown>) => Promise<unknown>;

export interface ProtocolServer {
  endpoint: string;
  /** For clients in this process: the same service without a socket. */
  requestHandler: HttpHandler;
  close(): Promise<void>;
}

/** The JSON protocol carries timestamps as epoch seconds. */
function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SfnServiceError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): Record<string, unknown> {
  const text = raw.trim();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SfnServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new SfnServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function reply(status: number, body: unknown, errorType?: string): Reply {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  return { status, headers, body: toWireJson(body) };
}

/** The answer to one request, whether it came over HTTP or from a client in this process. */
async function answer(method: string | undefined, target: string, body: () => Promise<string>, dispatch: Dispatch, prefix: string): Promise<Reply> {
  try {
    if (method !== 'POST' || !target.startsWith(prefix)) {
      throw new SfnServiceError('UnknownOperationException', `Unknown operation: ${target || method}`);
    }
    return reply(200, (await dispatch(target.slice(prefix.length), parseBody(await body()))) ?? {});
  } catch (error) {
    if (error instanceof SfnServiceError) return reply(400, { __type: error.name, message: error.message }, error.name);
    const message = error instanceof Error ? error.message : String(error);
    return reply(500, { __type: 'InternalFailure', message }, 'InternalFailure');
  }
}

/**
 * What a client in this process sends requests through instead of a socket: the same answers,
 * without an HTTP round trip on each side (the daily checks alone list executions seven times
 * a program day).
 */
const answerInProcess = (dispatch: Dispatch, begin: () => () => void, prefix: string) =>
  inProcessHandler(async (request) => {
    const end = begin();
    try {
      const { status, headers, body } = await answer(request.method, targetOf(request), async () => bodyOf(request).toString('utf8'), dispatch, prefix);
      return new HttpResponse({ statusCode: status, headers, body: Buffer.from(body) });
    } finally {
      end();
    }
  });

export async function startProtocolServer(
  port: number,
  dispatch: Dispatch,
  /** Marks a request in flight; program time stands still until it is answered. */
  begin: () => () => void,
  /** The operations' target prefix: Step Functions', or another JSON-protocol service's (the local CloudWatch). */
  prefix = TARGET_PREFIX,
): Promise<ProtocolServer> {
  const server = createServer((req, res) => {
    res.on('close', begin());
    void answer(req.method, String(req.headers['x-amz-target'] ?? ''), () => readBody(req), dispatch, prefix).then(({ status, headers, body }) =>
      res.writeHead(status, headers).end(body),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    requestHandler: answerInProcess(dispatch, begin, prefix),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
