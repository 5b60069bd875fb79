import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { relationshipOfExecution } from '#domain/lifecycle/execution-names';
import { STATE_MACHINES } from '#domain/lifecycle/phases';
import { stateMachineArns } from '#platform/environment';
import { stepFunctions } from './client.ts';

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
