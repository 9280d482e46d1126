import { defineConfig } from 'vitest/config';

// @glamsystems/sanctum-lst-list's ESM build imports without file extensions, which only a bundler resolves.
const inlineDeps = { server: { deps: { inline: ['@glamsystems/sanctum-lst-list'] } } };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', ...inlineDeps } },
      {
        test: {
          name: 'chain',
          include: ['tests/chain/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          ...inlineDeps,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          ...inlineDeps,
          // One browser at a time (Chromium for *.test.ts, Firefox ESR for firefox-*.test.ts): this machine has two cores.
          fileParallelism: false,
        },
      },
    ],
    maxWorkers: 2,
  },
});
