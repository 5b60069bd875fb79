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
