import type { NoOpLogger } from '@smithy/core/client';
/**
 * The SDK's logger middleware copies each request and answer, sensitive fields masked, for its
 * logger's `info` and `error`, even when that logger discards them: CPU on every request (a
 * tenth of what a DynamoDB request costs the client, measured on the local runtime). A logger
 * without those two skips the copies; the few warnings the SDK gives still go nowhere, as with
 * its default logger.
 */
const QUIET_SDK = { logger: { debug: () => {}, warn: () => {} } as unknown as NoOpLogger };

/** Milliseconds to wait for a connection, and then for the whole answer (none: as long as it takes). */
export interface Timeouts {
  connectMs?: number;
  answerMs?: number;
}

// Without throwOnRequestTimeout the SDK only logs a request past its timeout and goes on waiting.
export const handlerTimeouts = ({ connectMs, answerMs }: Timeouts) => ({
  ...(connectMs ? { connectionTimeout: connectMs } : {}),
  ...(answerMs ? { requestTimeout: answerMs, throwOnRequestTimeout: true } : {}),
});

/** How a client reaches a service at an endpoint of its own, with at most `maxAttempts` attempts per call. */
export type EndpointSettings = (endpoint: string, maxAttempts: number, timeouts: Timeouts) => object;

const standard = (maxAttempts: number, timeouts: Timeouts) => ({
  maxAttempts,
  ...(timeouts.connectMs || timeouts.answerMs ? { requestHandler: handlerTimeouts(timeouts) } : {}),
});

const withEndpoint: EndpointSettings = (endpoint, maxAttempts, timeouts) => ({ endpoint, ...standard(maxAttempts, timeouts) });
let atEndpoint = withEndpoint;

/**
 * For the local runtime: how clients reach the loopback services whose endpoints it sets. A
 * deployed function sets no endpoint, so it carries none of this.
 */
export const useEndpointSettings = (settings: EndpointSettings | undefined): void => {
  atEndpoint = settings ?? withEndpoint;
};

/**
 * Client settings: the real service on AWS, the service at `endpoint` when one is set. Each
 * call makes at most `maxAttempts` attempts (the SDK's standard three unless said otherwise),
 * and, when `timeouts` are given, gives up on a connection or an answer that takes longer.
 */
export const clientSettings = (endpoint: string | undefined, maxAttempts = 3, timeouts: Timeouts = {}) => ({
  ...(endpoint ? atEndpoint(endpoint, maxAttempts, timeouts) : standard(maxAttempts, timeouts)),
  ...QUIET_SDK,
});

/**
 * A client created once per container on first use. Lazy, because the local runtime sets
 * the endpoints after the handler modules are imported.
 */
const resets: (() => void)[] = [];
export const once = <T>(create: () => T): (() => T) => {
  let made: T | undefined;
  resets.push(() => (made = undefined));
  return () => (made ??= create());
};

/** For the local runtime: the next call makes each client anew, for new endpoints. */
export const forgetClients = (): void => resets.forEach((reset) => reset());
