import { startNextPhase } from '#use-cases/phases/start-next-phase';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.startNextPhase, startNextPhase);
