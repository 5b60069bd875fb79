import { endWithoutBlame } from '#core/endings';
import { phaseTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(phaseTask, endWithoutBlame);
