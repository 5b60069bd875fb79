import { createDispatch } from './api.ts';
import { SfnBackend } from './backend.ts';
import { compileMachine, loadTimeoutErrorClass } from './engine/index.ts';
import { startProtocolServer, type ProtocolServer } from './server.ts';
import { handlerSlots } from './slots.ts';
import type { ExecutionSummary, HistoryEvent, LocalHandler, LocalStateMachine, LocalStepFunctionsOptions } from './types.ts';

export { adaptForLocalEngine } from './engine/adapt.ts';
export type {
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
  LocalHandler,
  LocalStateMachine,
  LocalStepFunctionsEvent,
  LocalStepFunctionsOptions,
} from './types.ts';

/**
 * Runs the product's ASL in-process (aws-local-stepfunctions) behind a Step Functions
 * JSON-protocol endpoint on 127.0.0.1, so @aws-sdk/client-sfn code works unchanged.
 */
const DEPLOYED_TIMEOUT_MS = 30_000;
const timeoutOf =
  (setting: LocalStepFunctionsOptions['functionTimeoutMs']) =>
  (functionName: string): number =>
    typeof setting === 'number' ? setting : (setting?.[functionName] ?? DEPLOYED_TIMEOUT_MS);

export class LocalStepFunctions {
  readonly endpoint: string;
  /** For clients in this process: the facade without a socket. */
  readonly requestHandler: ProtocolServer['requestHandler'];
  private stopping?: Promise<void>;

  private constructor(
    private readonly backend: SfnBackend,
    private readonly server: ProtocolServer,
  ) {
    this.endpoint = server.endpoint;
    this.requestHandler = server.requestHandler;
  }

  static async start(opts: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
    await loadTimeoutErrorClass();
    const backend = new SfnBackend(
      opts.stateMachines.map(compileMachine),
      opts.handlers,
      opts.clock,
      opts.seed ?? 0,
      timeoutOf(opts.functionTimeoutMs),
      handlerSlots(opts.concurrentHandlers ?? 16),
      opts.onEvent,
    );
    const server = await startProtocolServer(opts.port ?? 0, createDispatch(backend), () => opts.clock.begin());
    return new LocalStepFunctions(backend, server);
  }

  /** Aborts running executions (ABORTED), closes their parked tasks and the server. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all([this.backend.stopAll(), this.server.close()]).then(() => undefined);
    return this.stopping;
  }

  /**
   * A deploy: executions started from now on run the new definitions; running ones keep the
   * definition they started with, as on Step Functions. Every function's next invocation,
   * running executions' included, is the new build's, as on Lambda.
   */
  deploy(stateMachines: LocalStateMachine[], handlers: Record<string, LocalHandler>): void {
    for (const machine of stateMachines.map(compileMachine)) this.backend.machines.set(machine.arn, machine);
    this.backend.deployHandlers(handlers);
  }

  /** Every execution, in the order they started (by name within an instant, so a run lists them the same way each time). */
  listAll(): ExecutionSummary[] {
    return [...this.backend.executions.values()]
      .map((e) => e.summary())
      .sort((a, b) => a.startDate.getTime() - b.startDate.getTime() || a.executionArn.localeCompare(b.executionArn));
  }

  /** Same events GetExecutionHistory returns, oldest first. */
  history(executionArn: string): HistoryEvent[] {
    return [...this.backend.execution(executionArn).history.events];
  }

  /** StartExecution without the HTTP round trip, for callers in this process (the bench's engine floor). */
  startExecution(stateMachineArn: string, name: string, input: string): ExecutionSummary {
    return this.backend.startExecution(stateMachineArn, name, input).summary();
  }

  /** SendTaskSuccess without the HTTP round trip; throws as the API would (TaskTimedOut, TaskDoesNotExist). */
  sendTaskSuccess(taskToken: string, output: string): void {
    this.backend.tokens.succeed(taskToken, output);
  }

  /** Executions not yet closed. */
  get running(): number {
    return this.backend.running;
  }

  /** Task tokens still waiting for SendTaskSuccess/Failure (for tests and diagnostics). */
  get openTaskCount(): number {
    return this.backend.tokens.openCount;
  }
}
