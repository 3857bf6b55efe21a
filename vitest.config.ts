import { defineConfig } from 'vitest/config';

/**
 * One run, several projects: `unit` is pure logic (fast, `npm run check`); `server` runs the API
 * on real databases (PGlite always, PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set).
 * Projects run in groups (`sequence.groupOrder`): the light ones together first, then the server
 * tests with their own worker limit, then the browser tests alone.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/test/unit/**/*.test.ts', 'bench/test/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/test/**/*.test.ts'],
          exclude: ['apps/server/test/unit/**'],
          environment: 'node',
          globalSetup: ['apps/server/test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'comfyui-mock',
          include: ['apps/comfyui-mock/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: './apps/web/vitest.config.ts', test: { name: 'web', root: './apps/web', sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['infra/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
