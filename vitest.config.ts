import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Workflow files run on program time, so they may share the machine: load slows them, never changes them.
    fileParallelism: true,
    maxWorkers: 2,
    // A worker loads the CDK and the SDK once for all its files; each runtime sets and restores its own clock, ids and endpoints.
    isolate: false,
    globalSetup: ['./test/support/global-setup.ts'],
    // The two workers finish together when the longest files go first.
    sequence: { sequencer: LongestFirst },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
