import { defineConfig } from 'vitest/config';

// Two projects: fast Node unit tests, and real-browser tests that drive Debian's Chromium
// (playwright-core) against the production build served by `vite preview`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          // effect.test.ts trains the full default pair (about half a minute since training on
          // wasm got faster): issue 3's acceptance 2, checked on every run.
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run check:effect` alone (EFFECT_PRESET=<preset id> checks another preset the same way).
        test: {
          name: 'effect',
          include: ['test/browser/effect.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/globalSetup.ts'],
          testTimeout: 1_200_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
