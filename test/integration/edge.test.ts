import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import { TEST_STORE, world, PEOPLE, type World } from '../support/harness.js';
import { TENANT } from '../support/teams-client.js';
import { adversarialTexts } from '../support/adversarial.js';
import { adversarialBot } from '../support/adversarial-run.js';
import { ensureBundle, BUILD_TIMEOUT } from '../support/bundle.js';
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/bot.js';

describe('a long message of whitespace freezes nobody (the bot in its own process)', () => {
  let b: Awaited<ReturnType<typeof adversarialBot>>;
  beforeAll(ensureBundle, BUILD_TIMEOUT);
  beforeAll(async () => {
    b = await adversarialBot();
  });
  afterAll(async () => b?.close());

  it.each([
    ['språk', PEOPLE.coordinator],
    ['tid', PEOPLE.coordinator],
    ['ukesoppsummering', PEOPLE.coordinator],
    ['hjelp', PEOPLE.stranger],
    ['language', PEOPLE.stranger],
  ])('"%s" + 100 KB of spaces and line breaks: the answer and /healthz within 1 s', async (word, u) => {
    for (const text of adversarialTexts(word)) {
      const { turn, health, answered } = await b.attack(u, b.client(u).activity({ type: 'message', text }), word);
      expect(turn.status).toBe(200);
      expect(turn.ms).toBeLessThan(1000);
      expect(health.ms).toBeLessThan(1000);
      expect(answered).toBe(true);
    }
  });
});

describe('every activity field the bot reads is type-checked at the edge', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
    await w.client(PEOPLE.contact).say('meg');
  });
  afterAll(async () => w.close());

  const cases: [string, (a: Record<string, any>) => void][] = [
    ['locale {a:1}', (a) => (a.locale = { a: 1 })],
    ['locale 5', (a) => (a.locale = 5)],
    ['from.aadObjectId an object', (a) => (a.from.aadObjectId = { a: 1 })],
    ['from.name a number', (a) => (a.from.name = 7)],
    ['conversation.tenantId an array', (a) => (a.conversation.tenantId = [TENANT])],
    ['conversation.conversationType an object', (a) => (a.conversation.conversationType = {})],
    ['channelData.tenant.id an object', (a) => (a.channelData = { tenant: { id: { x: 1 } } })],
    ['text an object', (a) => (a.text = { hjelp: true })],
    ['value a string', (a) => ((a.value = 'x'), delete a.text)],
    ['replyToId a number', (a) => (a.replyToId = 5)],
    ['name an array', (a) => (a.name = ['x'])],
    ['entities not an array', (a) => (a.entities = { type: 'mention' })],
    ['a mention without mentioned.id', (a) => (a.entities = [{ type: 'mention', text: '<at>KSF</at>' }])],
    ['membersAdded with an id that is an object', (a) => ((a.type = 'conversationUpdate'), (a.membersAdded = [{ id: { a: 1 } }]))],
    ['recipient missing', (a) => delete a.recipient],
    ['channelId missing', (a) => delete a.channelId],
  ];

  it.each(cases)('%s → 400, nothing stored, and the bot still answers', async (_name, spoil) => {
    const c = w.client(PEOPLE.contact);
    const a = c.activity({
      type: 'message',
      text: 'hjelp',
      conversation: { id: `a:spoiled-${Math.random()}`, conversationType: 'personal', tenantId: TENANT },
    }) as Record<string, any>;
    a.from = { ...a.from };
    spoil(a);
    const before = (await w.bot.deps.store.stats()).counts;
    const r = await c.post(a);
    expect(r.status).toBe(400);
    // nothing of this activity is stored (a background sweep may commit its own bookkeeping meanwhile)
    const after = (await w.bot.deps.store.stats()).counts;
    expect([after.people, after.conversations, after.needs]).toEqual([before.people, before.conversations, before.needs]);
    expect(await w.bot.deps.store.conversations.get(a.conversation.id)).toBeUndefined();
    expect(await w.bot.deps.store.people.get('[object Object]')).toBeUndefined();
    expect((await c.say('hjelp')).length).toBeGreaterThan(0);
  });

  it('a JSON null is an absent field, not a crash', async () => {
    const c = w.client(PEOPLE.contact);
    const r = await c.post(c.activity({ type: 'message', text: 'hjelp', value: null, locale: null, replyToId: null }));
    expect(r.status).toBe(200);
  });

  it('stores only what a conversation reference needs: 20 posts with a 200 KB recipient write a few KB', async () => {
    const c = w.client(PEOPLE.contact);
    const before = await storedBytes(w);
    for (let i = 0; i < 20; i++) {
      const r = await c.post(
        c.activity({
          type: 'message',
          text: 'hjelp',
          recipient: { id: '28:ksf-bot', name: 'KSF', junk: 'x'.repeat(200_000) },
          conversation: { id: `a:big-${i}`, conversationType: 'personal', tenantId: TENANT, junk: 'y'.repeat(20_000) },
        }),
      );
      expect(r.status).toBe(200);
    }
    const written = (await storedBytes(w)) - before;
    expect(written).toBeLessThan(20 * 2_000);
    const stored = (await w.bot.deps.store.conversations.get('a:big-7'))!;
    expect(stored.reference).toEqual({
      activityId: expect.any(String),
      bot: { id: '28:ksf-bot', name: 'KSF' },
      conversation: { id: 'a:big-7', conversationType: 'personal', tenantId: TENANT },
      channelId: 'msteams',
      serviceUrl: w.connector.url,
      locale: 'nb-NO',
    });
  });
});

