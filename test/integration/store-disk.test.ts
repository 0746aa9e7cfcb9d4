import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/store.js';
import { StoreUnavailableError, StoreUnwritableError } from '../../src/store/errors.js';
import type { PersonRecord } from '../../src/domain/people.js';
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../support/small-disk.js';

function person(i: number, bytes = 3000): PersonRecord {
  const now = new Date(2026, 0, 1).toISOString();
  return {
    id: `aad-${i}`,
    tenantId: 't',
    name: `Person ${i} ${'x'.repeat(bytes)}`,
    email: `p${i}@example.no`,
    municipality: '3318',
    selfRegistered: true,
    linkedAt: now,
    updatedAt: now,
  };
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every line of the journal is whole and parses; returns the number of lines. */
function journalLines(file: string): number {
  const text = readFileSync(`${file}.journal`, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').slice(0, -1);
  for (const line of lines) JSON.parse(line);
  return lines.length;
}

const quick = { recoveryIntervalMs: 50, minFreeBytes: 256 * 1024 };

describe.skipIf(smallDiskUnavailable)('the store on a full disk (a real 3 MB tmpfs)', () => {
  let disk: SmallDisk;
  let file: string;
  beforeEach(() => {
    disk = mountSmallDisk('3m');
    file = join(disk.dir, 'ksf.json');
  });
  afterEach(() => disk.unmount());

  it('resolves only what is on disk, undoes the rest in memory and indexes, refuses changes, and recovers when space returns', async () => {
    let store: Store = await openStore(file, quick);
    await store.people.save(person(0));
    disk.fill(40 * 1024);
    const acknowledged = new Set<string>(['aad-0']);
    const refused = new Set<string>();
    let failure: unknown;
    // bursts of concurrent commits (group commit): a failed write undoes its batch and all queued after it
    for (let i = 1; !failure && i < 500; i += 4) {
      const ids = [i, i + 1, i + 2, i + 3];
      const results = await Promise.allSettled(ids.map((k) => store.people.save(person(k))));
      results.forEach((r, k) => {
        if (r.status === 'fulfilled') acknowledged.add(`aad-${ids[k]}`);
        else {
          refused.add(`aad-${ids[k]}`);
          failure = r.reason;
        }
      });
    }
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).failure).toBe('disk-full');
    expect(acknowledged.size).toBeGreaterThan(3);
    // readers see exactly what is durable: no refused record, nor in the e-mail index
    expect(await store.people.count()).toBe(acknowledged.size);
    for (const id of refused) {
      expect(await store.people.get(id)).toBeUndefined();
      expect(await store.people.findByEmail(`p${id.slice(4)}@example.no`)).toBeUndefined();
    }
    for (const id of acknowledged) expect((await store.people.findByEmail(`p${id.slice(4)}@example.no`))?.id).toBe(id);
    expect(store.health()).toMatchObject({ writable: false, failure: 'disk-full' });
    expect(store.health().reason).toMatch(/no space left on the disk \(ENOSPC\)/);
    // the journal was cut back to its last whole line: one line per acknowledged commit
    expect(journalLines(file)).toBe(acknowledged.size);
    // while full, a change is refused at once and changes nothing
    await expect(store.people.save(person(9999))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.people.get('aad-9999')).toBeUndefined();

    const freed = Date.now();
    disk.free();
    await until('the store to write again', () => store.health().writable);
    const recoveredMs = Date.now() - freed;
    await store.people.save(person(10_000));
    acknowledged.add('aad-10000');
    expect(recoveredMs).toBeLessThan(5000);
    await store.close();

    store = await openStore(file, quick);
    expect(new Set((await store.engine.values<PersonRecord>('people')).map((p) => p.id))).toEqual(acknowledged);
    await store.close();
  });

  it('survives a compaction that finds no room: temp file removed, old snapshot and journal kept, retried later', async () => {
    const failures: Error[] = [];
    let store = await openStore(file, { ...quick, compactAtBytes: 1, compactRetryMs: 100, onCompactionFailed: (e) => failures.push(e) });
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.people.save(person(i, 3000))));
    await store.flushed();
    const compacted = (await store.stats()).compactions;
    expect(compacted).toBeGreaterThan(0);
    const snapshotBefore = readFileSync(file);
    disk.fill(120 * 1024); // room for journal lines, not for a 300 KB snapshot
    await store.people.save(person(100, 100));
    await store.flushed();
    expect(failures.length).toBe(1);
    expect((failures[0] as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(readdirSync(disk.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(file).equals(snapshotBefore)).toBe(true);
    expect(store.health().writable).toBe(true);
    expect((await store.stats()).compactions).toBe(compacted);
    // writes go on to the journal meanwhile
    await store.people.save(person(101, 100));
    disk.free();
    for (let i = 102; (await store.stats()).compactions === compacted; i++) {
      await store.people.save(person(i, 100));
      await store.flushed();
      await new Promise((r) => setTimeout(r, 20));
      if (i > 400) throw new Error('compaction was never retried');
    }
    const count = await store.people.count();
    await store.close();
    store = await openStore(file);
    expect(await store.people.count()).toBe(count);
    expect((await store.people.get('aad-101'))?.name).toMatch(/^Person 101/);
    await store.close();
  });

  it('refuses to start on a full disk with a clear message, the store left as it was', async () => {
    const store = await openStore(file);
    await store.people.save(person(1));
    await store.close();
    const before = readFileSync(file);
    disk.fill(0);
    await expect(openStore(file)).rejects.toThrow(StoreUnwritableError);
    await expect(openStore(file)).rejects.toThrow(/ksf\.json cannot be written: no space left on the disk \(ENOSPC\)\. The bot will not start/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a read-only store folder with a clear message instead of an EROFS stack trace', async () => {
    const store = await openStore(file);
    await store.people.save(person(1));
    await store.close();
    const before = readFileSync(file);
    disk.readOnly();
    await expect(openStore(file)).rejects.toThrow(StoreUnwritableError);
    await expect(openStore(file)).rejects.toThrow(
      /ksf\.json cannot be written: the file system is read-only or not writable \(EROFS\)\. The bot will not start and has not changed the store/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('temp files a killed compaction left behind', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksf-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("are removed at start (ours only, not a live process's), and the store loads", async () => {
    const file = join(dir, 'ksf.json');
    let store = await openStore(file);
    await store.people.save(person(1));
    await store.close();
    const snapshot = readFileSync(file);
    const dead = 2 ** 22 + 7;
    // what kill -9 in the middle of a compaction leaves: a temp copy of the snapshot (or journal)
    const stale = [`.ksf.json.${dead}.3.tmp`, `.ksf.json.journal.${dead}.4.tmp`, `.ksf.json.${process.pid}.9.tmp`];
    for (const name of stale) writeFileSync(join(dir, name), snapshot);
    const kept = [`.ksf.json.1.0.tmp` /* pid 1 is alive */, `.other.json.${dead}.0.tmp`, `ksf.json.${dead}.0.tmp`];
    for (const name of kept) writeFileSync(join(dir, name), 'x');
    store = await openStore(file);
    expect((await store.people.get('aad-1'))?.name).toMatch(/^Person 1 /);
    for (const name of stale) expect(existsSync(join(dir, name))).toBe(false);
    for (const name of kept) expect(existsSync(join(dir, name))).toBe(true);
    await store.close();
  });
});
