import { workflow } from './port.ts';

/** Resumes an execution waiting for an answer with the outcome only: who answered what stays in the tables. */
export const resumeWaitingTask = async (taskToken: string, outcome: string | undefined): Promise<void> => {
  await workflow().resume(taskToken, JSON.stringify({ outcome }));
};
