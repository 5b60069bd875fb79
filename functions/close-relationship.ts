import { closeRelationship } from '#core/endings';
import { closeTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(closeTask, closeRelationship);
