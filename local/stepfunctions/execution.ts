import { randomUUID } from 'node:crypto';
import { roleArnFor, runMachine, type CompiledMachine, type EngineEvent, type JsonValue } from './engine/index.ts';
import { TaskAbortedError } from './errors.ts';
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
  readonly done: Promise<void>;
  private readonly attempts = new Set<AttemptHandle>();
  private readonly clock: VirtualClock;
  private tokensOpened = 0;
  private readonly abortRun: () => void;
  private readonly cancelTimeout?: () => void;

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
    const overrides = Object.fromEntries([...machine.tasks.values()].map((t) => [t.name, makeTaskOverride(t, host)]));
    const context = {
      Execution: { Id: this.executionArn, Name: name, RoleArn: this.roleArn },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: host.tokenPlaceholder },
    };
    const run = runMachine(machine, JSON.parse(input) as JsonValue, context, overrides, {
      clock,
      key: this.executionArn,
      random: seededRandom(deps.seed, this.executionArn),
    });
    this.abortRun = run.abort;
    if (machine.timeoutSeconds !== undefined) {
      this.cancelTimeout = clock.at(
        this.startDate.getTime() + machine.timeoutSeconds * 1000,
        () => void this.close('TIMED_OUT', 'States.Timeout', 'Execution timed out'),
        this.executionArn,
      );
    }
    const settled = run.outcome.then((outcome) => {
      if (outcome.status === 'SUCCEEDED') this.settle('SUCCEEDED', { output: json(outcome.output) });
      else this.settle('FAILED', { error: outcome.error, cause: outcome.cause });
    });
    this.done = Promise.allSettled([settled, this.consume(run.events)]).then(() => {
      this.finish();
      deps.onClosed();
    });
  }

  /** StopExecution (ABORTED) or the top-level timeout (TIMED_OUT). */
  close(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): boolean {
    if (this.status !== 'RUNNING') return false;
    this.settle(status, { error, cause });
    this.abortRun();
    return true;
  }

  summary(): ExecutionSummary {
    const { executionArn, name, status, startDate, stopDate } = this;
    return { arn: executionArn, executionArn, name, stateMachineArn: this.machine.arn, status, startDate, ...(stopDate ? { stopDate } : {}) };
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
