import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
  close(): Promise<void>;
}

/** The JSON protocol carries timestamps as epoch seconds. */
function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SfnServiceError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
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

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(toWireJson(body));
}

export async function startProtocolServer(
  port: number,
  dispatch: Dispatch,
  /** Marks a request in flight; program time stands still until it is answered. */
  begin: () => () => void,
): Promise<ProtocolServer> {
  const server = createServer((req, res) => {
    res.on('close', begin());
    void (async () => {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
          throw new SfnServiceError('UnknownOperationException', `Unknown operation: ${target || req.method}`);
        }
        const body = await readBody(req);
        reply(res, 200, (await dispatch(target.slice(TARGET_PREFIX.length), body)) ?? {});
      } catch (error) {
        if (error instanceof SfnServiceError) {
          reply(res, 400, { __type: error.name, message: error.message }, error.name);
        } else {
          const message = error instanceof Error ? error.message : String(error);
          reply(res, 500, { __type: 'InternalFailure', message }, 'InternalFailure');
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
