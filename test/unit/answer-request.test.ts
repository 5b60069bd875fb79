import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas';
import { answerEvent, answerRequestOf, restAnswerEvent } from '#http/answer-request';
import { EDGE_RESPONSES, PAGE_SECURITY_HEADERS } from '#presentation/pages/headers';
import { MAX_ANSWER_BYTES } from '#http/page-response';
import { lambdaContext } from '#local/handlers';
import { startResponsePages, type LocalResponsePages, type PageHandler } from '#local/services/response-pages';
import { handler as respond } from '../../functions/respond.ts';
import { requestOn, target, toHttpEvent, toRestEvent, type GeneratedRequest } from '../support/answer-requests.ts';

/**
 * The answer pages are reached through the REST API, and links sent before it through the
 * HTTP API: whichever carried a request, the pages see the same one and answer the same.
 */
const LINK = 'AAAAAAAAAAAAAAAAAAAAAAAA';
const requests: fc.Arbitrary<GeneratedRequest> = target([{ linkId: LINK, kind: 'check-in', answerable: true }])
  .chain((to) =>
    requestOn(to, {
      refusedBy: () => true,
      spoil: (_, form) => form,
      nearlyRight: () => fc.constant({ form: new URLSearchParams('answer=held') }),
    }),
  )
  // The REST API passes bodies on as text; base64 is the HTTP API's, and decodes to the same.
  .map((request) => ({ ...request, base64: false }));

const pageOf = async (event: unknown) => (await respond(event, lambdaContext('mentoring-respond'))) as { statusCode: number; headers: object; body: string };

describe('a REST API event and an HTTP API event of one request', () => {
  test('become the same request for the pages: method, link, query, headers (names in lower case) and body', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const viaRest = answerRequestOf(answerEvent.parse(toRestEvent(request)));
        expect(viaRest).toEqual(answerRequestOf(answerEvent.parse(toHttpEvent(request))));
        expect(Object.keys(viaRest.headers).every((name) => name === name.toLowerCase())).toBe(true);
      }),
      { seed: 20_271_207, numRuns: 500 },
    );
  });

  test.each([
    ['an unknown link', { method: 'GET', rawLinkId: 'not a link', linkId: 'not a link' }],
    ['a method the pages do not take', { method: 'DELETE', rawLinkId: LINK, linkId: LINK }],
    ['an answer larger than a page sends', { method: 'POST', rawLinkId: LINK, linkId: LINK, body: Buffer.alloc(MAX_ANSWER_BYTES + 1, 'a') }],
  ])('get the same page for %s, in the browser’s language', async (_, shape) => {
    const request: GeneratedRequest = { query: 'answer=held', headers: { 'accept-language': 'nl-NL,nl;q=0.9' }, base64: false, ...shape };
    const viaRest = await pageOf(toRestEvent(request));
    expect(viaRest).toEqual(await pageOf(toHttpEvent(request)));
    expect(viaRest.headers).toMatchObject({ ...PAGE_SECURITY_HEADERS, 'content-language': 'nl' });
  });

  test('a REST API event with the header names as the browser wrote them reads its language', async () => {
    const request: GeneratedRequest = { method: 'GET', rawLinkId: 'x', linkId: 'x', query: '', headers: { 'accept-language': 'it' }, base64: false };
    const event = toRestEvent(request);
    expect(Object.keys(event.headers)).toEqual(['Accept-Language']);
    expect((await pageOf(event)).headers).toMatchObject({ 'content-language': 'it' });
  });

  test('an event that is neither gets the not-found page, read no further', async () => {
    for (const event of [undefined, {}, { httpMethod: 42 }, { requestContext: {} }]) {
      const page = await pageOf(event);
      expect(page.statusCode).toBe(404);
      expect(page.headers).toMatchObject(PAGE_SECURITY_HEADERS);
      expect(page.body).toContain('<h1>Link not found</h1>');
    }
  });
});

describe('the local answer pages', () => {
  let pages: LocalResponsePages;
  const received: unknown[] = [];
  beforeAll(async () => {
    pages = await startResponsePages();
    pages.deploy((async (event: unknown) => {
      received.push(event);
      return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'seen' };
    }) as unknown as PageHandler);
  });
  afterAll(() => pages.stop());

  test('hand the function the event the REST API sends', async () => {
    const response = await fetch(`${pages.baseUrl}/r/${LINK}?answer=held&answer=moved`, {
      method: 'POST',
      headers: { 'Accept-Language': 'pl', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'answer=held&note=Cze%C5%9B%C4%87',
    });
    expect(await response.text()).toBe('seen');
    const [event] = received;
    // What Powertools takes for a REST API proxy event, to the letter.
    expect(() => APIGatewayProxyEventSchema.parse(event)).not.toThrow();
    expect(restAnswerEvent.safeParse(event).success).toBe(true);
    expect(answerRequestOf(answerEvent.parse(event))).toMatchObject({
      method: 'POST',
      linkId: LINK,
      query: { answer: 'held,moved' },
      headers: { 'accept-language': 'pl', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'answer=held&note=Cze%C5%9B%C4%87',
      isBase64Encoded: false,
    });
  });

  test('answer a path that is no page as API Gateway does: 404, the same private headers, a short text', async () => {
    const response = await fetch(`${pages.baseUrl}/somewhere/else`);
    expect(response.status).toBe(EDGE_RESPONSES.notFound.status);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get('content-type')).toBe(EDGE_RESPONSES.contentType);
    expect(await response.text()).toBe(EDGE_RESPONSES.notFound.body);
  });
});
