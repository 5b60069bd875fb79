import { askParticipants } from '#use-cases/answering/ask';
import { questionTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(questionTask, askParticipants);
