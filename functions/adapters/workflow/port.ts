import type { StateMachineKind } from '#domain/lifecycle/phases';
import { stepFunctionsWorkflow, type Run, type RunStatus } from './step-functions.ts';

export type { Run, RunStatus };

/** What the product asks of Step Functions: the service itself, or an in-memory twin in fast tests. */
export interface Workflow {
  /** Starts an execution under its name: false when one of that name exists already (running or ended), as ExecutionAlreadyExists says. */
  start(machine: StateMachineKind, name: string, input: string): Promise<boolean>;
  /** Stops an execution; one that never existed is no error, nor one that already ended. */
  stop(machine: StateMachineKind, name: string, cause: string): Promise<void>;
  /** Hands a waiting task its output; throws as Step Functions does (TaskTimedOut, TaskDoesNotExist, InvalidToken) when nothing waits on the token. */
  resume(taskToken: string, output: string): Promise<void>;
  /** The names of the machine's executions running now. */
  running(machine: StateMachineKind): Promise<string[]>;
  /** An execution's status (RUNNING, SUCCEEDED, ABORTED, …); undefined when there is none of that name. */
  status(machine: StateMachineKind, name: string): Promise<string | undefined>;
  /** Every execution of every machine whose name begins with `prefix` (a relationship's `rel-…-`), with this status if given, oldest first. */
  runsNamed(prefix: string, status?: RunStatus): Promise<Run[]>;
  /** Runs a failed (or timed-out) execution again from the state that failed; false when Step Functions will not (ended 14 days ago or more, or not failed). */
  redrive(machine: StateMachineKind, name: string): Promise<boolean>;
}

let current: Workflow = stepFunctionsWorkflow;

/** The workflow service used from now on; none: Step Functions again. */
export const useWorkflow = (workflow: Workflow = stepFunctionsWorkflow): void => {
  current = workflow;
};

export const workflow = (): Workflow => current;
