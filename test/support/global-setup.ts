import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { checkJava } from '#local/services/java';
import { startDynamoDb } from '#local/services/dynamodb';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One DynamoDB Local for the whole run; each runtime makes tables of its own on it. */
    dynamoDbEndpoint: string;
    /** The mentoring command, bundled once from cli/mentoring.ts for the processes the tests start. */
    mentoringCli: string;
    /** The same, its clients reaching the local runtime's loopback services as the runtime's own do. */
    mentoringLocalCli: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The mentoring command in one file: a process started from it runs the same code as
 * `npm run mentoring`, without resolving and loading some thousand modules through tsx each
 * time (seconds of CPU per command the tests run).
 */
const bundleCli = async (dir: string, name: string, inject: string[] = []): Promise<string> => {
  const outfile = join(dir, name);
  await build({
    entryPoints: [join(ROOT, 'cli/mentoring.ts')],
    inject,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The CommonJS packages it bundles call require for Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
};

/**
 * Without Java every DynamoDB Local test would fail: stop the run with the one line that says
 * why. Otherwise start one DynamoDB Local for all test files, rather than a JVM per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    await checkJava();
  } catch (error) {
    const line = new Error((error as Error).message);
    // A stack and a code frame would bury the one line that matters.
    line.stack = line.message;
    throw line;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mentoring-cli-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // As an operator runs it, and as a test runs it against the local runtime: its clients reaching
  // the loopback services as the runtime's own do (test/support/loopback-clients.ts, loaded first).
  // Letters the command writes itself (mentoring resend) read their texts from beside the bundle, as a function's do.
  const texts = join(ROOT, 'functions/presentation/messages');
  for (const locale of readdirSync(texts, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
    cpSync(join(texts, locale.name), join(dir, locale.name), { recursive: true });
  const clis = Promise.all([bundleCli(dir, 'mentoring.mjs'), bundleCli(dir, 'mentoring-local.mjs', [join(ROOT, 'test/support/loopback-clients.ts')])]);
  const [dynamoDb, cli] = await Promise.allSettled([startDynamoDb(), clis]);
  if (dynamoDb.status === 'rejected' || cli.status === 'rejected') {
    // Nothing is left running when either fails.
    if (dynamoDb.status === 'fulfilled') await dynamoDb.value.stop();
    removeDir();
    throw dynamoDb.status === 'rejected' ? dynamoDb.reason : (cli as PromiseRejectedResult).reason;
  }
  project.provide('dynamoDbEndpoint', dynamoDb.value.endpoint);
  project.provide('mentoringCli', cli.value[0]);
  project.provide('mentoringLocalCli', cli.value[1]);
  return async () => {
    await dynamoDb.value.stop();
    removeDir();
  };
}
