import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EDGE_RESPONSES, PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { handler } from '#handlers/respond';
import { invoke } from '../handlers.ts';
import { meterAnswerPageRequest } from '../metering/answer-pages.ts';

export type PageHandler = typeof handler;

export interface LocalResponsePages {
  baseUrl: string;
  /** A new build of the answer pages' function: later requests go to it, as after a deploy. */
  deploy(handler: PageHandler): void;
  stop(): Promise<void>;
}

/** API Gateway's largest request body: past it the REST API answers 413 without calling the function. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Names as the client wrote them, each with all its values: the REST API does not join or lower-case them. */
const multiValued = (pairs: string[]): Record<string, string[]> => {
  const all = new Map<string, string[]>();
  for (let i = 0; i + 1 < pairs.length; i += 2) all.set(pairs[i]!, [...(all.get(pairs[i]!) ?? []), pairs[i + 1]!]);
  return Object.fromEntries(all);
};
const lastOfEach = (all: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(all).map(([name, found]) => [name, found.at(-1)!]));

/** Node's request as the REST API's Lambda proxy event (payload 1.0) the handler gets on AWS. */
export const toRestEvent = (request: IncomingMessage, linkId: string, url: URL, body: Buffer | undefined): APIGatewayProxyEvent => {
  const method = request.method ?? 'GET';
  const multiValueHeaders = multiValued(request.rawHeaders);
  const query = multiValued([...url.searchParams].flat());
  const headers = lastOfEach(multiValueHeaders);
  const now = new Date();
  return {
    resource: '/r/{linkId}',
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size ? lastOfEach(query) : null,
    multiValueQueryStringParameters: url.searchParams.size ? query : null,
    pathParameters: { linkId },
    stageVariables: null,
    // Without binary media types the REST API hands a form on as text.
    body: body ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: url.host,
      domainPrefix: 'local',
      extendedRequestId: 'local',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: null,
        userAgent: headers['User-Agent'] ?? headers['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      protocol: 'HTTP/1.1',
      requestId: crypto.randomUUID(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: '/r/{linkId}',
      stage: 'local',
    },
  };
};

/** What API Gateway answers itself, without calling the function: the same private headers, a short text. */
const edgeResponse = (response: ServerResponse, { status, body }: { status: number; body: string }) =>
  response.writeHead(status, { 'content-type': EDGE_RESPONSES.contentType, ...PAGE_SECURITY_HEADERS }).end(body);

/**
 * The answer pages on loopback, served by the very handler the REST API invokes on AWS, with
 * what API Gateway answers itself for an unknown path, a body too large or a failed function.
 * `begin` marks each request in flight: program time waits until the answer is handled.
 */
export const startResponsePages = async (port = 0, begin: () => () => void = () => () => {}): Promise<LocalResponsePages> => {
  let respond: PageHandler = handler;
  // Every failure is answered inside: nothing is left for the server to catch.
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.once('close', begin());
    // Every request API Gateway would count and log, answered by the function or by the gateway itself.
    const started = performance.now();
    response.once('finish', () =>
      meterAnswerPageRequest(request.method ?? 'GET', response.statusCode, Number(response.getHeader('content-length') ?? 0), performance.now() - started),
    );
    try {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const match = /^\/r\/([^/]+)$/.exec(url.pathname);
      if (!match) {
        edgeResponse(response, EDGE_RESPONSES.notFound);
        return;
      }
      // A broken escape is just an unknown link: API Gateway would hand it over undecoded.
      let linkId = match[1]!;
      try {
        linkId = decodeURIComponent(linkId);
      } catch {
        // kept as it came
      }
      // API Gateway hands a GET or HEAD on without its body.
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readBody(request);
      if (body && body.length > GATEWAY_MAX_BODY_BYTES) {
        edgeResponse(response, EDGE_RESPONSES.tooLarge);
        return;
      }
      const result = await invoke('mentoring-respond', (context) => respond(toRestEvent(request, linkId, url, body?.length ? body : undefined), context));
      response.writeHead(result.statusCode ?? 200, result.headers).end(result.body ?? '');
    } catch {
      if (response.headersSent) response.end();
      else edgeResponse(response, EDGE_RESPONSES.unavailable);
    }
  };
  const server: Server = createServer((request, response) => void serve(request, response));
  // Idle connections are left for the client to close: a server closing one as the client sends on it resets that request.
  server.keepAliveTimeout = 0;
  const listen = (on: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // Its port, or any free one when that is taken (another run, perhaps starting at the same instant).
  await listen(port).catch((error: NodeJS.ErrnoException) => {
    if (port === 0 || error.code !== 'EADDRINUSE') throw error;
    return listen(0);
  });
  const { port: bound } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    deploy: (next) => {
      respond = next;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
