import { sendLetters } from '#use-cases/questions/send-letters';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.sendLetters, sendLetters);
