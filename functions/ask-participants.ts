import { askParticipants } from '#core/questions/ask';
import { questionTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(questionTask, askParticipants);
