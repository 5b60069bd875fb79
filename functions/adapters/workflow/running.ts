import { RUN_FIELD } from '#domain/lifecycle/lanes';
import type { Relationship } from '#domain/model';
import { relationshipOfExecution } from '#domain/lifecycle/execution-names';
import { STATE_MACHINES, stateMachineOf } from '#domain/lifecycle/phases';
import { workflow } from './port.ts';

/**
 * The relationships with at least one execution running, on any of the lifecycle's state
 * machines: one listing per machine (a page holds up to 1,000), not a call per relationship.
 */
export const relationshipsRunning = async (): Promise<Set<string>> => {
  const running = new Set<string>();
  // The machines side by side: seven listings cost the time of one.
  await Promise.all(
    STATE_MACHINES.map(async (kind) => {
      for (const name of await workflow().running(kind)) {
        const relationshipId = relationshipOfExecution(name);
        if (relationshipId) running.add(relationshipId);
      }
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
  const statuses = await Promise.all(runs.map((run) => workflow().status(stateMachineOf(run.phase), run.name)));
  return statuses.includes('RUNNING');
};
