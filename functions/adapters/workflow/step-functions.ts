import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  type ExecutionStatus,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { STATE_MACHINES, type StateMachineKind } from '#domain/lifecycle/phases';
import { stateMachineArns } from '#platform/environment';
import { stepFunctions } from './client.ts';

export type RunStatus = ExecutionStatus;

/** An execution as a timeline shows it: which machine, its name, how it stands, when it started and stopped. */
export interface Run {
  machine: StateMachineKind;
  name: string;
  status: string;
  startedAt: string;
  stoppedAt?: string;
  executionArn: string;
}

const machineArn = (machine: StateMachineKind) => stateMachineArns()[machine];
const executionArnOf = (machine: StateMachineKind, name: string) => `${machineArn(machine).replace(':stateMachine:', ':execution:')}:${name}`;

/** Step Functions: the service on AWS, the local facade when STEPFUNCTIONS_ENDPOINT is set (the port's `Workflow`). */
export const stepFunctionsWorkflow = {
  start: async (machine: StateMachineKind, name: string, input: string): Promise<boolean> => {
    try {
      await stepFunctions().send(new StartExecutionCommand({ stateMachineArn: machineArn(machine), name, input }));
      return true;
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists) && (error as Error).name !== 'ExecutionAlreadyExists') throw error;
      return false;
    }
  },
  stop: async (machine: StateMachineKind, name: string, cause: string): Promise<void> => {
    try {
      await stepFunctions().send(new StopExecutionCommand({ executionArn: executionArnOf(machine, name), cause }));
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  },
  resume: async (taskToken: string, output: string): Promise<void> => {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output }));
  },
  running: async (machine: StateMachineKind): Promise<string[]> => {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await stepFunctions().send(
        new ListExecutionsCommand({ stateMachineArn: machineArn(machine), statusFilter: 'RUNNING', maxResults: 1000, nextToken }),
      );
      for (const { name } of page.executions ?? []) if (name) names.push(name);
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  },
  runsNamed: async (prefix: string, statusFilter?: RunStatus): Promise<Run[]> => {
    const runs: Run[] = [];
    for (const machine of STATE_MACHINES) {
      let nextToken: string | undefined;
      do {
        const page = await stepFunctions().send(
          new ListExecutionsCommand({ stateMachineArn: machineArn(machine), maxResults: 1000, nextToken, ...(statusFilter ? { statusFilter } : {}) }),
        );
        for (const { name, status, startDate, stopDate, executionArn } of page.executions ?? [])
          if (name?.startsWith(prefix))
            runs.push({
              machine,
              name,
              status: status ?? 'UNKNOWN',
              startedAt: (startDate ?? new Date(0)).toISOString(),
              ...(stopDate ? { stoppedAt: stopDate.toISOString() } : {}),
              executionArn: executionArn ?? executionArnOf(machine, name),
            });
        nextToken = page.nextToken;
      } while (nextToken);
    }
    return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.name.localeCompare(b.name));
  },
  redrive: async (machine: StateMachineKind, name: string): Promise<boolean> => {
    try {
      await stepFunctions().send(new RedriveExecutionCommand({ executionArn: executionArnOf(machine, name) }));
      return true;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionNotRedrivable') throw error;
      return false;
    }
  },
  status: async (machine: StateMachineKind, name: string): Promise<string | undefined> => {
    try {
      return (await stepFunctions().send(new DescribeExecutionCommand({ executionArn: executionArnOf(machine, name) }))).status;
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  },
};
