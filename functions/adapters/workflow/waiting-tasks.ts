import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './client.ts';

/** Resumes an execution waiting for an answer with the outcome only: who answered what stays in the tables. */
export const resumeWaitingTask = async (taskToken: string, outcome: string | undefined): Promise<void> => {
  await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ outcome }) }));
};
