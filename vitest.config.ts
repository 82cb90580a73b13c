import { defineConfig } from 'vitest/config';

// Three tiers that say what they need (as node-llama-cpp's standalone/modelDependent split):
// unit needs nothing; model needs llama.cpp and runs in one fork with explicit threads; e2e needs a built app and Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // Some suites import a generated long transcript in beforeAll; on a loaded 2-core machine that outlasts
          // vitest's 10 s default although nothing is wrong.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'model',
          include: ['test/model/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
