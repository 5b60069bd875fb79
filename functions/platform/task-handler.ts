import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ZodType } from 'zod';

import { logger } from './logger.ts';
import { asTaskError } from './transient.ts';

/**
 * A state machine task: the payload is validated against its schema, logs carry the
 * relationship id (never names or addresses), then the use case runs. A throttle or a passing
 * outage ends the task as `TransientFailure`, which the state machine retries.
 */
export const taskHandler = <S extends ZodType<{ relationshipId: string }>, R>(schema: S, useCase: (input: S['_output']) => Promise<R>) =>
  middy(async (input: S['_output']) => useCase(input))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({ relationshipId: (request.event as { relationshipId?: string }).relationshipId });
      },
    })
    .use(parser({ schema }))
    .use({
      onError: (request) => {
        request.error = asTaskError(request.error) as Error;
      },
    });
