import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { StateMachineKind } from '#domain/lifecycle/phases';
import { stateMachineArns } from '#platform/environment';
import { stepFunctions } from './client.ts';

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
  status: async (machine: StateMachineKind, name: string): Promise<string | undefined> => {
    try {
      return (await stepFunctions().send(new DescribeExecutionCommand({ executionArn: executionArnOf(machine, name) }))).status;
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  },
};
