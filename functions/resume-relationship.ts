import { resumeRelationship } from '#core/pauses';
import { phaseTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(phaseTask, resumeRelationship);
