import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Workflow tests share one DynamoDB Local per file; files run in parallel on the CI's 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
