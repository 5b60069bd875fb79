import { askHowTheMeetingWent } from '#core/check-in';
import { questionTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(questionTask, askHowTheMeetingWent);
