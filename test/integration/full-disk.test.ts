import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, textsIn } from '../support/teams-client.js';
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../support/small-disk.js';
import { waitFor } from '../support/wait.js';
import nb from '../../src/i18n/locales/nb.json' with { type: 'json' };
import nn from '../../src/i18n/locales/nn.json' with { type: 'json' };

const need = (i: number) => ({
  needId: '',
  title: `Behov ${i}`,
  description: `Beskrivelse ${i} ${'lang tekst '.repeat(130)}`,
  serviceArea: 'home-care',
  urgency: 'longer-term',
  theme: 'helse-omsorg',
});

async function health(w: World): Promise<{ status: number; body: any }> {
  const res = await fetch(`${w.bot.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe.skipIf(smallDiskUnavailable)('a full disk under the bot (a real 3 MB tmpfs)', () => {
  let disk: SmallDisk;
  let w: World;
  beforeEach(async () => {
    disk = mountSmallDisk('3m');
    w = await world({ KSF_STORE: join(disk.dir, 'ksf.json') });
  });
  afterEach(async () => {
    await w.close();
    disk.unmount();
  });

  it('keeps every need it gave a receipt for, tells the person what was not saved, reports 503 and recovers without a restart', async () => {
    const kari = w.client(PEOPLE.contact);
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const astrid = w.client(PEOPLE.contactSeljord); // gets a notice of every need from Seljord
    for (const c of [kari, sigrid, astrid]) await c.say('meg');
    disk.fill(48 * 1024);

    const receipts: string[] = [];
    let refusal: string | undefined;
    for (let i = 0; i < 300 && !refusal; i++) {
      const r = await sigrid.click('need.submit', need(i));
      expect(r.status).toBe(200);
      const ref = /registrert som (KB-\d{4}-\d+)/.exec(cardText(r.card))?.[1];
      if (ref) receipts.push(ref);
      else refusal = r.message;
    }
    expect(receipts.length).toBeGreaterThan(0);
    expect(refusal).toBe(nn['error.notSaved']);

    const degraded = await health(w);
    expect(degraded.status).toBe(503);
    expect(degraded.body).toMatchObject({ status: 'degraded', store: { writable: false } });
    expect(degraded.body.reason).toMatch(/no space left on the disk \(ENOSPC\)/);
    // a typed change is refused in the person's language; reading still works
    expect(textsIn(await kari.say('ukesoppsummering av'))).toEqual([nb['error.notSaved']]);
    expect(cardText(cardsIn(await sigrid.say('mine behov'))[0])).toContain(receipts[receipts.length - 1]); // newest first, a page of 10
    // what was refused is not shown as if it were saved
    expect((await w.bot.deps.store.needs.all()).map((n) => n.ref).sort()).toEqual([...receipts].sort());

    const freed = Date.now();
    disk.free();
    await waitFor(async () => (await health(w)).status === 200, { timeout: 15_000, interval: 50, what: 'recovery after space returned' });
    const recoveredMs = Date.now() - freed;
    expect(recoveredMs).toBeLessThan(10_000);
    expect((await health(w)).body).toMatchObject({ status: 'ok', store: { writable: true } });
    const again = await sigrid.click('need.submit', need(1000));
    const ref = /registrert som (KB-\d{4}-\d+)/.exec(cardText(again.card))?.[1];
    expect(ref).toBeDefined();
    receipts.push(ref!);
    await w.settle(); // the outbox went on sending once the store could record outcomes
    // the contact person got exactly one notice per saved need: none lost, none twice, none for the refused one
    const notices = (await w.inbox(PEOPLE.contactSeljord)).map((a) => /KB-\d{4}-\d+/.exec(JSON.stringify(a.activity))?.[0]).filter(Boolean);
    expect(notices.sort()).toEqual([...receipts].sort());

    await w.restart();
    const stored = (await w.bot.deps.store.needs.all()).map((n) => n.ref);
    expect(stored.sort()).toEqual([...receipts].sort());
    console.log(`full disk: ${receipts.length - 1} receipts before the refusal, 0 lost; writable again ${recoveredMs} ms after space returned`);
  });
});
