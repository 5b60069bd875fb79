import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type * as z from 'zod';

import { logger } from './logger.ts';
import { asTaskError } from './transient.ts';

/** A task's contract: the schema of what a state machine hands it, and of what it hands back. */
export interface TaskSchemas<I extends z.ZodType<{ relationshipId: string }>, O extends z.ZodType> {
  input: I;
  output: O;
}

/**
 * A state machine task: the payload is validated against its schema, logs carry the
 * relationship id (never names or addresses), then the use case runs. The use case takes the
 * schema's output type and returns its result schema's type, so neither side can rename a
 * field alone. A throttle or a passing outage ends the task as `TransientFailure`, which the
 * state machine retries.
 */
export const taskHandler = <I extends z.ZodType<{ relationshipId: string }>, O extends z.ZodType>(
  task: TaskSchemas<I, O>,
  useCase: (input: z.output<I>) => Promise<z.input<O>>,
) =>
  middy(async (input: z.output<I>) => useCase(input))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({ relationshipId: (request.event as { relationshipId?: string }).relationshipId });
      },
    })
    .use(parser({ schema: task.input }))
    .use({
      onError: (request) => {
        request.error = asTaskError(request.error) as Error;
      },
    });
