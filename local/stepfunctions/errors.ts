/** An API error of a local service (Step Functions, the event bus); the HTTP layer turns it into `__type` + x-amzn-errortype. */
export class SfnServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Ends a task whose execution was stopped or whose enclosing Map/Parallel failed.
 * The engine reads isRetryable/isCatchable, so Retry and Catch never see it.
 */
export class TaskAbortedError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message = 'Task aborted because its execution closed') {
    super(message);
    this.name = 'States.Aborted';
  }
}

/** Same rules as the engine's States.Runtime: fails the execution, cannot be caught. */
export class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** The engine matches ErrorEquals against error.name, like Lambda's errorType on AWS. */
export function taskError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function fromHandlerError(thrown: unknown): Error {
  if (thrown instanceof Error) return taskError(thrown.name || 'Error', thrown.message);
  const named = thrown as { name?: unknown; message?: unknown } | null;
  if (named && typeof named === 'object' && typeof named.name === 'string') {
    return taskError(named.name, typeof named.message === 'string' ? named.message : '');
  }
  return taskError('Error', String(thrown));
}
