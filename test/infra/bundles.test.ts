import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FUNCTION_ACCESS, type FunctionAccess } from '#infra/stateless/function-access';
import { HANDLER_BUNDLING, TEXTS } from '#infra/stateless/bundling';
import { DIGESTS_ACCESS } from '#infra/stateless/digests';
import { WORKFLOW_HANDLERS } from '#workflows/handlers';
import { handler as respondFromSources } from '../../functions/respond.ts';
import { bundle, carried, handlerFiles } from '../bench/bundles.ts';

/** What each function may do, by its entry file: its grants (the daily checks' are in infra/daily-checks.ts, the digests' in infra/digests.ts). */
const ACCESS: Record<string, FunctionAccess> = {
  ...Object.fromEntries(Object.entries(WORKFLOW_HANDLERS).map(([key, file]) => [file, FUNCTION_ACCESS[key as keyof typeof WORKFLOW_HANDLERS]])),
  respond: FUNCTION_ACCESS.respond,
  'record-mail-event': FUNCTION_ACCESS.recordMailEvent,
  'run-daily-checks': { workflow: { ListExecutions: [], DescribeExecution: [] } },
  'send-digests': DIGESTS_ACCESS,
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
 * relationship shares endWithoutBlame's closing, whose stopRuns it calls with no lane to stop;
 * asking, and the coordinator's nudge sending questions again, go through the same question kinds that record (and publish) the answers.
 */
const CARRIED_UNUSED: Record<string, string[]> = {
  'close-relationship': ['@aws-sdk/client-sfn'],
  'ask-participants': ['@aws-sdk/client-eventbridge'],
  'act-for-coordinator': ['@aws-sdk/client-eventbridge'],
};
const unused = (handler: string, part: string) => !!CARRIED_UNUSED[handler]?.includes(part);

/**
 * The default credential chain's sources a function never has (SSO, profiles, processes, web
 * identity tokens, container and instance metadata) and the STS, SSO and sign-in clients they load.
 */
const CREDENTIAL_CHAIN = [
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
  '@aws-sdk/nested-clients',
  '@smithy/credential-provider-imds',
];

const built = new Map<string, Set<string>>();
/** Each bundle's source files that left code in it. */
const modules = new Map<string, string[]>();
const handlers = await handlerFiles();

beforeAll(async () => {
  for (const [handler, output] of await bundle(handlers)) {
    built.set(handler, new Set(carried(output).keys()));
    modules.set(
      handler,
      Object.entries(output.inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([file]) => file),
    );
  }
});

describe('each function carries only what it runs: a shorter cold start', () => {
  test('every function has its grants to compare with', () => {
    expect(handlers.filter((handler) => !ACCESS[handler])).toEqual([]);
  });

  test.each(handlers)(
    '%s carries SES, the mailer and calendars only if it sends e-mail, the Step Functions client only if it calls Step Functions, the EventBridge client only if it publishes',
    (handler) => {
      const parts = built.get(handler)!;
      const { mail, workflow, events } = ACCESS[handler]!;
      const sending = SENDING.filter((part) => parts.has(part));
      if (mail) expect(sending).toContain('@aws-sdk/client-sesv2');
      else expect(sending).toEqual([]);
      expect(parts.has('@aws-sdk/client-sfn')).toBe(workflow !== undefined || unused(handler, '@aws-sdk/client-sfn'));
      expect(parts.has('@aws-sdk/client-eventbridge')).toBe(events !== undefined || unused(handler, '@aws-sdk/client-eventbridge'));
      // Texts are written by the functions that send e-mail and by the answer pages.
      if (!mail && handler !== 'respond') expect(parts.has('i18next')).toBe(false);
    },
  );

  test('no function carries the six languages in its code, nor what only the CLI uses: the Secrets Manager client, the report, its charts and CloudWatch', () => {
    for (const [handler, parts] of built) {
      expect([handler, [...parts].filter((part) => part.startsWith(`${TEXTS}/`))]).toEqual([handler, []]);
      expect([handler, parts.has('@aws-sdk/client-secrets-manager')]).toEqual([handler, false]);
      expect([handler, [...parts].filter((part) => /^(vega|d3-)|^@aws-sdk\/client-cloudwatch$/.test(part))]).toEqual([handler, []]);
    }
    for (const [handler, files] of modules)
      expect([handler, files.filter((file) => /functions\/(domain\/report|presentation\/reports)\//.test(file))]).toEqual([handler, []]);
  });

  test('no function carries the default credential chain, with its STS, SSO and sign-in clients: each signs with the session Lambda gives it', () => {
    for (const [handler, parts] of built) {
      expect([handler, CREDENTIAL_CHAIN.filter((part) => parts.has(part))]).toEqual([handler, []]);
      expect([handler, parts.has('@aws-sdk/credential-provider-env')]).toEqual([handler, true]);
    }
  });

  test('no function carries the event-stream codec: no operation it calls streams events', () => {
    for (const [handler, files] of modules)
      expect([handler, files.filter((file) => file.includes('/event-streams/') || file.includes('/eventstream-'))]).toEqual([handler, []]);
  });

  test('the answer page carries no mailer, no calendar, no SES or EventBridge client: a participant waits for nothing it does not use', () => {
    const parts = built.get('respond')!;
    for (const part of ['nodemailer', 'ical-generator', '@aws-sdk/client-sesv2', '@aws-lambda-powertools/idempotency', '@aws-sdk/client-eventbridge'])
      expect(parts).not.toContain(part);
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

  test("the stack's own bundler leaves the credential chain out too, and puts the texts beside the code", () => {
    // The tests' synth skips bundling; this bundles one function as `cdk synth` does (when the
    // function is made: the asset is in the app's folder without synthesizing the template).
    const root = join(import.meta.dirname, '../..');
    const app = new App({ outdir: join(outDir, 'assembly') });
    new NodejsFunction(new Stack(app, 'Bundled'), 'PlanPhase', {
      entry: join(root, 'functions', 'plan-phase.ts'),
      projectRoot: root,
      depsLockFilePath: join(root, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      bundling: { ...HANDLER_BUNDLING, metafile: true },
    });
    const asset = readdirSync(join(outDir, 'assembly')).find((entry) => entry.startsWith('asset.'))!;
    const { outputs } = JSON.parse(readFileSync(join(outDir, 'assembly', asset, 'index.meta.json'), 'utf8')) as Metafile;
    const parts = carried(Object.values(outputs).find((output) => output.entryPoint)!);
    expect(CREDENTIAL_CHAIN.filter((part) => parts.has(part))).toEqual([]);
    expect(parts.has('@aws-sdk/credential-provider-env')).toBe(true);
    expect(readdirSync(join(outDir, 'assembly', asset))).toEqual(expect.arrayContaining(['index.mjs', 'en', 'pl']));
  });

  test('the answer page, from its bundle, reads DynamoDB signed with the session in its environment, and with no profile or credentials file', async () => {
    await bundle(['respond'], outDir);
    // DynamoDB here knows no link: the page says so.
    const requests: IncomingHttpHeaders[] = [];
    const dynamoDb = createServer((request, response) => {
      requests.push(request.headers);
      request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
    });
    await new Promise<void>((resolve) => dynamoDb.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = dynamoDb.address() as AddressInfo;
      const event = { httpMethod: 'GET', pathParameters: { linkId: 'a'.repeat(32) }, headers: {}, body: null, isBase64Encoded: false };
      const script = `const { handler } = await import(${JSON.stringify(join(outDir, 'respond', 'index.mjs'))});
        process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, { functionName: 'respond', awsRequestId: 'test', getRemainingTimeInMillis: () => 30000 })));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        // What Lambda gives a function, and no home with an AWS folder or profile to fall back on.
        env: {
          PATH: process.env.PATH,
          HOME: outDir,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'ASIAFUNCTIONROLE',
          AWS_SECRET_ACCESS_KEY: 'secret-of-the-role',
          AWS_SESSION_TOKEN: 'session-of-the-role',
          MENTORING_TABLE: 'mentoring',
          RESPONSES_TABLE: 'responses',
          DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
        },
      });
      expect((JSON.parse(stdout) as { statusCode: number }).statusCode).toBe(404);
      expect(requests.length).toBeGreaterThan(0);
      for (const headers of requests) {
        expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAFUNCTIONROLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request,/);
        expect(headers['x-amz-security-token']).toBe('session-of-the-role');
      }
    } finally {
      await new Promise((resolve) => dynamoDb.close(resolve));
    }
  });
});
