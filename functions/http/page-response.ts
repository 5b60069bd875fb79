import { languageTag, noticePage } from '#presentation/pages/answer-page';
import { PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { SUPPORTED_LOCALES } from '#presentation/messages/index';
import type { LinkPage, LinkVisit } from '#use-cases/questions/responses';
import type { AnswerRequest } from './answer-request.ts';

const ANSWER_METHODS = ['GET', 'HEAD', 'POST'];

/**
 * The language of a page no link tells (an unknown link, a failure before the link was read):
 * the browser's first preference the program speaks, else English.
 */
export const browserLocale = (request: Pick<AnswerRequest, 'headers'>): string => {
  const wanted = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter(Boolean);
  for (const tag of wanted) {
    const found = SUPPORTED_LOCALES.find((locale) => locale === tag || tag.startsWith(`${locale}-`));
    if (found) return found;
  }
  return 'en';
};

/** A page as API Gateway hands it on, through the REST API and the HTTP API alike. */
export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Every answer page as the browser gets it, error pages included, with the same private headers and its language. */
export const pageResponse = (statusCode: number, html: string, method: string, locale: string, headers: Record<string, string> = {}): PageResponse => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-language': languageTag(locale),
    ...PAGE_SECURITY_HEADERS,
    ...headers,
  },
  body: method === 'HEAD' ? '' : html,
});

/** A page with one message of its own, in `locale`. */
export const messageResponse = (
  statusCode: number,
  key: Parameters<typeof noticePage>[0],
  method: string,
  locale: string,
  headers: Record<string, string> = {},
): PageResponse => pageResponse(statusCode, noticePage(key, locale), method, locale, headers);

/**
 * The largest answer a page takes, in bytes. A form filled in on the page is a few kilobytes:
 * a note of 2,000 characters is at most 18 KB once encoded. A bigger one was not sent from the
 * page, and a page that showed it back could outgrow what Lambda may answer (6 MB).
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** An answer too large to be one from the page: refused unread, whatever the link, saying what to do. */
export const refuseOversizedAnswer = (request: AnswerRequest): PageResponse | undefined => {
  const { method, body } = request;
  if (method !== 'POST' || !body || Buffer.byteLength(body, request.isBase64Encoded ? 'base64' : 'utf8') <= MAX_ANSWER_BYTES) return undefined;
  return messageResponse(413, 'tooLarge', method, browserLocale(request));
};

/** Any method but GET, HEAD and POST is refused before anything is read, whatever state the link is in. */
export const refuseOtherMethods = (request: AnswerRequest): PageResponse | undefined =>
  ANSWER_METHODS.includes(request.method)
    ? undefined
    : messageResponse(405, 'methodNotAllowed', request.method, browserLocale(request), { allow: ANSWER_METHODS.join(', ') });

const formBody = ({ body, isBase64Encoded }: AnswerRequest): URLSearchParams =>
  new URLSearchParams(body ? (isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body) : '');

/** GET and HEAD open the link, with the e-mail's button as the answer chosen so far; a POST presses the page's button. */
export const visitOf = (request: AnswerRequest): LinkVisit =>
  request.method === 'POST'
    ? { linkId: request.linkId, pressed: true, form: formBody(request) }
    : { linkId: request.linkId, pressed: false, ...(request.query.answer ? { chosen: request.query.answer } : {}) };

const STATUS: Record<Exclude<LinkPage['shown'], 'unknown' | 'closed'>, number> = { form: 200, refused: 400, answered: 200, thanks: 200 };

/** The page a visit came to, as the browser gets it: HEAD without its body. */
export const responseTo = (request: AnswerRequest, page: LinkPage): PageResponse => {
  if (page.shown === 'unknown') return messageResponse(404, 'notFound', request.method, browserLocale(request));
  if (page.shown === 'closed') return messageResponse(410, 'closed', request.method, page.locale);
  return pageResponse(STATUS[page.shown], page.html, request.method, page.locale);
};
