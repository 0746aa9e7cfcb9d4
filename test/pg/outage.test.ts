import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { openPgBackend, type PgBackend } from '../../src/store/pg/backend.js';
import type { StoreHealth } from '../../src/store/write-health.js';
import { startOwnPostgres } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

// a server of its own, since this test stops it (never the shared one)
const { server, reason } = await startOwnPostgres();
let backend: PgBackend | undefined;

afterAll(async () => {
  await backend?.close();
  await server?.stop();
});

describe.skipIf(!server)(`PostgreSQL backend: the server goes away and comes back${server ? '' : ` (skipped: ${reason})`}`, () => {
  it('refuses reads and commits with StoreUnavailableError while the server is down, and works again once it is back', async () => {
    const heard: StoreHealth[] = [];
    backend = await openPgBackend(await server!.createDatabase(), {
      poolSize: 3,
      probeIntervalMs: 100,
      connectTimeoutMs: 2000,
      onHealthChange: (h) => heard.push(h),
    });
    await backend.commit([{ c: 'needs', id: 'n1', v: { id: 'n1', title: 'Before' } }]);
    expect(backend.health()).toEqual({ writable: true });

    await server!.crash!();
    const read = backend.get('needs', 'n1');
    await expect(read).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(read).rejects.toThrow('The store cannot write: the PostgreSQL database cannot be reached');
    await expect(backend.commit([{ c: 'needs', id: 'n2', v: { id: 'n2' } }])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(backend.values('needs')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(backend.health()).toMatchObject({ writable: false, failure: 'database' });
    expect(heard).toEqual([expect.objectContaining({ writable: false, failure: 'database' })]);

    await server!.restart!();
    await waitFor(() => backend!.health().writable, { timeout: 15_000, what: 'the store to be writable again' });
    expect(heard.map((h) => h.writable)).toEqual([false, true]);
    await backend.commit([{ c: 'needs', id: 'n2', v: { id: 'n2', title: 'After' } }]);
    expect(await backend.values('needs')).toEqual([
      { id: 'n1', title: 'Before' },
      { id: 'n2', title: 'After' },
    ]);
  });
});
