/**
 * The one error name the state machines retry with backoff and full jitter: a service a
 * handler called was throttled or briefly unavailable, and the same call will work later.
 * Handlers are idempotent, so running one again is always safe.
 */
export class TransientFailure extends Error {
  override name = 'TransientFailure';
}

/** AWS error names that mean "not now" rather than "not ever". */
const NOT_NOW = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'InternalServerException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'IdempotencyAlreadyInProgressError',
]);

/** A connection that broke or never came: the request may be tried again. */
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
  cause?: unknown;
}

export const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const e = error as AwsLikeError;
  if (e.name === 'TransientFailure' || (e.name && NOT_NOW.has(e.name)) || (e.code && NETWORK.has(e.code))) return true;
  if (e.$retryable) return true;
  // A transaction cancelled only because another was busy with the same items.
  if (e.name === 'TransactionCanceledException')
    return (e.CancellationReasons ?? []).some((r) => r.Code === 'ThrottlingError' || r.Code === 'TransactionConflict');
  // A library's own error around the service's (Powertools' persistence layer wraps DynamoDB's).
  return (e.$metadata?.httpStatusCode ?? 0) >= 500 || isTransient(e.cause);
};

/** The error to end a task with: transient ones under the one retryable name, the rest as they are. */
export const asTaskError = (error: unknown): unknown =>
  isTransient(error) && (error as Error).name !== 'TransientFailure'
    ? new TransientFailure(`${(error as Error).name}: ${(error as Error).message}`, { cause: error })
    : error;
