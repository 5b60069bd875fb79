import { recordCheckIn } from '#core/meetings';
import { recordTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(recordTask, recordCheckIn);
