import { planPhase } from '#use-cases/phases/plan-phase';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.planPhase, planPhase);
