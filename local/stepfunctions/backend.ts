import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from './engine/index.ts';
import { SfnServiceError } from './errors.ts';
import { Execution, executionArnFor } from './execution.ts';
import { TaskTokens } from './tokens.ts';
import type { LocalHandler, LocalStepFunctionsEvent } from './types.ts';
import type { VirtualClock } from '../virtual-clock.ts';

// AWS execution names: 1-80 chars, no whitespace, brackets, wildcards, specials or control chars.
// eslint-disable-next-line no-control-regex -- control characters are exactly what AWS refuses
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** In-memory Step Functions state: machines, executions and task tokens. */
export class SfnBackend {
  readonly machines: Map<string, CompiledMachine>;
  readonly executions = new Map<string, Execution>();
  readonly tokens: TaskTokens;
  /** Executions not yet closed; the local run is over when none is left. */
  running = 0;
  private stopped = false;

  constructor(
    machines: CompiledMachine[],
    private readonly handlers: Record<string, LocalHandler>,
    readonly clock: VirtualClock,
    private readonly seed: number,
    private readonly functionTimeoutMs: (functionName: string) => number,
    private readonly handlerSlot: () => Promise<() => void>,
    private readonly onEvent?: (e: LocalStepFunctionsEvent) => void,
  ) {
    this.machines = new Map(machines.map((m) => [m.arn, m]));
    this.tokens = new TaskTokens(seed);
  }

  /** Replaces functions in place: the map every execution reads its handlers from at each invocation. */
  deployHandlers(next: Record<string, LocalHandler>): void {
    Object.assign(this.handlers, next);
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
      throw new SfnServiceError('InvalidName', `Invalid Name: '${typeof executionName === 'string' ? executionName : JSON.stringify(executionName)}'`);
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
      clock: this.clock,
      seed: this.seed,
      functionTimeoutMs: this.functionTimeoutMs,
      handlerSlot: this.handlerSlot,
      onEvent: this.onEvent,
      onClosed: () => this.running--,
    });
    this.running++;
    this.executions.set(execution.executionArn, execution);
    return execution;
  }

  /** RedriveExecution: the execution runs again from where it stopped. */
  redriveExecution(arn: unknown): Date {
    if (this.stopped) throw new SfnServiceError('ServiceUnavailable', 'Local Step Functions is stopped');
    const redriveDate = this.execution(arn).redrive();
    this.running++;
    return redriveDate;
  }

  /** Aborts every running execution; their parked tasks close with them. */
  async stopAll(): Promise<void> {
    this.stopped = true;
    for (const execution of this.executions.values()) {
      execution.close('ABORTED', 'States.Aborted', 'Local Step Functions stopped');
    }
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }
}
