import { recordAnswer } from '#use-cases/answering/record';
import { recordTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(recordTask, recordAnswer);
