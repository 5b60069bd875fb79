import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler } from '../../functions/respond.ts';
import { lambdaContext } from '../handlers.ts';

export type PageHandler = typeof handler;

export interface LocalResponsePages {
  baseUrl: string;
  /** A new build of the answer pages' function: later requests go to it, as after a deploy. */
  deploy(handler: PageHandler): void;
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Node's request as the API Gateway HTTP API (payload 2.0) event the handler gets on AWS. */
const toEvent = async (request: IncomingMessage, linkId: string, url: URL): Promise<APIGatewayProxyEventV2> => {
  const method = request.method ?? 'GET';
  const body = method === 'POST' ? await readBody(request) : undefined;
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  return {
    version: '2.0',
    routeKey: `${method} /r/{linkId}`,
    rawPath: url.pathname,
    rawQueryString: url.searchParams.toString(),
    headers,
    queryStringParameters: url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: { linkId },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: crypto.randomUUID(),
      routeKey: `${method} /r/{linkId}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
};

/**
 * The answer pages on loopback, served by the very handler the HTTP API invokes on AWS.
 * `begin` marks each request in flight: program time waits until the answer is handled.
 */
export const startResponsePages = async (port = 0, begin: () => () => void = () => () => {}): Promise<LocalResponsePages> => {
  let respond: PageHandler = handler;
  // Every failure is answered inside: nothing is left for the server to catch.
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.once('close', begin());
    try {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const match = /^\/r\/([^/]+)$/.exec(url.pathname);
      if (!match) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      // A broken escape is just an unknown link: API Gateway would hand it over undecoded.
      let linkId = match[1]!;
      try {
        linkId = decodeURIComponent(linkId);
      } catch {
        // kept as it came
      }
      const result = await respond(await toEvent(request, linkId, url), lambdaContext('mentoring-respond'));
      response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>).end(result.body ?? '');
    } catch {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('The answer page is not available right now.');
    }
  };
  const server: Server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
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
