import { randomUUID } from 'node:crypto';
import { roleArnFor, runMachine, type CompiledMachine, type EngineEvent, type JsonValue, type TaskOverride } from './engine/index.ts';
import { SfnServiceError, TaskAbortedError } from './errors.ts';
import { seededRandom } from './dice.ts';
import { convertEngineEvent, HistoryRecorder, json } from './history.ts';
import { makeTaskOverride, type AttemptHandle, type TaskHost } from './tasks.ts';
import type { TaskTokens } from './tokens.ts';
import type { ExecutionStatus, ExecutionSummary, LocalHandler, LocalStepFunctionsEvent } from './types.ts';
import type { VirtualClock } from '../virtual-clock.ts';

export interface ExecutionDeps {
  handlers: Record<string, LocalHandler>;
  tokens: TaskTokens;
  clock: VirtualClock;
  /** The run's seed, for this execution's retry jitter. */
  seed: number;
  functionTimeoutMs: (functionName: string) => number;
  handlerSlot(): Promise<() => void>;
  onEvent?: (e: LocalStepFunctionsEvent) => void;
  onClosed: () => void;
}

/** Step Functions redrives an execution at most 14 days after it closed. */
const REDRIVE_WINDOW_MS = 14 * 86_400_000;

export function executionArnFor(machine: CompiledMachine, name: string): string {
  const { partition, region, account } = machine;
  const machineName = machine.arn.split(':')[6] ?? machine.name;
  return `arn:${partition}:states:${region}:${account}:execution:${machineName}:${name}`;
}

/** One run of a state machine: status, AWS-shaped history, and its open task attempts. */
export class Execution {
  readonly executionArn: string;
  readonly startDate: Date;
  readonly roleArn: string;
  status: ExecutionStatus = 'RUNNING';
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: Date;
  /** True once the history holds the closing event. */
  finished = false;
  readonly history: HistoryRecorder;
  /** Settles when the execution closes (again, after a redrive). */
  done: Promise<void>;
  redriveCount = 0;
  redriveDate?: Date;
  private readonly attempts = new Set<AttemptHandle>();
  private readonly clock: VirtualClock;
  private tokensOpened = 0;
  private abortRun: () => void = () => {};
  private cancelTimeout?: () => void;
  private readonly overrides: Record<string, TaskOverride>;
  private readonly context: Record<string, unknown>;
  /** The top-level state entered last, with its input: where a redrive picks up. */
  private current?: { state: string; input: JsonValue };

