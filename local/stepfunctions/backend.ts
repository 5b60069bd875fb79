import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from './engine.ts';
import { SfnServiceError } from './errors.ts';
import { Execution, executionArnFor } from './execution.ts';
import { drainMicrotasks } from './timers.ts';
import { TaskTokens } from './tokens.ts';
import type { LocalHandler, LocalStepFunctionsEvent } from './types.ts';

// AWS execution names: 1-80 chars, no whitespace, brackets, wildcards, specials or control chars.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** In-memory Step Functions state: machines, executions and task tokens. */
export class SfnBackend {
  readonly machines: Map<string, CompiledMachine>;
  readonly executions = new Map<string, Execution>();
  readonly tokens = new TaskTokens();
  private inflightRequests = 0;
  private waiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    machines: CompiledMachine[],
    private readonly handlers: Record<string, LocalHandler>,
    private readonly onEvent?: (e: LocalStepFunctionsEvent) => void,
  ) {
    this.machines = new Map(machines.map((m) => [m.arn, m]));
  }

  machine(arn: unknown): CompiledMachine {
    const machine = typeof arn === 'string' ? this.machines.get(arn) : undefined;
    if (!machine) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return machine;
  }

  execution(arn: unknown): Execution {
    const execution = typeof arn === 'string' ? this.executions.get(arn) : undefined;
    if (!execution) throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return execution;
  }

  startExecution(stateMachineArn: unknown, name: unknown, input: unknown): Execution {
    if (this.stopped) throw new SfnServiceError('ServiceUnavailable', 'Local Step Functions is stopped');
    const machine = this.machine(stateMachineArn);
    const inputText = input === undefined || input === null ? '{}' : input;
    if (typeof inputText !== 'string') throw new SfnServiceError('InvalidExecutionInput', 'input must be a JSON string');
    try {
      JSON.parse(inputText);
    } catch {
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input is not valid JSON');
    }
    const executionName = name === undefined || name === null ? randomUUID() : name;
    if (typeof executionName !== 'string' || executionName.length < 1 || executionName.length > 80 || INVALID_NAME.test(executionName)) {
      throw new SfnServiceError('InvalidName', `Invalid Name: '${String(executionName)}'`);
    }
    const existing = this.executions.get(executionArnFor(machine, executionName));
    if (existing) {
      // AWS idempotency: same name and input while still running returns the same execution.
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    const execution = new Execution(machine, executionName, inputText, {
      handlers: this.handlers,
      tokens: this.tokens,
      onEvent: this.onEvent,
      onClosed: () => this.changed(),
    });
    this.executions.set(execution.executionArn, execution);
    return execution;
  }

  requestBegan(): void {
    this.inflightRequests++;
  }

  requestEnded(): void {
    this.inflightRequests--;
    this.changed();
  }

  /** Resolves once no execution is running and no API call is in flight (calls may start executions). */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.isIdle()) {
        await drainMicrotasks();
        if (this.isIdle()) return;
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Aborts every running execution; their parked tasks close with them. */
  async stopAll(): Promise<void> {
    this.stopped = true;
    for (const execution of this.executions.values()) {
      execution.close('ABORTED', 'States.Aborted', 'Local Step Functions stopped');
    }
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  private isIdle(): boolean {
    if (this.inflightRequests > 0) return false;
    for (const execution of this.executions.values()) if (!execution.finished) return false;
    return true;
  }

  private changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
