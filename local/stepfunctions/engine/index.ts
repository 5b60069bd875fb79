import { adaptForLocalEngine, collectTaskStates, type TaskStateInfo } from './adapt.ts';
import type { StateMachine as EngineMachine } from 'aws-local-stepfunctions';
import { engineTime, ExecutionError, StateMachine, type EngineTime, type StateMachineDefinition } from './engine-module.ts';
import { taskError } from '#local/stepfunctions/errors';
import type { LocalStateMachine } from '#local/stepfunctions/types';

type EngineRun = ReturnType<EngineMachine['run']>;
export type EngineEvent = EngineRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type JsonValue = Parameters<EngineMachine['run']>[0];
export type TaskOverride = (input: JsonValue) => Promise<JsonValue>;

export interface CompiledMachine {
  arn: string;
  name: string;
  partition: string;
  region: string;
  account: string;
  /** As given: what DescribeStateMachine returns. */
  definition: object;
  /** Top-level TimeoutSeconds, enforced by the execution rather than the engine. */
  timeoutSeconds?: number;
  tasks: Map<string, TaskStateInfo>;
  engine: EngineMachine;
  /** The same definition starting at one of its top-level states, for a redrive; made when first asked for. */
  engineFrom(state: string): EngineMachine;
  /** Its top-level states: where a redrive may pick up. */
  topLevel: Set<string>;
  creationDate: Date;
}

const MACHINE_ARN = /^arn:([^:]+):states:([^:]+):([^:]+):stateMachine:([^:]+)$/;

/** Each definition is compiled once and reused by all its executions. */
export function compileMachine(machine: LocalStateMachine): CompiledMachine {
  const match = MACHINE_ARN.exec(machine.arn);
  if (!match) throw new Error(`Not a state machine ARN: ${machine.arn}`);
  const [, partition = 'aws', region = '', account = ''] = match;
  const adapted = adaptForLocalEngine(machine.definition);
  // The rendered definitions pass asl-validator in a test; validating again costs 0.2-0.5 s a machine at every start.
  const build = (definition: object) => new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  const engine = build(adapted);
  const redriven = new Map<string, EngineMachine>();
  const engineFrom = (state: string): EngineMachine => {
    if (!redriven.has(state)) redriven.set(state, build({ ...adapted, StartAt: state }));
    return redriven.get(state)!;
  };
  const timeout = (machine.definition as { TimeoutSeconds?: unknown }).TimeoutSeconds;
  return {
    arn: machine.arn,
    name: machine.name,
    partition,
    region,
    account,
    definition: machine.definition,
    timeoutSeconds: typeof timeout === 'number' ? timeout : undefined,
    tasks: collectTaskStates(adapted),
    engine,
    engineFrom,
    topLevel: new Set(Object.keys((adapted as { States?: object }).States ?? {})),
    creationDate: new Date(),
  };
}

export const roleArnFor = (m: CompiledMachine): string => `arn:${m.partition}:iam::${m.account}:role/local-stepfunctions`;

let TimeoutErrorClass: (new () => Error) | undefined;

/**
 * The engine's States.TaskFailed wildcard excludes timeouts via `instanceof StatesTimeoutError`,
 * a class it does not export; one 1 ms probe run hands us an instance.
 */
export async function loadTimeoutErrorClass(): Promise<void> {
  if (TimeoutErrorClass) return;
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'local:probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(null, {
    overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<JsonValue>(() => {}) } },
  });
  try {
    await run.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      TimeoutErrorClass = cause.constructor as new () => Error;
    }
  }
}

export function statesTimeoutError(): Error {
  return TimeoutErrorClass ? new TimeoutErrorClass() : taskError('States.Timeout', 'States.Timeout');
}

export type Outcome = { status: 'SUCCEEDED'; output: JsonValue } | { status: 'FAILED'; error: string; cause: string };

export interface MachineRun {
  /** Never rejects; after abort() it resolves with a meaningless SUCCEEDED. */
  outcome: Promise<Outcome>;
  events: AsyncGenerator<EngineEvent>;
  abort: () => void;
}

/** Runs a machine with its Wait states, retries and timestamps on the execution's program time. */
export function runMachine(
  engine: EngineMachine,
  input: JsonValue,
  context: Record<string, unknown>,
  taskHandlers: Record<string, TaskOverride>,
  time: EngineTime,
): MachineRun {
  const run = engineTime.run(time, () =>
    engine.run(input, {
      noThrowOnAbort: true,
      context,
      overrides: { taskResourceLocalHandlers: taskHandlers },
    }),
  );
  const outcome = run.result.then(
    (output): Outcome => ({ status: 'SUCCEEDED', output }),
    (error: unknown): Outcome => {
      const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
      if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
      return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
    },
  );
  return { outcome, events: run.eventLogs, abort: run.abort };
}