describe('local mode (no BOT_ID) is not open to the network', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.close());

  it('listens on loopback only', () => {
    expect((w.bot.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('refuses an activity whose serviceUrl is not on loopback (403), stores nothing and sends nothing there', async () => {
    const c = w.client(PEOPLE.contact);
    for (const serviceUrl of [
      'https://evil.example.com/',
      'http://10.0.0.7:3978/',
      'https://smba.trafficmanager.net.evil.example/',
      'http://user:pw@127.0.0.1:1/',
    ]) {
      const r = await c.post(c.activity({ type: 'message', text: 'hjelp', serviceUrl }));
      expect(r.status, serviceUrl).toBe(403);
    }
    expect(await w.bot.deps.store.people.count()).toBe(0);
    expect(await w.bot.deps.store.conversations.get(c.conversationId)).toBeUndefined();
  });

  it('refuses a form post (application/x-www-form-urlencoded) and any other non-JSON body with 415', async () => {
    const form = new URLSearchParams({
      type: 'message',
      text: 'tid +3d',
      serviceUrl: w.connector.url,
      channelId: 'msteams',
      'from[id]': '29:ingrid',
      'from[aadObjectId]': 'aad-ingrid',
      'recipient[id]': 'b',
      'conversation[id]': 'a:form',
      'conversation[tenantId]': TENANT,
    });
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', form.toString()],
      ['text/plain', JSON.stringify({ type: 'message' })],
    ]) {
      const r = await fetch(`${w.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });
      expect(r.status, type).toBe(415);
    }
    expect(await w.bot.deps.store.conversations.get('a:form')).toBeUndefined();
  });

  it('listens beyond loopback only when KSF_LISTEN_HOST says so, and then warns loudly', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const bot = await startBot(loadConfig({ PORT: '0', KSF_STORE: join(w.dir, 'exposed.json'), KSF_LISTEN_HOST: '0.0.0.0', LOG_LEVEL: 'silent' }), { logger });
    try {
      expect((bot.server.address() as { address: string }).address).toBe('0.0.0.0');
      expect(lines.join('')).toMatch(/LOCAL MODE IS LISTENING BEYOND LOOPBACK/);
    } finally {
      await bot.stop();
    }
  });
});

/** What the store has written so far: the JSON store's journal, or the size of PostgreSQL's records. */
async function storedBytes(w: World): Promise<number> {
  const s = await w.bot.deps.store.stats();
  return TEST_STORE === 'json' ? s.journalBytes : s.dataBytes;
}
