import { startNextPhase } from '#use-cases/phases/start-next-phase';
import { phaseTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(phaseTask, startNextPhase);
