import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/store.js';
import { Engine } from '../../src/store/engine.js';
import type { Migration } from '../../src/store/types.js';
import { StoreCorruptError, StoreLockedError } from '../../src/store/errors.js';
import type { PersonRecord } from '../../src/domain/people.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksf-store-'));
  file = join(dir, 'nested', 'ksf.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What a kill -9 leaves behind: the journal as written, no compaction, a lock of a dead process.
 * (Real SIGKILLs of a running bot are in the reliability suite.)
 */
async function killed(store: Store): Promise<void> {
  const snapshot = readFileSync(file);
  const journal = readFileSync(`${file}.journal`);
  await store.close();
  writeFileSync(file, snapshot);
  writeFileSync(`${file}.journal`, journal);
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 1 }));
}

function person(i: number): PersonRecord {
  const now = new Date(2026, 0, 1).toISOString();
  return { id: `aad-${i}`, tenantId: 't', name: `Person ${i}`, municipality: '3318', selfRegistered: true, linkedAt: now, updatedAt: now };
}

describe('the JSON store', () => {
  it('keeps all 200 records of 200 concurrent saves across a restart, in fewer disk writes than saves', async () => {
    const store = await openStore(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.people.save(person(i))));
    // group commit: far fewer disk writes than commits
    expect((await store.stats()).flushes).toBeLessThan(200);
    await store.close();
    const again = await openStore(file);
    expect(await again.people.count()).toBe(200);
    expect((await again.people.get('aad-199'))?.name).toBe('Person 199');
    await again.close();
  });

  it('recovers acknowledged writes from the journal when the process died before compaction', async () => {
    const store = await openStore(file);
    await store.people.save(person(1));
    await store.people.save({ ...person(1), name: 'Renamed' });
    await killed(store);
    const again = await openStore(file);
    expect((await again.people.get('aad-1'))?.name).toBe('Renamed');
    await again.close();
  });

  it('cuts a torn last journal line (a write that was never acknowledged)', async () => {
    const store = await openStore(file);
    await store.people.save(person(1));
    await killed(store);
    appendFileSync(`${file}.journal`, '{"s":99,"ops":[{"c":"people","id":"x","v":{"na');
    const again = await openStore(file);
    expect(await again.people.count()).toBe(1);
    expect(await again.people.get('x')).toBeUndefined();
    await again.close();
  });

  it('refuses a store file that does not parse, and leaves it byte-for-byte untouched', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(file, '{"schemaVersion":1,"collections":{"people":{');
    const before = readFileSync(file);
    await expect(openStore(file)).rejects.toThrow(StoreCorruptError);
    await expect(openStore(file)).rejects.toThrow(/ksf\.json cannot be read: not valid JSON/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a second owner of the same store with a clear message', async () => {
    const store = await openStore(file);
    await expect(openStore(file)).rejects.toThrow(StoreLockedError);
    await expect(openStore(file)).rejects.toThrow(/already in use/);
    await store.close();
    const next = await openStore(file);
    await next.close();
  });

  it('runs a migration once and persists its result', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(file, JSON.stringify({ people: [{ id: 'aad-7', name: 'Old layout' }] }));
    const store = await openStore(file);
    expect((await store.people.get('aad-7'))?.name).toBe('Old layout');
    expect((await store.stats()).schemaVersion).toBe(3);
    await store.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(3);

    let runs = 0;
    const counting: Migration[] = [
      {
        to: 1,
        migrate: (d) => {
          runs++;
          return d;
        },
      },
    ];
    const again = await Engine.open(file, { migrations: counting });
    expect(runs).toBe(0);
    await again.close();
  });

  it('compacts the journal into the snapshot and keeps every record', async () => {
    const store: Store = await openStore(file, { compactAtBytes: 2_000 });
    for (let i = 0; i < 50; i++) await store.people.save(person(i));
    await store.flushed();
    expect((await store.stats()).compactions).toBeGreaterThan(0);
    expect((await store.stats()).journalBytes).toBeLessThan(2_000);
    await killed(store);
    const again = await openStore(file);
    expect(await again.people.count()).toBe(50);
    await again.close();
  });

  it('writes the snapshot as ASCII and reads back Norwegian letters and emoji unchanged', async () => {
    const store: Store = await openStore(file);
    const name = 'Ærlig Øystein Ås – «sjø» 😀';
    await store.people.save({ ...person(1), name });
    await store.close();
    expect(readFileSync(file).every((b) => b < 0x80)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('\\u00c6rlig');
    const again = await openStore(file);
    expect((await again.people.get(person(1).id))?.name).toBe(name);
    await again.close();
  });

  it('keeps every commit that arrives while a compaction is running', async () => {
    const store = await openStore(file, { compactAtBytes: 5_000 });
    const writes: Promise<void>[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 25; i++) writes.push(store.people.save({ ...person(round * 25 + i), name: `r${round}` }));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    await store.flushed();
    expect((await store.stats()).compactions).toBeGreaterThan(1);
    await killed(store);
    const again = await openStore(file);
    expect(await again.people.count()).toBe(500);
    expect((await again.people.get('aad-499'))?.name).toBe('r19');
    await again.close();
  });

  it('refuses a snapshot written by a newer version of the bot', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(file, JSON.stringify({ schemaVersion: 99, seq: 0, collections: {} }));
    await expect(openStore(file)).rejects.toThrow(/schemaVersion 99 is newer/);
  });

  it('makes stored records immutable so no handler can change state without a commit', async () => {
    const store = await openStore(file);
    await store.people.save(person(1));
    const p = (await store.people.get('aad-1'))!;
    expect(() => {
      (p as { name: string }).name = 'x';
    }).toThrow(TypeError);
    await store.close();
  });
});
