/**
 * What every answer page response carries, error pages included, whoever sends it: the
 * function's own pages and the responses API Gateway makes itself (a throttled or refused
 * request). The URL holds the link id: never leak it to another site, never cache or index it.
 */
export const PAGE_SECURITY_HEADERS = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
} as const;

/**
 * What answers before the function does, with the same headers: API Gateway (an unknown path,
 * a body too large, a failure to reach the function, its throttle) and the firewall (too many
 * requests from one address). Plain text, short, in no language a link could tell.
 */
export const EDGE_RESPONSES = {
  contentType: 'text/plain; charset=utf-8',
  notFound: { status: 404, body: 'This page does not exist. Please use the buttons in your latest e-mail.' },
  tooLarge: { status: 413, body: 'This request is too large to be an answer. Nothing was recorded.' },
  tooManyRequests: { status: 429, body: 'Too many requests. Please wait a minute and try again.' },
  refused: { status: 403, body: 'This request was refused. Please use the buttons in your latest e-mail.' },
  otherRefusal: { body: 'This request could not be answered. Please use the buttons in your latest e-mail.' },
  unavailable: { status: 502, body: 'The answer page is not available right now. Please try again in a minute.' },
} as const;
