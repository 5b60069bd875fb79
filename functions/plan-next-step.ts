import { planNextStep } from '#core/meetings';
import { phaseTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(phaseTask, planNextStep);
