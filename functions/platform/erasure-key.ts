import { createHmac } from 'node:crypto';
import { EnvironmentError, setting } from './environment.ts';

/**
 * The per-deployment secret that keys the marks of forgotten addresses: without it a mark
 * cannot be checked against a guessed address, and nothing in the tables gives it away. The
 * stack keeps it in Secrets Manager (never rotated: a new value would orphan every mark); the
 * local runtime hands its own in ERASURE_KEY. Read once per process, never logged.
 */
let cached: { source: string; key: Promise<string> } | undefined;

/**
 * A function reads the secret through the AWS Parameters and Secrets Lambda extension (a layer the
 * stack adds), on loopback and with the function's own session, so its bundle carries no Secrets
 * Manager client; the CLI, on an operator's machine, with the SDK and the operator's credentials.
 */
const readSecret = async (secretArn: string): Promise<string> => {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
    const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
    const answer = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`, {
      headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
    });
    if (!answer.ok) throw new EnvironmentError(`The erasure key could not be read (status ${answer.status})`);
    return ((await answer.json()) as { SecretString: string }).SecretString;
  }
  try {
    // Loaded only here: a function never takes this path.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error('the secret has no value');
    return SecretString;
  } catch (error) {
    throw new EnvironmentError(`The erasure key ${secretArn} could not be read: ${(error as Error).name}: ${(error as Error).message}`);
  }
};

/** The key, read the first time a mark is needed (and again only if the environment names another). */
export const erasureKey = (): Promise<string> => {
  const local = setting('ERASURE_KEY');
  const secretArn = local ? undefined : setting('ERASURE_KEY_SECRET_ARN');
  if (!local && !secretArn) throw new EnvironmentError('ERASURE_KEY_SECRET_ARN is not set');
  const source = local ? `local:${local}` : secretArn!;
  if (cached?.source !== source) {
    const key = local ? Promise.resolve(local) : readSecret(secretArn!);
    // A failed read is tried again by the next call, not remembered.
    key.catch(() => (cached = undefined));
    cached = { source, key };
  }
  return cached.key;
};

/**
 * The mark of a forgotten address in a program: HMAC-SHA-256 under the erasure key, so it
 * recognises the address again and tells nothing to whoever lacks the key. The address comes
 * normalised (trimmed, lower case).
 */
export const addressMark = (key: string, programId: string, normalAddress: string): string =>
  createHmac('sha256', key).update(`${programId}\u0000${normalAddress}`).digest('hex');