  constructor(
    readonly machine: CompiledMachine,
    readonly name: string,
    readonly input: string,
    deps: ExecutionDeps,
  ) {
    const { region } = machine;
    const { clock } = deps;
    this.clock = clock;
    this.startDate = clock.now();
    this.executionArn = executionArnFor(machine, name);
    this.roleArn = roleArnFor(machine);
    this.history = new HistoryRecorder(this.executionArn, clock, deps.onEvent);
    this.history.record('ExecutionStarted', { input, inputDetails: { truncated: false }, roleArn: this.roleArn });

    const host: TaskHost = {
      region,
      handlers: deps.handlers,
      tokens: deps.tokens,
      openToken: () => deps.tokens.open(this.executionArn, ++this.tokensOpened),
      clock,
      functionTimeoutMs: deps.functionTimeoutMs,
      handlerSlot: () => deps.handlerSlot(),
      timerKey: this.executionArn,
      tokenPlaceholder: `__local_task_token_${randomUUID()}__`,
      record: (type, details, stateName) => this.history.record(type, details, stateName),
      isClosed: () => this.status !== 'RUNNING',
      track: (attempt) => {
        this.attempts.add(attempt);
        return () => this.attempts.delete(attempt);
      },
    };
    this.overrides = Object.fromEntries([...machine.tasks.values()].map((t) => [t.name, makeTaskOverride(t, host)]));
    this.context = {
      Execution: { Id: this.executionArn, Name: name, RoleArn: this.roleArn },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: host.tokenPlaceholder },
    };
    this.random = seededRandom(deps.seed, this.executionArn);
    this.onClosed = deps.onClosed;
    this.done = this.launch(machine.engine, JSON.parse(input) as JsonValue);
  }

  private readonly random: () => number;
  private readonly onClosed: () => void;

  /** Runs the engine from its start state (or a redrive's) until the execution closes. */
  private launch(engine: CompiledMachine['engine'], input: JsonValue): Promise<void> {
    const run = runMachine(engine, input, this.context, this.overrides, { clock: this.clock, key: this.executionArn, random: this.random });
    this.abortRun = run.abort;
    if (this.machine.timeoutSeconds !== undefined) {
      // Counted from the start, or from the redrive: a timed-out execution may be redriven too.
      this.cancelTimeout = this.clock.at(
        (this.redriveDate ?? this.startDate).getTime() + this.machine.timeoutSeconds * 1000,
        () => void this.close('TIMED_OUT', 'States.Timeout', 'Execution timed out'),
        this.executionArn,
      );
    }
    const settled = run.outcome.then((outcome) => {
      if (outcome.status === 'SUCCEEDED') this.settle('SUCCEEDED', { output: json(outcome.output) });
      else this.settle('FAILED', { error: outcome.error, cause: outcome.cause });
    });
    return Promise.allSettled([settled, this.consume(run.events)]).then(() => {
      this.finish();
      this.onClosed();
    });
  }

  /**
   * RedriveExecution: a failed, timed-out or aborted execution closed within the last 14 days
   * goes on from the top-level state that did not finish, with the input it had there, under
   * the same name and history; the states that finished are not run again.
   */
  redrive(): Date {
    if (this.status === 'RUNNING' || this.status === 'SUCCEEDED' || !this.finished) {
      throw new SfnServiceError('ExecutionNotRedrivable', `Execution ${this.executionArn} is ${this.status}: only a closed, unsuccessful one can be redriven`);
    }
    if (this.clock.nowEpochMs() - this.stopDate!.getTime() > REDRIVE_WINDOW_MS) {
      throw new SfnServiceError('ExecutionNotRedrivable', `Execution ${this.executionArn} closed more than 14 days ago`);
    }
    const from = this.current ?? { state: undefined, input: JSON.parse(this.input) as JsonValue };
    this.status = 'RUNNING';
    for (const field of ['output', 'error', 'cause', 'stopDate'] as const) delete this[field];
    this.finished = false;
    this.redriveCount += 1;
    this.redriveDate = this.clock.now();
    this.history.reopen();
    this.history.record('ExecutionRedriven', { redriveCount: this.redriveCount });
    this.done = this.launch(from.state ? this.machine.engineFrom(from.state) : this.machine.engine, from.input);
    return this.redriveDate;
  }

  /** StopExecution (ABORTED) or the top-level timeout (TIMED_OUT). */
  close(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): boolean {
    if (this.status !== 'RUNNING') return false;
    this.settle(status, { error, cause });
    this.abortRun();
    return true;
  }

  summary(): ExecutionSummary {
    const { executionArn, name, status, startDate, stopDate, redriveCount, redriveDate } = this;
    return {
      arn: executionArn,
      executionArn,
      name,
      stateMachineArn: this.machine.arn,
      status,
      startDate,
      ...(stopDate ? { stopDate } : {}),
      redriveCount,
      ...(redriveDate ? { redriveDate } : {}),
    };
  }

  private settle(status: Exclude<ExecutionStatus, 'RUNNING'>, fields: { output?: string; error?: string; cause?: string }): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = this.clock.now();
    Object.assign(this, fields);
    this.cancelTimeout?.();
    this.abortAttempts(() => true);
  }

  private abortAttempts(match: (a: AttemptHandle) => boolean): void {
    for (const attempt of [...this.attempts]) if (match(attempt)) attempt.abort(new TaskAbortedError());
  }

  private async consume(events: AsyncGenerator<EngineEvent>): Promise<void> {
    try {
      for await (const event of events) {
        for (const e of convertEngineEvent(event)) this.history.record(e.type, e.details, e.stateName);
        if (event.type === 'StateEntered' && this.machine.topLevel.has(event.state.name)) this.current = { state: event.state.name, input: event.state.input };
        // The engine aborts a failed Map/Parallel's siblings but cannot reach our parked tasks.
        if (event.type === 'StateFailed' && (event.state.type === 'Map' || event.state.type === 'Parallel')) {
          const failed = event.state.name;
          this.abortAttempts((a) => a.ancestors.includes(failed));
        }
      }
    } catch {
      // The generator only ends with its execution; nothing to recover.
    }
  }

  private finish(): void {
    const { error, cause } = this;
    const errorFields = { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
    switch (this.status) {
      case 'SUCCEEDED':
        this.history.close('ExecutionSucceeded', { output: this.output, outputDetails: { truncated: false } });
        break;
      case 'FAILED':
        this.history.close('ExecutionFailed', errorFields);
        break;
      case 'ABORTED':
        this.history.close('ExecutionAborted', errorFields);
        break;
      case 'TIMED_OUT':
        this.history.close('ExecutionTimedOut', errorFields);
        break;
      default:
        break;
    }
    this.finished = true;
  }
}
