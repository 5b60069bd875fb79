import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The texts, one folder per language: not bundled, but copied beside each bundle, where
 * functions/presentation/messages/index.ts reads a language the first time a letter or a page
 * needs it (the same place relative to the code as in the sources).
 */
export const TEXTS = 'functions/presentation/messages';
export const TEXT_FOLDERS = readdirSync(join(ROOT, TEXTS), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/**
 * Packages a function's bundle takes from the project instead, each path from the project root
 * (where the bundler runs). The default credential chain that every AWS client's runtime config
 * imports loads the STS, SSO and sign-in clients for sources a Lambda function never has: it
 * gets its role's session in its environment. The event-stream codec serves operations that
 * stream events, and no client a function uses has one.
 */
export const ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './functions/platform/lambda-credentials.ts',
  '@smithy/core/event-streams': './functions/platform/no-event-streams.ts',
};

/**
 * How every handler is bundled, as ESM for Node 22. Shared with `npm run bench:bundles`,
 * which builds the same bundles and measures them.
 */
export const HANDLER_BUNDLING = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  // CommonJS dependencies (nodemailer) still call require() inside the ESM bundle.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the SDK: the pinned version the tests ran against, not whatever the runtime ships.
  // Except the Secrets Manager client, which only the CLI loads: a function reads the erasure
  // key through the extension (functions/platform/erasure-key.ts), and would carry it unused.
  externalModules: ['@aws-sdk/client-secrets-manager'],
  esbuildArgs: { '--alias': Object.entries(ALIASES).map(([name, path]) => `${name}=${path}`) },
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => TEXT_FOLDERS.map((folder) => `cp -R "${join(inputDir, TEXTS, folder)}" "${outputDir}"`),
  },
} satisfies BundlingOptions;
