import { describe, it, expect, onTestFinished } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeConnector } from '../support/connector.js';
import { TeamsClient } from '../support/teams-client.js';
import { PEOPLE } from '../support/harness.js';
import { BotProcess } from '../support/bot-process.js';
import { mountSmallDisk, smallDiskUnavailable } from '../support/small-disk.js';
import { waitFor } from '../support/wait.js';
import nb from '../../src/i18n/locales/nb.json' with { type: 'json' };
import nn from '../../src/i18n/locales/nn.json' with { type: 'json' };
import en from '../../src/i18n/locales/en.json' with { type: 'json' };

const NOT_SAVED = new Set([nb['error.notSaved'], nn['error.notSaved'], en['error.notSaved']]);

const need = (i: number) => ({
  needId: '',
  title: `Fylt disk ${i}`,
  description: `Beskrivelse ${i} ${'lang tekst '.repeat(150)}`,
  serviceArea: 'home-care',
  urgency: 'longer-term',
  theme: 'helse-omsorg',
});

async function health(bot: BotProcess): Promise<{ status: number; body: any }> {
  const res = await fetch(`${bot.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

/** Every client registers needs until the bot says one was not saved; returns the receipts shown. */
async function burstUntilRefused(
  clients: TeamsClient[],
  counter: { i: number },
  onFirstRefusal?: () => Promise<void>,
): Promise<{ receipts: string[]; refusals: number }> {
  const receipts: string[] = [];
  let refusals = 0;
  let first = true;
  await Promise.all(
    clients.map(async (c) => {
      for (let k = 0; k < 300; k++) {
        let r;
        try {
          r = await c.click('need.submit', need(counter.i++));
        } catch {
          return; // the bot was killed
        }
        const ref = /(KB-\d{4}-\d+)/.exec(JSON.stringify(r.card ?? ''))?.[1];
        if (ref) receipts.push(ref);
        else if (r.message && NOT_SAVED.has(r.message)) {
          refusals++;
          if (first && onFirstRefusal) {
            first = false;
            await onFirstRefusal();
          }
          return;
        } else throw new Error(`unexpected answer: ${r.status} ${JSON.stringify(r)}`);
      }
    }),
  );
  return { receipts, refusals };
}

const report: string[] = [];

describe.skipIf(smallDiskUnavailable)('a full disk (a real 3 MB tmpfs) under the bot process', () => {
  it('loses no acknowledged need, stays up at 503 degraded, recovers without restart, and after kill -9 while full', async () => {
    const disk = mountSmallDisk('3m');
    onTestFinished(() => disk.unmount());
    const file = join(disk.dir, 'ksf.json');
    const connector = await FakeConnector.start();
    onTestFinished(() => connector.stop());
    await connector.roster(
      Object.values(PEOPLE).map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })),
    );
    const env = { KSF_STORE: file, KSF_QUIET_HOURS: 'off' };
    let bot = await BotProcess.start(env);
    onTestFinished(() => bot.stop());
    const users = [PEOPLE.contact, PEOPLE.employeeNynorsk, PEOPLE.coordinator, PEOPLE.contactSeljord, PEOPLE.otherCoordinator, PEOPLE.regionCoordinator];
    const clients = users.map((u) => new TeamsClient(() => bot.url, connector, u));
    for (const c of clients) await c.say('meg');
    const counter = { i: 0 };

    // 1. the disk fills under a burst of registrations from six people at once
    disk.fill(96 * 1024);
    const one = await burstUntilRefused(clients, counter);
    const degraded = await health(bot);
    expect(degraded.status).toBe(503);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.reason).toMatch(/ENOSPC/);
    expect(bot.proc.exitCode).toBeNull();
    const freed = Date.now();
    disk.free();
    await waitFor(async () => (await health(bot)).status === 200, { timeout: 30_000, interval: 25, what: 'recovery after space returned' });
    const recoveredMs = Date.now() - freed;
    const after = await clients[0].click('need.submit', need(counter.i++));
    const afterRef = /(KB-\d{4}-\d+)/.exec(JSON.stringify(after.card ?? ''))?.[1];
    expect(afterRef).toBeDefined();

    // 2. it fills again, and the bot is killed -9 while full, in the middle of the burst
    disk.fill(96 * 1024);
    let journalAtKill = 0;
    const two = await burstUntilRefused(clients, counter, async () => {
      journalAtKill = statSync(`${file}.journal`).size;
      await bot.kill9();
    });
    disk.free();
    bot = await BotProcess.start(env);
    const journalAfter = statSync(`${file}.journal`).size;
    const stored = readFileSync(file, 'utf8') + readFileSync(`${file}.journal`, 'utf8');
    const acknowledged = [...one.receipts, afterRef!, ...two.receipts];
    const missing = acknowledged.filter((ref) => !stored.includes(`"${ref}"`));
    const h = await health(bot);
    expect(h.status).toBe(200);

    report.push(
      `full disk: ${one.receipts.length} + ${two.receipts.length} receipts shown (${one.refusals} + ${two.refusals} "not saved"), ` +
        `${missing.length} acknowledged needs missing after kill -9 and restart, ${Math.max(0, journalAtKill - journalAfter)} journal bytes cut at restart; ` +
        `writable again ${recoveredMs} ms after space returned (no restart)`,
    );
    console.log(report.at(-1));
    expect(one.receipts.length).toBeGreaterThan(3);
    expect(one.refusals).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(h.body.store.counts.needs).toBeGreaterThanOrEqual(acknowledged.length);
    expect(recoveredMs).toBeLessThan(10_000);
  });

  it('refuses a read-only store folder with a clear message (exit 78), not an EROFS stack trace', async () => {
    const disk = mountSmallDisk('1m');
    onTestFinished(() => disk.unmount());
    const file = join(disk.dir, 'ksf.json');
    const bot = await BotProcess.start({ KSF_STORE: file });
    await bot.stop();
    const before = readFileSync(file);
    disk.readOnly();
    await expect(BotProcess.start({ KSF_STORE: file })).rejects.toThrow(
      /exited with 78:[\s\S]*KSF bot cannot start: The store .*ksf\.json cannot be written: the file system is read-only or not writable \(EROFS\)/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
