import * as z from 'zod';

/** A request to an answer page, whichever API carried it: all the pages read of it. */
export interface AnswerRequest {
  /** In capitals. */
  method: string;
  /** The path's `{linkId}`, as API Gateway decoded it; empty when there is none. */
  linkId: string;
  /** The query's parameters, decoded; a name given twice has its values joined by commas. */
  query: Record<string, string>;
  /** Header names in lower case; a header given twice has its values joined by commas. */
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
}

// Only what the pages read is checked: anything else API Gateway adds may change without harm.
const values = z.record(z.string(), z.string().nullish()).nullish();
const lists = z.record(z.string(), z.array(z.string()).nullish()).nullish();

/** The REST API's Lambda proxy event (payload 1.0): how the answer pages are reached. */
export const restAnswerEvent = z.object({
  httpMethod: z.string(),
  pathParameters: values,
  headers: values,
  multiValueHeaders: lists,
  queryStringParameters: values,
  multiValueQueryStringParameters: lists,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
});

/** The HTTP API's event (payload 2.0): the legacy entry, kept while links it carried may be used. */
export const httpAnswerEvent = z.object({
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  pathParameters: values,
  headers: values,
  queryStringParameters: values,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
});

export const answerEvent = z.union([restAnswerEvent, httpAnswerEvent]);

/** Names in lower case, each name's values joined by commas, as the HTTP API already gives them. */
const joined = (single: z.infer<typeof values>, multiple: z.infer<typeof lists>, lowerCase: boolean): Record<string, string> => {
  const all = new Map<string, string[]>();
  const add = (name: string, found: string[]) => {
    const key = lowerCase ? name.toLowerCase() : name;
    all.set(key, [...(all.get(key) ?? []), ...found]);
  };
  if (multiple) for (const [name, found] of Object.entries(multiple)) add(name, found ?? []);
  else for (const [name, value] of Object.entries(single ?? {})) if (value !== undefined && value !== null) add(name, [value]);
  return Object.fromEntries([...all].map(([name, found]) => [name, found.join(',')]));
};

/**
 * The request in a REST API or an HTTP API event. The REST API keeps the header names as the
 * client wrote them and the query's repeated names apart; both come out as the HTTP API gives them.
 */
export const answerRequestOf = (event: z.infer<typeof answerEvent>): AnswerRequest => {
  const rest = 'httpMethod' in event;
  return {
    method: (rest ? event.httpMethod : event.requestContext.http.method).toUpperCase(),
    linkId: event.pathParameters?.linkId ?? '',
    query: rest ? joined(event.queryStringParameters, event.multiValueQueryStringParameters, false) : joined(event.queryStringParameters, undefined, false),
    headers: rest ? joined(event.headers, event.multiValueHeaders, true) : joined(event.headers, undefined, true),
    ...(event.body !== undefined && event.body !== null ? { body: event.body } : {}),
    isBase64Encoded: event.isBase64Encoded ?? false,
  };
};
