import { sendLetters } from '#core/notices';
import { letterTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(letterTask, sendLetters);
