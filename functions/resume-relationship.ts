import { resumeRelationship } from '#use-cases/pauses/pauses';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.resumeRelationship, resumeRelationship);
