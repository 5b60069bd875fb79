import { actForCoordinator } from '#use-cases/questions/act-for-coordinator';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.actForCoordinator, actForCoordinator);
