import { createHash } from 'node:crypto';
import { Agent, createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/protocols';
import { bodyOf, inProcessAt, inProcessHandler, serveInProcess, targetOf } from '#local/services/loopback';

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

const reply = (status: number, headers: IncomingHttpHeaders, body: Readable | Buffer) =>
  new HttpResponse({ statusCode: status, headers: headers as Record<string, string>, body });

/**
 * A stand-in between the product's clients and a local service: it forwards every request,
 * except those `decide` answers with a fault, the way the service itself would answer. Clients
 * in this process reach it without a socket, and through it a service this process runs
 * itself; other processes reach it on its endpoint.
 */
export const startFaultProxy = async (
  target: string,
  decide: (request: ProxiedRequest) => Fault | undefined,
  /** What makes two requests "the same" for counting attempts; by default the whole request. */
  identify: (body: Buffer) => string | Buffer = (body) => body,
): Promise<FaultProxy> => {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const seen = new Map<string, number>();
  const injected = new Map<string, number>();
  let forwarded = 0;

  /** The request's fault, if `decide` gives it one, counted; a retry is a new draw. */
  const faultOf = (method: string, path: string, target: string, body: Buffer) => {
    const digest = createHash('sha256').update(`${path}\n${target}\n`).update(identify(body)).digest('hex');
    const attempt = seen.get(digest) ?? 0;
    seen.set(digest, attempt + 1);
    const fault = decide({ method, path, target, body, attempt });
    if (fault) injected.set(fault.type, (injected.get(fault.type) ?? 0) + 1);
    else forwarded++;
    return fault;
  };
  const faultAnswer = (fault: Fault) => ({
    status: fault.status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': fault.type },
    body: Buffer.from(JSON.stringify({ __type: fault.type, message: fault.message })),
  });
  const overHttp = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const passed = forward({ host: upstream.hostname, port: upstream.port, method, path, headers: { ...headers, host: upstream.host }, agent }, resolve);
      passed.on('error', reject);
      passed.end(body);
    });

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = faultOf(incoming.method ?? 'GET', incoming.url ?? '/', String(incoming.headers['x-amz-target'] ?? ''), body);
      if (fault) {
        const { status, headers, body: answer } = faultAnswer(fault);
        outgoing.writeHead(status, headers).end(answer);
        return;
      }
      overHttp(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers, body).then(
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
        () => outgoing.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;

  const inProcess = serveInProcess(
    endpoint,
    inProcessHandler(async (request) => {
      const body = bodyOf(request);
      const query = new URLSearchParams(
        Object.entries(request.query ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v ?? ''])),
      ).toString();
      const path = `${request.path}${query ? `?${query}` : ''}`;
      const fault = faultOf(request.method, path, targetOf(request), body);
      if (fault) {
        const { status, headers, body: answer } = faultAnswer(fault);
        return reply(status, headers, answer);
      }
      // The service itself, in this process when it runs here, else on its endpoint.
      const local = inProcessAt(upstream.origin);
      if (local) return (await local.handle(Object.assign(request.clone(), { hostname: upstream.hostname, port: Number(upstream.port) }))).response;
      const answer = await overHttp(request.method, path, request.headers, body);
      return reply(answer.statusCode ?? 502, answer.headers, answer);
    }),
  );
  return {
    endpoint,
    injected,
    get forwarded() {
      return forwarded;
    },
    stop: async () => {
      await inProcess.stop();
      agent.destroy();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
};

/** A draw in [0, 1) from the seed, what identifies the request and its attempt: the same run injects the same faults. */
export const chance = (seed: number, identity: string | Buffer, attempt: number): number =>
  createHash('sha256').update(`${seed}/${attempt}/`).update(identity).digest().readUInt32BE(0) / 2 ** 32;
