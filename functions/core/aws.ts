import { Agent } from 'node:http';

/**
 * Locally every AWS client talks to a loopback service that accepts any credentials, over
 * kept-alive connections (a third faster against DynamoDB Local).
 */
const local = () => ({
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
});

/** Client settings: the real service on AWS, the loopback endpoint when one is set. */
export const clientSettings = (endpoint: string | undefined) => (endpoint ? { endpoint, ...local() } : {});

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
