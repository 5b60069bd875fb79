import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { HttpResponse, type HttpHandler } from '@smithy/core/protocols';
import { bodyOf, inProcessHandler, targetOf } from '../services/loopback.ts';
import type { AddressInfo } from 'node:net';
import { SfnServiceError } from './errors.ts';

/**
 * An AWS JSON protocol: POST /, X-Amz-Target: <prefix><Op>, errors read from __type and
 * x-amzn-errortype. @aws-sdk/client-sfn 3.x speaks awsJson1_0 (the default here); the local
 * event bus serves EventBridge's awsJson1_1 on the same server.
 */
export interface JsonProtocol {
  targetPrefix: string;
  contentType: string;
}
const STEP_FUNCTIONS: JsonProtocol = { targetPrefix: 'AWSStepFunctions.', contentType: 'application/x-amz-json-1.0' };
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

function reply(protocol: JsonProtocol, status: number, body: unknown, errorType?: string): Reply {
  const headers: Record<string, string> = { 'content-type': protocol.contentType, 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  return { status, headers, body: toWireJson(body) };
}

/** The answer to one request, whether it came over HTTP or from a client in this process. */
async function answer(protocol: JsonProtocol, method: string | undefined, target: string, body: () => Promise<string>, dispatch: Dispatch): Promise<Reply> {
  try {
    if (method !== 'POST' || !target.startsWith(protocol.targetPrefix)) {
      throw new SfnServiceError('UnknownOperationException', `Unknown operation: ${target || method}`);
    }
    return reply(protocol, 200, (await dispatch(target.slice(protocol.targetPrefix.length), parseBody(await body()))) ?? {});
  } catch (error) {
    if (error instanceof SfnServiceError) return reply(protocol, 400, { __type: error.name, message: error.message }, error.name);
    const message = error instanceof Error ? error.message : String(error);
    return reply(protocol, 500, { __type: 'InternalFailure', message }, 'InternalFailure');
  }
}

/**
 * What a client in this process sends requests through instead of a socket: the same answers,
 * without an HTTP round trip on each side (the daily checks alone list executions seven times
 * a program day).
 */
const answerInProcess = (protocol: JsonProtocol, dispatch: Dispatch, begin: () => () => void) =>
  inProcessHandler(async (request) => {
    const end = begin();
    try {
      const { status, headers, body } = await answer(protocol, request.method, targetOf(request), async () => bodyOf(request).toString('utf8'), dispatch);
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
  protocol: JsonProtocol = STEP_FUNCTIONS,
): Promise<ProtocolServer> {
  const server = createServer((req, res) => {
    res.on('close', begin());
    void answer(protocol, req.method, String(req.headers['x-amz-target'] ?? ''), () => readBody(req), dispatch).then(({ status, headers, body }) =>
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
    requestHandler: answerInProcess(protocol, dispatch, begin),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
