import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { answerEvent, answerRequestOf } from '#http/answer-request';
import { browserLocale, messageResponse, refuseOtherMethods, refuseOversizedAnswer, responseTo, visitOf, type PageResponse } from '#http/page-response';
import { visitLink } from '#use-cases/questions/responses';
import { logger } from '#platform/logger';

/**
 * The public answer pages, reached through the REST API (payload 1.0) and, for links sent
 * before it, the HTTP API (payload 2.0): both become one request here. A failure shows a kind
 * page, never a stack trace: a 503 that asks to try again, without claiming nothing was
 * recorded, as the failure may follow the answer's write.
 */
export const handler = middy(async (event: unknown): Promise<PageResponse> => {
  const parsed = answerEvent.safeParse(event);
  if (!parsed.success) {
    // Not a request API Gateway passed on: no page to show, and nothing read.
    logger.warn('answer page event not understood', { fields: parsed.error.issues.map((issue) => issue.path.join('.')) });
    return messageResponse(404, 'notFound', 'GET', 'en');
  }
  const request = answerRequestOf(parsed.data);
  try {
    return refuseOversizedAnswer(request) ?? refuseOtherMethods(request) ?? responseTo(request, await visitLink(visitOf(request)));
  } catch (error) {
    logger.error('answer page failed', { error: (error as Error).name });
    return messageResponse(503, 'busy', request.method, browserLocale(request), { 'retry-after': '60' });
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
