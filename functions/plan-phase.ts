import { planPhase } from '#use-cases/phases/plan-phase';
import { phaseTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(phaseTask, planPhase);
