import { recordAnswer } from '#core/questions/record';
import { recordTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(recordTask, recordAnswer);
