import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit, PostgreSQL backend and conversation tests on the JSON store (`json`), and the
 * same conversation tests again on PostgreSQL (`postgres`: one throwaway server for the run, a
 * fresh database per test world; see test/support/postgres.ts). Tests of the JSON store's own files
 * (journal, snapshot, full disk) run in `json` only.
 */
const JSON_ONLY = ['test/integration/store.test.ts', 'test/integration/store-disk.test.ts', 'test/integration/full-disk.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'json', include: ['test/**/*.test.ts'], exclude: ['test/reliability/**', 'test/e2e/**', 'node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts'],
          exclude: JSON_ONLY,
          env: { KSF_TEST_STORE: 'postgres' },
          globalSetup: ['test/support/postgres-setup.ts'],
          setupFiles: ['test/support/postgres-skip.ts'],
        },
      },
    ],
  },
});
