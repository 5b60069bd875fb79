import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { browserLocale, messageResponse, refuseOversizedAnswer } from '#adapters/pages/answer-page';
import { respondToLink } from '#use-cases/answering/responses';
import { logger } from '#platform/logger';

/**
 * The public answer pages. A failure shows a kind page, never a stack trace: a 503 that asks to
 * try again, without claiming nothing was recorded, as the failure may follow the answer's write.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  try {
    return refuseOversizedAnswer(event) ?? (await respondToLink(event));
  } catch (error) {
    logger.error('answer page failed', { error: (error as Error).name });
    return messageResponse(503, 'busy', event.requestContext.http.method.toUpperCase(), browserLocale(event), { 'retry-after': '60' });
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
