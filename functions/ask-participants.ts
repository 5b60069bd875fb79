import { askParticipants } from '#use-cases/answering/ask';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.askParticipants, askParticipants);
