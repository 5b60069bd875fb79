import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every handler is bundled, as ESM for Node 22. Shared with `npm run bench -- --bundles`,
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
  externalModules: [],
} satisfies BundlingOptions;
