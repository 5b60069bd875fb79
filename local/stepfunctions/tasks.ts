import { unwrapLocalInput, type TaskStateInfo } from './engine/adapt.ts';
import { statesTimeoutError, type JsonValue, type TaskOverride } from './engine/index.ts';
import { fromHandlerError, StatesRuntimeError, TaskAbortedError, taskError } from './errors.ts';
import { json } from './history.ts';
import { drainMicrotasks } from './timers.ts';
import type { TaskTokens } from './tokens.ts';
import type { LocalHandler } from './types.ts';
import type { VirtualClock } from '../virtual-clock.ts';

/** An open task attempt, so the execution can end it when it closes. */
export interface AttemptHandle {
  ancestors: string[];
  abort(error: Error): void;
}

/** What a task override needs from its execution. */
export interface TaskHost {
  region: string;
  handlers: Record<string, LocalHandler>;
  tokens: TaskTokens;
  /** Mints this execution's next task token. */
  openToken(): ReturnType<TaskTokens['open']>;
  clock: VirtualClock;
  /** Wall-clock milliseconds a function may run before it fails as Lambda's would (Sandbox.Timedout). */
  functionTimeoutMs: (functionName: string) => number;
  /** Waits for a free slot to run a handler in; resolves to the function that frees it. */
  handlerSlot(): Promise<() => void>;
  /** Orders this execution's timers among others due at the same instant. */
  timerKey: string;
  /** Stands in for $$.Task.Token; the engine has no tokens of its own. */
  tokenPlaceholder: string;
  record(type: string, details: Record<string, unknown> | undefined, stateName: string): void;
  isClosed(): boolean;
  /** Returns the untrack function. */
  track(attempt: AttemptHandle): () => void;
}

type Kind = 'invoke' | 'token' | 'function';

function resourceKind(resource: string): Kind | undefined {
  const integration = /^arn:[\w-]+:states:::lambda:invoke(\.waitForTaskToken)?$/.exec(resource);
  if (integration) return integration[1] ? 'token' : 'invoke';
  if (/^arn:[\w-]+:lambda:[^:]+:[^:]*:function:/.test(resource)) return 'function';
  return undefined;
}

