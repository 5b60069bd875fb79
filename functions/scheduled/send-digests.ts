import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { sendDigests } from '#use-cases/desk/digest';

/** Every hour, from EventBridge Scheduler (locally, when the next digest is due): each coordinator's weekly digest at the start of their working week. */
export const handler = middy(async () => sendDigests()).use(injectLambdaContext(logger, { resetKeys: true }));
