import { startSharedPostgres } from './postgres.js';

/** vitest globalSetup of the `postgres` project: one PostgreSQL server for the run (or the reason there is none). */
export default function setup(): Promise<() => Promise<void>> {
  return startSharedPostgres();
}
