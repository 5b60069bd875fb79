import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { runDailyChecks } from '#use-cases/checks/daily-checks';

/** Once a day, from EventBridge Scheduler (locally, once a program day): stuck relationships, and personal data past its retention. */
export const handler = middy(async () => runDailyChecks()).use(injectLambdaContext(logger, { resetKeys: true }));
