import { Agent } from 'node:http';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { handlerTimeouts, type EndpointSettings, type Timeouts } from '#platform/aws';

/** Signed in form only: the loopback services read who is asking and check no signature. */
const LOCAL_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=local/20270101/us-east-1/local/aws4_request, SignedHeaders=host, Signature=local';

/**
 * Locally every AWS client talks to a loopback service that accepts any credentials, over
 * kept-alive connections (a third faster against DynamoDB Local), and skips request signing
 * (measured: a third less CPU per DynamoDB request).
 */
export const loopbackSettings = ((endpoint: string, maxAttempts = 3, timeouts: Timeouts = {}) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'us-east-1',
  // A loopback service throttles only when a test says so: try again at once, not after AWS's backoff.
  retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt) => 5 * attempt),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }), ...handlerTimeouts(timeouts) },
  signer: {
    sign: async <R extends { headers: Record<string, string> }>(request: R): Promise<R> => {
      request.headers.authorization = LOCAL_AUTHORIZATION;
      return request;
    },
  },
})) satisfies EndpointSettings;

/** The loopback services this process runs itself, by endpoint, with the handler that reaches each without a socket. */
const inProcess = new Map<string, HttpHandler>();

/** Clients of this process made from now on reach the service at `endpoint` through `handler`, until `stop()`. */
export const serveInProcess = (endpoint: string, handler: HttpHandler) => {
  inProcess.set(endpoint, handler);
  return { stop: async () => void inProcess.delete(endpoint) };
};

/** How this process reaches the service at `endpoint` without a socket, if it runs that service itself. */
export const inProcessAt = (endpoint: string): HttpHandler | undefined => inProcess.get(endpoint);

/** A request handler that hands each request to `answer` in this process rather than to a socket. */
export const inProcessHandler = (answer: (request: HttpRequest) => Promise<HttpResponse>): HttpHandler => ({
  handle: async (request) => ({ response: await answer(request) }),
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
});

/**
 * A request's body as bytes. The SDK hands a JSON body over as bytes that also pose as a string:
 * reading them as a string (as `Buffer.from` would, through `valueOf`) prints a warning.
 */
export const bodyOf = ({ body }: HttpRequest): Buffer => {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error('A loopback service in this process takes a body given whole, not streamed');
};

/** The operation a JSON-protocol request names (`X-Amz-Target`), whatever case its header was given in. */
export const targetOf = (request: HttpRequest): string => Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';

/**
 * The local runtime's clients: loopback, without the handlers' wall-clock timeouts. On program
 * time a busy machine would otherwise time out a send, retry it and move the year by the seconds
 * that took. A service this process runs itself is reached without a socket.
 */
export const onProgramTime = ((endpoint: string, maxAttempts = 3) => {
  const settings = loopbackSettings(endpoint, maxAttempts);
  const handler = inProcessAt(endpoint);
  return handler ? { ...settings, requestHandler: handler } : settings;
}) satisfies EndpointSettings;
