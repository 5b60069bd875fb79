import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { VirtualClock } from '../virtual-clock.ts';

export type { HistoryEvent };

export type LocalHandler = (event: unknown) => Promise<unknown>;

export interface LocalStateMachine {
  arn: string;
  name: string;
  /** ASL JSON (JSONPath). */
  definition: object;
}

export interface LocalStepFunctionsEvent {
  executionArn: string;
  /** A history event type, e.g. TaskStateEntered or ExecutionSucceeded. */
  type: string;
  stateName?: string;
}

export interface LocalStepFunctionsOptions {
  stateMachines: LocalStateMachine[];
  /** Program time: Wait states, timeouts and history timestamps follow it. */
  clock: VirtualClock;
  /** Task tokens are drawn from it, so a run repeats its history exactly. */
  seed?: number;
  /**
   * Wall-clock time a handler may take before it fails as a timed-out Lambda function (default
   * 30 s, as deployed), for all or, as Lambda's own setting, per function name.
   */
  functionTimeoutMs?: number | Record<string, number>;
  /** Handlers that may run at once, as a Lambda concurrency limit (default 16); the others wait their turn. */
  concurrentHandlers?: number;
  /** Keyed by FunctionName exactly as written in the Task's Parameters (or a Task's Lambda ARN Resource). */
  handlers: Record<string, LocalHandler>;
  /** Default 0: any free port. Binds 127.0.0.1 only. */
  port?: number;
  /** Live progress; never carries payloads. */
  onEvent?: (e: LocalStepFunctionsEvent) => void;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionSummary {
  /** Same as executionArn. */
  arn: string;
  executionArn: string;
  name: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  /** How many times it was redriven, and when last. */
  redriveCount: number;
  redriveDate?: Date;
}
