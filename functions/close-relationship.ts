import { closeRelationship } from '#use-cases/endings/endings';
import { closeTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(closeTask, closeRelationship);
