import { planPhase } from '#core/phase-plans';
import { phaseTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(phaseTask, planPhase);