function timeoutMs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StatesRuntimeError(`Task timeout must be a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return Math.max(1, Math.round(value * 1000));
}

function replaceDeep(value: unknown, search: string, replacement: string): unknown {
  if (typeof value === 'string') return value.includes(search) ? value.split(search).join(replacement) : value;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, search, replacement));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, search, replacement)]));
  }
  return value;
}

/** Lambda results cross a JSON boundary on AWS; mimic it (Dates become strings, undefined null). */
const viaJson = (value: unknown): JsonValue => JSON.parse(json(value)) as JsonValue;

export function makeTaskOverride(info: TaskStateInfo, host: TaskHost): TaskOverride {
  const kind = resourceKind(info.resource);
  return async (rawInput) => {
    if (host.isClosed()) throw new TaskAbortedError();
    // Lets the history consumer write <Type>StateEntered before our TaskScheduled; time stands still meanwhile.
    await host.clock.track(drainMicrotasks);
    if (host.isClosed()) throw new TaskAbortedError();
    if (!kind) throw new StatesRuntimeError(`Task resource not supported locally: ${info.resource}`);
    return runAttempt(info, kind, host, rawInput);
  };
}

function runAttempt(info: TaskStateInfo, kind: Kind, host: TaskHost, rawInput: JsonValue): Promise<JsonValue> {
  const { input, timeoutSeconds } = unwrapLocalInput(rawInput);
  const ms = timeoutMs(timeoutSeconds);
  const state = info.name;
  const label = { resourceType: 'lambda', resource: kind === 'token' ? 'invoke.waitForTaskToken' : 'invoke' };
  const asLambda = kind === 'function';

  let params = (input ?? {}) as Record<string, unknown>;
  let token: string | undefined;
  let parked: Promise<unknown> | undefined;
  if (kind === 'token') {
    ({ token, outcome: parked } = host.openToken());
    params = replaceDeep(params, host.tokenPlaceholder, token) as Record<string, unknown>;
  }
  const functionName = asLambda ? info.resource : params.FunctionName;
  const payload = asLambda ? input : (params.Payload ?? {});

  if (asLambda) {
    host.record(
      'LambdaFunctionScheduled',
      { resource: info.resource, input: json(payload), inputDetails: { truncated: false }, timeoutInSeconds: timeoutSeconds },
      state,
    );
    host.record('LambdaFunctionStarted', undefined, state);
  } else {
    host.record('TaskScheduled', { ...label, region: host.region, parameters: json(params), timeoutInSeconds: timeoutSeconds }, state);
    host.record('TaskStarted', { ...label }, state);
  }

  return new Promise<JsonValue>((resolve, reject) => {
    let open = true;
    // Program time stands still while the handler runs (even one its execution no longer waits for); a waiting task lets it move on.
    const handling = host.clock.begin();
    const cleanups: Array<() => void> = [];
    const close = (): boolean => {
      if (!open) return false;
      open = false;
      if (token) host.tokens.close(token);
      for (const cleanup of cleanups) cleanup();
      return true;
    };
    const succeed = (output: JsonValue): void => {
      if (!close()) return;
      const out = json(output);
      if (asLambda) host.record('LambdaFunctionSucceeded', { output: out, outputDetails: { truncated: false } }, state);
      else host.record('TaskSucceeded', { ...label, output: out, outputDetails: { truncated: false } }, state);
      resolve(output);
    };
    const fail = (error: Error): void => {
      if (!close()) return;
      const details = { error: error.name, cause: error.message };
      host.record(asLambda ? 'LambdaFunctionFailed' : 'TaskFailed', asLambda ? details : { ...label, ...details }, state);
      reject(error);
    };
    const timeOut = (): void => {
      if (!close()) return;
      const details = { error: 'States.Timeout' };
      host.record(asLambda ? 'LambdaFunctionTimedOut' : 'TaskTimedOut', asLambda ? details : { ...label, ...details }, state);
      reject(statesTimeoutError());
    };

    cleanups.push(host.track({ ancestors: info.ancestors, abort: (error) => close() && reject(error) }));
    if (ms !== undefined) cleanups.push(host.clock.at(host.clock.nowEpochMs() + ms, timeOut, host.timerKey));
    parked?.then(
      (output) => succeed(output as JsonValue),
      (error: Error) => fail(error),
    );

    const name = typeof functionName === 'string' ? functionName : undefined;
    const handler = name === undefined ? undefined : host.handlers[name];
    if (name === undefined || !handler) {
      fail(taskError('Lambda.ResourceNotFoundException', `Function not found: ${String(functionName)}`));
      handling();
      return;
    }
    let hung: NodeJS.Timeout | undefined;
    let release = (): void => {};
    host
      .handlerSlot()
      .then((free) => {
        release = free;
        // Program time cannot pass a handler that never returns; like Lambda, give up on it after its timeout.
        const limitMs = host.functionTimeoutMs(name);
        hung = setTimeout(() => {
          fail(taskError('Sandbox.Timedout', `Task timed out after ${limitMs / 1000} seconds`));
          release();
          handling();
        }, limitMs);
        return handler(viaJson(payload));
      })
      .then(viaJson)
      .then(
        (result) => {
          if (kind === 'invoke') succeed({ ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 });
          else if (kind === 'function') succeed(result);
          else if (open) host.record('TaskSubmitted', { ...label, output: json(result), outputDetails: { truncated: false } }, state);
        },
        (error: unknown) => fail(fromHandlerError(error)),
      )
      .finally(() => {
        clearTimeout(hung);
        release();
        handling();
      });
  });
}
