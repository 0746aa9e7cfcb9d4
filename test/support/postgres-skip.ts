import { beforeEach } from 'vitest';

// setupFiles of the `postgres` project: when no PostgreSQL server can be started here and
// KSF_TEST_DATABASE_URL is unset, its tests are skipped, each saying why (never silently passed).
const reason = process.env.KSF_TEST_DATABASE_SKIP;
if (reason && !process.env.KSF_TEST_DATABASE_URL) {
  console.warn(`[postgres] conversation tests on PostgreSQL skipped: ${reason}`);
  beforeEach((ctx) => ctx.skip(`no PostgreSQL server: ${reason}`));
}
