import type { StateMachineKind } from '#domain/lifecycle/phases';
import { clock } from '#platform/clock';
import type { Run, Workflow } from './port.ts';

export interface MemoryExecution {
  machine: StateMachineKind;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'ABORTED' | 'FAILED';
  cause?: string;
  startedAt: string;
  stoppedAt?: string;
}

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Step Functions in memory, for fast use-case tests: executions started by name (a name is
 * taken once: starting it again with the same input while it runs is the same execution, else
 * ExecutionAlreadyExists), stopped ones with their cause, and the outputs handed to waiting
 * tasks. Nothing runs: a test says which task tokens wait, reads what was asked, and ends
 * executions itself.
 */
export const memoryWorkflow = () => {
  const executions = new Map<string, MemoryExecution>();
  const resumed: { taskToken: string; output: unknown }[] = [];
  /** Tokens a task waits on (true), or waited on and no longer does (false). */
  const tokens = new Map<string, boolean>();
  const key = (machine: StateMachineKind, name: string) => `${machine}:${name}`;
  const twin = {
    start: async (machine, name, input) => {
      const existing = executions.get(key(machine, name));
      if (existing) return existing.status === 'RUNNING' && existing.input === input;
      executions.set(key(machine, name), { machine, name, input, status: 'RUNNING', startedAt: clock().now().toISOString() });
      return true;
    },
    stop: async (machine, name, cause) => {
      const execution = executions.get(key(machine, name));
      if (execution?.status === 'RUNNING') Object.assign(execution, { status: 'ABORTED', cause, stoppedAt: clock().now().toISOString() });
    },
    resume: async (taskToken, output) => {
      const waiting = tokens.get(taskToken);
      if (waiting === undefined) throw named('InvalidToken', 'Invalid Token');
      if (!waiting) throw named('TaskTimedOut', 'Task Timed Out');
      tokens.set(taskToken, false);
      resumed.push({ taskToken, output: JSON.parse(output) as unknown });
    },
    running: async (machine) => [...executions.values()].filter((e) => e.machine === machine && e.status === 'RUNNING').map((e) => e.name),
    status: async (machine, name) => executions.get(key(machine, name))?.status,
    redrive: async (machine, name) => {
      const execution = executions.get(key(machine, name));
      if (execution?.status !== 'FAILED') return false;
      Object.assign(execution, { status: 'RUNNING', stoppedAt: undefined });
      return true;
    },
    runsNamed: async (prefix, status) =>
      [...executions.values()]
        .filter((e) => e.name.startsWith(prefix) && (!status || e.status === status))
        .map(({ machine, name, status, startedAt, stoppedAt }): Run => ({
          machine,
          name,
          status,
          startedAt,
          ...(stoppedAt ? { stoppedAt } : {}),
          executionArn: `arn:aws:states:us-east-1:000000000000:execution:mentoring-${machine}:${name}`,
        }))
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.name.localeCompare(b.name)),
  } satisfies Workflow;
  return {
    ...twin,
    /** Every execution started, in order, with its input read. */
    executions: () => [...executions.values()].map((e) => ({ ...e, input: JSON.parse(e.input) as unknown })),
    /** Each output handed to a waiting task, in order. */
    resumed: () => resumed.map((r) => ({ ...r })),
    /** An execution ends by itself (its last state ran). */
    succeed: (machine: StateMachineKind, name: string) => {
      const execution = executions.get(key(machine, name));
      if (execution?.status === 'RUNNING') Object.assign(execution, { status: 'SUCCEEDED', stoppedAt: clock().now().toISOString() });
    },
    /** An execution fails (a state's error nothing caught). */
    fail: (machine: StateMachineKind, name: string) => {
      const execution = executions.get(key(machine, name));
      if (execution?.status === 'RUNNING') Object.assign(execution, { status: 'FAILED', stoppedAt: clock().now().toISOString() });
    },
    /** A task waits on the token, as an execution's `.waitForTaskToken` state does. */
    waitOn: (taskToken: string) => void tokens.set(taskToken, true),
    /** Nothing waits on the token any more (its task timed out): resuming it fails as Step Functions' does. */
    timeOut: (taskToken: string) => void tokens.set(taskToken, false),
  };
};
