import { sendIntroduction } from '#core/introduction';
import { relationshipTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(relationshipTask, sendIntroduction);
