import { endWithoutBlame } from '#use-cases/endings/endings';
import { phaseTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(phaseTask, endWithoutBlame);
