import { planPause } from '#use-cases/pauses/pauses';
import { phaseTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(phaseTask, planPause);
