import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FUNCTION_ACCESS, type FunctionAccess } from '#infra/stateless/function-access';
import { TEXTS } from '#infra/stateless/bundling';
import { WORKFLOW_HANDLERS } from '#workflows/handlers';
import { handler as respondFromSources } from '../../functions/respond.ts';
import { bundle, carried, handlerFiles } from '../bench/bundles.ts';

/** What each function may do, by its entry file: its grants (the daily checks' are in infra/daily-checks.ts). */
const ACCESS: Record<string, FunctionAccess> = {
  ...Object.fromEntries(Object.entries(WORKFLOW_HANDLERS).map(([key, file]) => [file, FUNCTION_ACCESS[key as keyof typeof WORKFLOW_HANDLERS]])),
  respond: FUNCTION_ACCESS.respond,
  'record-mail-event': FUNCTION_ACCESS.recordMailEvent,
  'run-daily-checks': { workflow: { ListExecutions: [], DescribeExecution: [] } },
};

/** What sending e-mail takes: the SES client, the message and calendar builders, the records that keep a send to once. */
const SENDING = [
  '@aws-sdk/client-sesv2',
  'nodemailer',
  'ical-generator',
  'timezones-ical-library',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/jmespath',
];

/**
 * What a function carries without using it, and why it is left: the task that closes a
 * relationship shares endWithoutBlame's closing, whose stopRuns it calls with no lane to stop.
 */
const CARRIED_UNUSED: Record<string, string[]> = { 'close-relationship': ['@aws-sdk/client-sfn'] };

const built = new Map<string, Set<string>>();
const handlers = await handlerFiles();

beforeAll(async () => {
  for (const [handler, output] of await bundle(handlers)) built.set(handler, new Set(carried(output).keys()));
});

describe('each function carries only what it runs: a shorter cold start', () => {
  test('every function has its grants to compare with', () => {
    expect(handlers.filter((handler) => !ACCESS[handler])).toEqual([]);
  });

  test.each(handlers)(
    '%s carries SES, the mailer and calendars only if it sends e-mail, the Step Functions client only if it calls Step Functions',
    (handler) => {
      const parts = built.get(handler)!;
      const { mail, workflow } = ACCESS[handler]!;
      const sending = SENDING.filter((part) => parts.has(part));
      if (mail) expect(sending).toContain('@aws-sdk/client-sesv2');
      else expect(sending).toEqual([]);
      expect(parts.has('@aws-sdk/client-sfn')).toBe(workflow !== undefined || !!CARRIED_UNUSED[handler]?.includes('@aws-sdk/client-sfn'));
      // Texts are written by the functions that send e-mail and by the answer pages.
      if (!mail && handler !== 'respond') expect(parts.has('i18next')).toBe(false);
    },
  );

  test('no function carries the six languages in its code, nor the Secrets Manager client only the CLI uses', () => {
    for (const [handler, parts] of built) {
      expect([handler, [...parts].filter((part) => part.startsWith(`${TEXTS}/`))]).toEqual([handler, []]);
      expect([handler, parts.has('@aws-sdk/client-secrets-manager')]).toEqual([handler, false]);
    }
  });

  test('the answer page carries no mailer, no calendar, no SES client: a participant waits for nothing it does not use', () => {
    const parts = built.get('respond')!;
    for (const part of ['nodemailer', 'ical-generator', '@aws-sdk/client-sesv2', '@aws-lambda-powertools/idempotency']) expect(parts).not.toContain(part);
  });
});

describe('a bundle as the stack ships it', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mentoring-bundles-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('the answer page, imported from its bundle in a Node process of its own, reads its texts beside it and answers as the sources do', async () => {
    await bundle(['respond'], outDir);
    // Too large an answer is refused before anything is read, in the browser's language: Polish here.
    const event = {
      httpMethod: 'POST',
      pathParameters: { linkId: 'abc' },
      headers: { 'accept-language': 'pl-PL,pl;q=0.9', 'content-type': 'application/x-www-form-urlencoded' },
      body: `answer=${'x'.repeat(70_000)}`,
      isBase64Encoded: false,
    };
    const context = `{ functionName: 'respond', awsRequestId: 'test', getRemainingTimeInMillis: () => 30000 }`;
    const script = `const { handler } = await import(${JSON.stringify(join(outDir, 'respond', 'index.mjs'))});
      process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, ${context})));`;
    const fromBundle = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } }).toString(),
    ) as {
      statusCode: number;
      body: string;
    };
    const fromSources = await respondFromSources(event, { functionName: 'respond', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as never);
    expect(fromBundle.statusCode).toBe(413);
    expect(fromBundle.body).toContain('lang="pl"');
    expect(fromBundle).toEqual(JSON.parse(JSON.stringify(fromSources)));
  });
});
