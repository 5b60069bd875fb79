import { recordAnswer } from '#use-cases/questions/record';
import { watchOverAfterCheckIn } from '#use-cases/safety-net/safety-net';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

/** Records how a question ended; after a check-in, the safety net looks at the relationship. */
export const handler = taskHandler(TASKS.recordAnswer, async (task) => watchOverAfterCheckIn(await recordAnswer(task)));
