import { createHash } from 'node:crypto';
import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';

/** An AWS error a stand-in answers with instead of the service. */
export interface Fault {
  status: number;
  /** The error's name as the SDK reads it (`ThrottlingException`, `MessageRejected`…). */
  type: string;
  message: string;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** `X-Amz-Target` of JSON protocols (`DynamoDB_20120810.PutItem`, `AWSStepFunctions.StartExecution`). */
  target: string;
  body: Buffer;
  /** How many times this exact request came before: a retry is a new draw, not the same fate. */
  attempt: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Faults answered so far, by error name. */
  injected: Map<string, number>;
  /** Requests passed through to the service. */
  forwarded: number;
  stop(): Promise<void>;
}

/**
 * A stand-in between the product's clients and a local service: it forwards every request,
 * except those `decide` answers with a fault, the way the service itself would answer.
 */
export const startFaultProxy = async (
  target: string,
  decide: (request: ProxiedRequest) => Fault | undefined,
  /** What makes two requests "the same" for counting attempts; by default the whole request. */
  identify: (body: Buffer) => string | Buffer = (body) => body,
): Promise<FaultProxy> => {
  const upstream = new URL(target);
  const seen = new Map<string, number>();
  const injected = new Map<string, number>();
  let forwarded = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const digest = createHash('sha256')
        .update(`${incoming.url ?? ''}\n${String(incoming.headers['x-amz-target'] ?? '')}\n`)
        .update(identify(body))
        .digest('hex');
      const attempt = seen.get(digest) ?? 0;
      seen.set(digest, attempt + 1);
      const fault = decide({
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        target: String(incoming.headers['x-amz-target'] ?? ''),
        body,
        attempt,
      });
      if (fault) {
        injected.set(fault.type, (injected.get(fault.type) ?? 0) + 1);
        outgoing.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': fault.type });
        outgoing.end(JSON.stringify({ __type: fault.type, message: fault.message }));
        return;
      }
      forwarded++;
      const headers: IncomingHttpHeaders = { ...incoming.headers, host: upstream.host };
      const passed = forward({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      passed.on('error', () => outgoing.destroy());
      passed.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    get forwarded() {
      return forwarded;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A draw in [0, 1) from the seed, what identifies the request and its attempt: the same run injects the same faults. */
export const chance = (seed: number, identity: string | Buffer, attempt: number): number =>
  createHash('sha256').update(`${seed}/${attempt}/`).update(identity).digest().readUInt32BE(0) / 2 ** 32;
