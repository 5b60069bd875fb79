import { recordAnswer } from '#use-cases/questions/record';
import { recordTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(recordTask, recordAnswer);
