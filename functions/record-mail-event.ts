import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { mailEventIssues, readMailEvent, sesMailEvent } from '#adapters/mail/mail-events';
import { recordMailEvent } from '#use-cases/delivery/mail-events';
import { logger } from '#platform/logger';

/**
 * A bounce or complaint from SES, through EventBridge. An event that does not fit is logged
 * (where, never what: it holds addresses) and dropped: a retry would not mend it.
 */
export const handler = middy(async (event: unknown) => {
  const parsed = sesMailEvent.safeParse(event);
  if (!parsed.success) {
    logger.error('mail event dropped: not a bounce or complaint the program can read', { issues: mailEventIssues(parsed.error) });
    return { dropped: true as const };
  }
  return recordMailEvent(readMailEvent(parsed.data));
}).use(injectLambdaContext(logger, { resetKeys: true }));
