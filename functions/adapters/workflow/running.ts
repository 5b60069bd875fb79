import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { RUN_FIELD } from '#domain/lifecycle/lanes';
import type { Relationship } from '#domain/model';
import { relationshipOfExecution } from '#domain/lifecycle/execution-names';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { stateMachineArns } from '#platform/environment';
import { stepFunctions } from './client.ts';
import { executionArn } from './executions.ts';

/**
 * The relationships with at least one execution running, on any of the lifecycle's state
 * machines: one listing per machine (a page holds up to 1,000), not a call per relationship.
 */
export const relationshipsRunning = async (): Promise<Set<string>> => {
  const running = new Set<string>();
  // The machines side by side: seven listings cost the time of one.
  await Promise.all(
    STATE_MACHINES.map(async (kind) => {
      let nextToken: string | undefined;
      do {
        const page = await stepFunctions().send(
          new ListExecutionsCommand({ stateMachineArn: stateMachineArns()[kind], statusFilter: 'RUNNING', maxResults: 1000, nextToken }),
        );
        for (const { name } of page.executions ?? []) {
          const relationshipId = name && relationshipOfExecution(name);
          if (relationshipId) running.add(relationshipId);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }),
  );
  return running;
};

/**
 * Whether any execution the relationship noted as its lanes' current runs is running now. A
 * listing reads one machine after another, so a relationship moving from one machine to the
 * next may slip between them: asked about one by one, it cannot.
 */
export const hasRunRunning = async (relationship: Relationship): Promise<boolean> => {
  const runs = Object.values(RUN_FIELD).flatMap((field) => (relationship[field] ? [relationship[field]] : []));
  const statuses = await Promise.all(
    runs.map(async (run) => {
      try {
        return (await stepFunctions().send(new DescribeExecutionCommand({ executionArn: executionArn(run.phase, run.name) }))).status;
      } catch (error) {
        if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
        throw error;
      }
    }),
  );
  return statuses.includes('RUNNING');
};
