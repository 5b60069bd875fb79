import { askParticipants } from '#use-cases/questions/ask';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.askParticipants, askParticipants);
