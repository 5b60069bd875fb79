import { planNextStep } from '#use-cases/meetings/meetings';
import { phaseTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(phaseTask, planNextStep);
