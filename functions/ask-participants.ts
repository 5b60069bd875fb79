import { askParticipants } from '#use-cases/questions/ask';
import { questionTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(questionTask, askParticipants);
