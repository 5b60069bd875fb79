import { closeRelationship } from '#use-cases/endings/endings';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.closeRelationship, closeRelationship);
