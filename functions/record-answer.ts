import { recordAnswer } from '#use-cases/questions/record';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.recordAnswer, recordAnswer);
