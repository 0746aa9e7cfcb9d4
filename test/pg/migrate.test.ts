import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Call, CallAnswer } from '../../src/domain/calls/types.js';
import type { HistoryEntry, Need } from '../../src/domain/needs/types.js';
import type { OutboxMessage } from '../../src/domain/outbox.js';
import type { ConversationRecord, PersonRecord } from '../../src/domain/people.js';
import { migrateJsonToPg, type MigrationReport } from '../../src/store/migrate-to-pg.js';
import { openPgBackend } from '../../src/store/pg/backend.js';
import { openStore, Store } from '../../src/store/store.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { server, skipped } from './backends.js';

const run = promisify(execFile);
const TZ = 'Europe/Oslo';
const at = (day: number) => new Date(Date.UTC(2026, 2, day, 9)).toISOString();

let dir: string;
let file: string;
const opened: Store[] = [];

afterAll(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function person(i: number, municipality: string): PersonRecord {
  return {
    id: `aad-${i}`,
    tenantId: 't',
    name: `Person ${i}`,
    email: `Person${i}@kommune.no`,
    municipality,
    selfRegistered: false,
    linkedAt: at(1),
    updatedAt: at(1),
  };
}

function conversation(p: PersonRecord): ConversationRecord {
  return {
    id: `a:chat-${p.id}`,
    personId: p.id,
    userId: `29:${p.id}`,
    scope: 'personal',
    tenantId: 't',
    reference: { conversation: { id: `a:chat-${p.id}` } },
    savedAt: at(2),
  };
}

function need(id: string, ref: string, author: PersonRecord, status: Need['status']): Need {
  return {
    id,
    ref,
    municipality: author.municipality,
    authorId: author.id,
    authorName: author.name,
    status,
    title: `Fall prevention ${id}`,
    description: 'Kva verkar mot fall blant heimebuande eldre?',
    population: 'eldre',
    intervention: 'trening',
    comparison: '',
    outcome: 'færre fall',
    decision: 'tiltak',
    serviceArea: 'home-care',
    urgency: 'within-a-year',
    theme: 'helse-omsorg',
    createdAt: at(3),
    updatedAt: at(4),
  };
}

function message(id: string, p: PersonRecord, status: OutboxMessage['status']): OutboxMessage {
  return {
    id,
    kind: 'need.status',
    subject: 'n1',
    personId: p.id,
    conversationId: `a:chat-${p.id}`,
    activity: { type: 'message', text: 'Oppdatert' },
    status,
    attempts: 0,
    nextAttemptAt: at(5),
    createdAt: at(5),
  };
}

/** A JSON store written by the repositories; the last commit is left in the journal (a bot stopped before it compacted). */
async function buildJsonStore(): Promise<void> {
  const store = await openStore(file);
  const [kari, ola, per] = [person(1, '3318'), person(2, '3318'), person(3, '4001')];
  for (const p of [kari, ola, per]) {
    await store.people.save(p);
    await store.conversations.save(conversation(p));
  }
  const needs: Need[] = [];
  for (const [author, status] of [
    [kari, 'received'],
    [ola, 'assessed'],
    [kari, 'prioritised'],
  ] as const) {
    const { ref, ops: refOps } = await store.needs.reserveReference(new Date(at(3)), TZ);
    const n = need(`n${needs.length + 1}`, ref, author, status);
    needs.push(n);
    const created: HistoryEntry = { at: at(3), by: author.id, byName: author.name, as: 'author', kind: 'created', to: 'received' };
    await store.needs.commit([...refOps, store.needs.op(n), await store.needs.historyOp(n.id, created)]);
    if (status !== 'received') {
      const moved: HistoryEntry = { at: at(4), by: 'coord', byName: 'Coordinator', as: 'coordinator', kind: 'status', from: 'received', to: status };
      await store.needs.commit([await store.needs.historyOp(n.id, moved)]);
    }
  }
  const { ref, ops: callRefOps } = await store.calls.reserveReference(new Date(at(6)), TZ);
  const call: Call = {
    id: 'c1',
    ref,
    title: 'Forskingsprosjekt om fall',
    summary: 'Bli med',
    body: 'Vi søkjer kommunar.',
    sender: 'USN',
    link: '',
    deadline: '2026-04-01',
    kind: 'participation',
    target: { type: 'cluster', id: 'notodden' },
    audience: 'contacts',
    status: 'sent',
    createdBy: 'coord',
    createdByName: 'Coordinator',
    createdAt: at(6),
    updatedAt: at(6),
    municipalities: ['3318', '4001'],
  };
  await store.calls.commit([...callRefOps, store.calls.op(call)]);
  for (const [p, answer] of [
    [kari, 'join'],
    [per, 'not-relevant'],
  ] as const) {
    const a: CallAnswer = { id: `c1:${p.municipality}`, callId: 'c1', municipality: p.municipality, answer, comment: '', by: p.id, byName: p.name, at: at(7) };
    const { id: _id, callId: _c, municipality: _m, ...entry } = a;
    await store.calls.commit([store.calls.answerOp(a), await store.calls.answerHistoryOp(a.id, entry)]);
  }
  await store.outbox.save(message('m1', kari, 'pending'));
  await store.outbox.save(message('m2', ola, 'sent'));
  await store.flushed();
  const snapshot = readFileSync(file);
  const journalBefore = readFileSync(`${file}.journal`);
  await store.outbox.save(message('m3', per, 'pending'));
  await store.flushed();
  const journal = readFileSync(`${file}.journal`);
  await store.close();
  // what a bot stopped before it compacted leaves: the snapshot, and the journal with every commit
  writeFileSync(file, snapshot);
  writeFileSync(`${file}.journal`, journal);
  expect(journal.length).toBeGreaterThan(journalBefore.length);
}

const files = () => [readFileSync(file), readFileSync(`${file}.journal`)];

/** The JSON store as the bot would see it, opened from a copy (opening the original would compact it). */
async function jsonCopy(): Promise<Store> {
  const copyDir = mkdtempSync(join(dir, 'copy-'));
  cpSync(file, join(copyDir, 'ksf.json'));
  cpSync(`${file}.journal`, join(copyDir, 'ksf.json.journal'));
  const store = await openStore(join(copyDir, 'ksf.json'));
  opened.push(store);
  return store;
}

async function pgStore(url: string): Promise<Store> {
  const store = new Store(await openPgBackend(url, { poolSize: 2 }));
  opened.push(store);
  return store;
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

const byCollection = (r: MigrationReport) => Object.fromEntries(r.collections.map((c) => [c.collection, c]));
const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);
const sortById = <T extends { id: string }>(records: readonly T[]) => [...records].sort((a, b) => (a.id < b.id ? -1 : 1));

describe.skipIf(!server)(`store:migrate: a JSON store into PostgreSQL${skipped}`, () => {
  let url: string;
  let first: MigrationReport;
  let before: Buffer[];
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ksf-migrate-test-'));
    file = join(dir, 'data', 'ksf.json');
    await buildJsonStore();
    before = files();
    url = await server!.createDatabase();
    first = await migrateJsonToPg({ from: file, to: url, batchSize: 4, log: (l) => lines.push(l) });
  });

  it('writes every record of every collection, ids unchanged, and the counts agree', async () => {
    const json = await jsonCopy();
    const { counts } = await json.stats();
    expect(Object.keys(counts).sort()).toEqual([
      'answerEvents',
      'callAnswers',
      'calls',
      'conversations',
      'counters',
      'needEvents',
      'needs',
      'outbox',
      'people',
    ]);
    expect(first.ok).toBe(true);
    expect(first.stopped).toBe(false);
    for (const [c, n] of Object.entries(counts))
      expect(byCollection(first)[c]).toMatchObject({ json: n, added: n, unchanged: 0, differing: 0, written: n, pg: n, ok: true });
    // the commit left in the journal came along
    expect(byCollection(first).outbox.json).toBe(3);
    const db = await pgStore(url);
    expect((await db.stats()).counts).toEqual(counts);
    for (const c of Object.keys(counts)) {
      expect(sortById(await db.engine.values<{ id: string }>(c))).toEqual(sortById(await json.engine.values<{ id: string }>(c)));
    }
    expect(await db.needs.get('n3')).toEqual(await json.needs.get('n3'));
    expect(await db.calls.get('c1')).toEqual(await json.calls.get('c1'));
  });

  it('the repositories answer through PostgreSQL as through the JSON store: indexes are right', async () => {
    const [json, db] = [await jsonCopy(), await pgStore(url)];
    for (const s of [json, db]) {
      expect(ids(await s.needs.byAuthor('aad-1'))).toEqual(['n1', 'n3']);
      expect(ids(await s.outbox.pending())).toEqual(['m1', 'm3']);
    }
    expect(await db.needs.byAuthor('aad-1')).toEqual(await json.needs.byAuthor('aad-1'));
    expect(await db.needs.withStatus('assessed')).toEqual(await json.needs.withStatus('assessed'));
    expect(await db.needs.inMunicipalities(['3318'])).toEqual(await json.needs.inMunicipalities(['3318']));
    expect(await db.needs.history('n2')).toEqual(await json.needs.history('n2'));
    expect((await db.needs.history('n2')).map((e) => e.kind)).toEqual(['created', 'status']);
    expect(await db.outbox.pending()).toEqual(await json.outbox.pending());
    expect(await db.outbox.pendingCount()).toBe(2);
    expect(await db.outbox.bySubject('n1')).toEqual(await json.outbox.bySubject('n1'));
    expect(await db.calls.answers('c1')).toEqual(await json.calls.answers('c1'));
    expect(await db.calls.answerHistory('c1:3318')).toEqual(await json.calls.answerHistory('c1:3318'));
    expect(await db.people.findByEmail('person2@kommune.no')).toEqual(await json.people.findByEmail('person2@kommune.no'));
    expect(await db.people.byMunicipality('3318')).toEqual(await json.people.byMunicipality('3318'));
    expect(await db.conversations.personalOf('aad-3')).toEqual(await json.conversations.personalOf('aad-3'));
    // the next reference numbers go on from the JSON store's counters
    expect((await db.needs.reserveReference(new Date(at(9)), TZ)).ref).toBe((await json.needs.reserveReference(new Date(at(9)), TZ)).ref);
  });

  it('leaves the JSON store byte for byte as it was, with no lock behind', () => {
    expect(files()).toEqual(before);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a second run changes nothing and says so', async () => {
    const rows = await sql(url, 'select c, id, rev, seq from ksf_records order by c, id');
    const again = await migrateJsonToPg({ from: file, to: url });
    expect(again.ok).toBe(true);
    for (const r of again.collections) expect(r).toMatchObject({ added: 0, unchanged: r.json, differing: 0, written: 0, pg: r.json });
    expect(await sql(url, 'select c, id, rev, seq from ksf_records order by c, id')).toEqual(rows);
  });

  it('a record edited in PostgreSQL is reported and nothing is written, until --overwrite', async () => {
    await sql(url, `update ksf_records set v = jsonb_set(v, '{title}', '"Edited in the database"') where c = 'needs' and id = 'n2'`);
    const db = await pgStore(url);
    // deleted through the backend, so its index keys go too (a bot that deleted it)
    await db.engine.commit([{ c: 'outbox', id: 'm2' }]);
    expect(ids(await db.outbox.bySubject('n1')).sort()).toEqual(['m1', 'm3']);
    const stopped = await migrateJsonToPg({ from: file, to: url });
    expect(stopped).toMatchObject({ stopped: true, ok: false, differences: [{ collection: 'needs', id: 'n2', fields: ['title'] }] });
    expect(byCollection(stopped).outbox).toMatchObject({ added: 1, written: 0, pg: 2, ok: false });
    expect((await db.needs.get('n2'))?.title).toBe('Edited in the database');
    expect(await db.outbox.get('m2')).toBeUndefined();

    const overwritten = await migrateJsonToPg({ from: file, to: url, overwrite: true });
    expect(overwritten.ok).toBe(true);
    expect(byCollection(overwritten).needs).toMatchObject({ differing: 1, written: 1, pg: 3 });
    expect(byCollection(overwritten).outbox).toMatchObject({ added: 1, written: 1, pg: 3 });
    expect((await db.needs.get('n2'))?.title).toBe('Fall prevention n2');
    expect(ids(await db.needs.withStatus('assessed'))).toEqual(['n2']);
    // written after the indexes were built in this database: its index keys were written with it
    expect(ids(await db.outbox.bySubject('n1')).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(ids(await db.outbox.pending())).toEqual(['m1', 'm3']);
    expect(await db.outbox.get('m2')).toEqual((await (await jsonCopy()).outbox.get('m2'))!);
  });

  it('counters end at least as high as in the JSON store: a higher one in PostgreSQL is kept, a lower one raised', async () => {
    const id = 'needs-2026';
    await sql(url, `update ksf_records set v = jsonb_set(v, '{value}', '41') where c = 'counters' and id = $1`, [id]);
    await sql(url, `update ksf_records set v = jsonb_set(v, '{value}', '0') where c = 'counters' and id = 'calls-2026'`);
    const report = await migrateJsonToPg({ from: file, to: url });
    expect(report.ok).toBe(true);
    expect(byCollection(report).counters).toMatchObject({ unchanged: 1, raised: 1, differing: 0, written: 1 });
    const db = await pgStore(url);
    expect(await db.engine.get('counters', id)).toEqual({ id, value: 41 });
    expect(await db.engine.get('counters', 'calls-2026')).toEqual({ id: 'calls-2026', value: 1 });
  });

  it('a database with records the JSON store does not have is a count mismatch', async () => {
    await sql(url, `insert into ksf_records (c, id, v, rev) values ('people', 'stray', '{"id":"stray"}', 1)`);
    const report = await migrateJsonToPg({ from: file, to: url });
    expect(report.ok).toBe(false);
    expect(byCollection(report).people).toMatchObject({ json: 3, pg: 4, ok: false });
    await sql(url, `delete from ksf_records where c = 'people' and id = 'stray'`);
  });

  it('refuses a store a bot has open, and changes nothing', async () => {
    const bot = await openStore(file);
    try {
      await expect(migrateJsonToPg({ from: file, to: await server!.createDatabase() })).rejects.toThrow(/in use by .*Stop the bot before migrating/);
    } finally {
      await bot.close();
    }
    // the bot's close compacted the journal: start over from the files as they were
    writeFileSync(file, before[0]);
    writeFileSync(`${file}.journal`, before[1]);
  });

  it('an older store is migrated to the current schema in a temp copy, the file left as it was', async () => {
    const old = join(dir, 'v1', 'ksf.json');
    const v1 = {
      schemaVersion: 1,
      seq: 0,
      collections: {
        needs: {
          n9: {
            ...need('n9', 'KB-2025-0009', person(1, '3318'), 'assessed'),
            history: [
              { kind: 'created', at: at(1) },
              { kind: 'status', at: at(2) },
            ],
          },
        },
      },
    };
    mkdirSync(dirname(old), { recursive: true });
    writeFileSync(old, JSON.stringify(v1));
    const target = await server!.createDatabase();
    const report = await migrateJsonToPg({ from: old, to: target });
    expect(report).toMatchObject({ ok: true, foundVersion: 1, schemaVersion: 3 });
    const db = await pgStore(target);
    expect((await db.needs.history('n9')).map((e) => e.kind)).toEqual(['created', 'status']);
    expect(await db.needs.get('n9')).not.toHaveProperty('history');
    expect(readFileSync(old, 'utf8')).toBe(JSON.stringify(v1));
  });

  it('npm run store:migrate prints the count table, never the password, and exits 0', async () => {
    const target = new URL(await server!.createDatabase());
    target.password = 'hunter2-secret';
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'store:migrate', '--', '--from', file, '--to', target.toString()], {
      cwd: PROJECT_ROOT,
      timeout: 60_000,
    });
    const out = stdout + stderr;
    expect(out).toMatch(/^collection\s+JSON\s+new\s+unchanged\s+differing\s+written\s+PostgreSQL$/m);
    expect(out).toMatch(/^needs\s+3\s+3\s+0\s+0\s+3\s+3\s+ok$/m);
    expect(out).toContain('0 unchanged, 0 differing');
    expect(out).toContain('Every count agrees');
    expect(out).toContain('postgres://ksf:***@');
    expect(out).not.toContain('hunter2');
    // a second run over the CLI: nothing new; a stopped run exits 2
    await sql(target.toString(), `update ksf_records set v = jsonb_set(v, '{title}', '"x"') where c = 'needs' and id = 'n1'`);
    const failed = await run('npm', ['run', '--silent', 'store:migrate', '--', '--from', file, '--to', target.toString()], { cwd: PROJECT_ROOT }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stdout).toContain('needs/n1: title');
    expect(failed.stdout).toContain('Nothing was written. Run again with --overwrite');
    expect(failed.stdout).not.toContain('hunter2');
  });
});
