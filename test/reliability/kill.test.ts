import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConnector } from '../support/connector.js';
import { TeamsClient } from '../support/teams-client.js';
import { PEOPLE } from '../support/harness.js';
import { bigDirectory } from '../support/big-directory.js';
import { BotProcess } from '../support/bot-process.js';
import { seedStore } from '../../bench/seed.js';
import { waitFor } from '../support/wait.js';

const report: string[] = [];

function storeParses(file: string): void {
  JSON.parse(readFileSync(file, 'utf8'));
  const lines = readFileSync(`${file}.journal`, 'utf8').split('\n');
  // every complete line parses; only a torn last line (no newline) may not
  for (const line of lines.slice(0, -1)) if (line) JSON.parse(line);
}

describe('kill -9', () => {
  it('at three to five random moments of a 500-recipient broadcast: everyone gets the call at least once, duplicates only in flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-rel-'));
    const big = bigDirectory(dir, 41);
    const connector = await FakeConnector.start();
    const file = join(dir, 'ksf.json');
    const seeded = seedStore({ file, serviceUrl: connector.url, needs: 0, calls: 0, people: 500 });
    await connector.roster([
      { id: PEOPLE.coordinator.id, name: PEOPLE.coordinator.name, aadObjectId: PEOPLE.coordinator.aadObjectId, email: PEOPLE.coordinator.email },
    ]);
    const env = { KSF_STORE: file, KSF_DIRECTORY: big.file };
    let bot = await BotProcess.start(env);
    const ingrid = new TeamsClient(() => bot.url, connector, PEOPLE.coordinator);
    await ingrid.say('meg');
    await connector.clear();
    await connector.delay(40);
    const preview = await ingrid.click('call.preview', {
      callId: '',
      title: 'Pålitelighet',
      summary: 'Test',
      body: '',
      sender: 'KSF',
      link: '',
      deadline: '2099-01-01',
      kind: 'announcement',
      target: 'cluster:big',
      audience: 'all',
      municipalities: '',
    });
    const callId = preview.card!.actions.find((a: any) => a.verb === 'call.send').data.callId;
    await ingrid.click('call.send', { callId });
    const targets = new Set(seeded.people.map((p) => `a:personal-${p.id}`));
    const delivered = async () => (await connector.activities(true)).filter((a) => a.method === 'POST' && !a.fault && targets.has(a.conversationId));
    let kills = 0;
    while (kills < 5) {
      // a real wait: the kill must fall at a random moment of the sending, not at a state we choose
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
      const before = (await delivered()).length;
      if (before >= targets.size) break;
      await bot.kill9();
      kills++;
      storeParses(file);
      bot = await BotProcess.start(env);
    }
    await connector.delay(0);
    let got = await delivered();
    const everyoneHasIt = async () => new Set((got = await delivered()).map((a) => a.conversationId)).size >= targets.size;
    // at the deadline, the assertions below say how many are missing
    await waitFor(everyoneHasIt, { timeout: 120_000, interval: 500, what: 'the call at all 500' }).catch(() => undefined);
    const unique = new Set(got.map((a) => a.conversationId));
    const duplicates = got.length - unique.size;
    report.push(`broadcast of ${targets.size}: ${kills} kills, ${unique.size} received, ${duplicates} duplicates (in flight at the kills)`);
    console.log(report.at(-1));
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(unique.size).toBe(targets.size);
    expect(duplicates).toBeLessThanOrEqual(kills * 16);
    await bot.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('during a burst of writes: the store parses and every acknowledged registration is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-rel-'));
    const connector = await FakeConnector.start();
    const file = join(dir, 'ksf.json');
    const seeded = seedStore({ file, serviceUrl: connector.url, needs: 0, calls: 0, people: 100 });
    const env = { KSF_STORE: file };
    let bot = await BotProcess.start(env);
    const clients = seeded.people.map((p) => new TeamsClient(() => bot.url, connector, { id: `29:${p.id}`, aadObjectId: p.id, name: p.id }));
    const acknowledged: string[] = [];
    let i = 0;
    const burst = Promise.all(
      clients.map(async (c) => {
        for (let k = 0; k < 20; k++) {
          try {
            const r = await c.click('need.submit', {
              needId: '',
              title: `Behov ${i++}`,
              description: 'Beskrivelse',
              serviceArea: 'home-care',
              urgency: 'longer-term',
              theme: 'helse-omsorg',
            });
            const ref = /registrert som (KB-\d{4}-\d+)/.exec(JSON.stringify(r.card ?? ''))?.[1];
            if (ref) acknowledged.push(ref);
          } catch {
            return; // the bot died
          }
        }
      }),
    );
    // killed in the middle of the burst: once 30 of its 2,000 registrations are acknowledged
    await waitFor(() => acknowledged.length >= 30, { timeout: 60_000, what: '30 acknowledged registrations' });
    await bot.kill9();
    await burst;
    storeParses(file);
    bot = await BotProcess.start(env);
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { store: { counts: { needs: number } } };
    const snapshotAndJournal = readFileSync(file, 'utf8') + readFileSync(`${file}.journal`, 'utf8');
    const missing = acknowledged.filter((ref) => !snapshotAndJournal.includes(`"${ref}"`));
    report.push(
      `burst: ${acknowledged.length} registrations acknowledged before kill -9, ${missing.length} missing after restart, ${health.store.counts.needs} stored`,
    );
    console.log(report.at(-1));
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
    expect(health.store.counts.needs).toBeGreaterThanOrEqual(acknowledged.length);
    await bot.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a corrupt store on start with a clear message and leaves the file untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-rel-'));
    const file = join(dir, 'ksf.json');
    writeFileSync(file, '{"schemaVersion":1,"collections":{"needs":{"a":');
    const before = readFileSync(file);
    await expect(BotProcess.start({ KSF_STORE: file })).rejects.toThrow(
      /exited with 78:[\s\S]*KSF bot cannot start: The store file .*ksf\.json cannot be read: not valid JSON/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
