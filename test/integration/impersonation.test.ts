import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PEOPLE, type World } from '../support/harness.js';
import { authenticatedWorld, type TokenOptions } from '../support/channel.js';
import { TENANT } from '../support/teams-client.js';

let w: World;
let token: (o?: TokenOptions) => Promise<string>;
beforeAll(async () => {
  ({ w, token } = await authenticatedWorld());
  const now = new Date().toISOString();
  const u = PEOPLE.coordinator;
  await w.bot.deps.store.people.save({
    id: u.aadObjectId,
    tenantId: TENANT,
    name: u.name,
    email: u.email,
    municipality: '4005',
    selfRegistered: false,
    linkedAt: now,
    updatedAt: now,
  });
});
afterAll(async () => w.close());

/** An attacker's activity: from.id set to the coordinator's Entra id, no aadObjectId, the tenant only in channelData. */
const forged = (channelId: string, conversation: string) => ({
  type: 'message',
  id: 'forged-1',
  channelId,
  serviceUrl: w.connector.url,
  text: 'behov',
  from: { id: PEOPLE.coordinator.aadObjectId, name: 'Ingrid Haugen' },
  recipient: { id: '28:ksf-bot', name: 'KSF' },
  conversation: { id: conversation },
  channelData: { tenant: { id: TENANT } },
  locale: 'nb-NO',
});

describe('with BOT_ID set, a valid token for another channel cannot act as someone', () => {
  it.each(['directline', 'webchat'])("a %s token with a coordinator's id in from.id is refused (403), stores and sends nothing", async (channel) => {
    await w.connector.clear();
    const r = await w.client(PEOPLE.coordinator).post(forged(channel, `dl-${channel}`), { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.body)).not.toMatch(/Notodden|KB-/);
    expect(await w.bot.deps.store.conversations.get(`dl-${channel}`)).toBeUndefined();
    expect(await w.bot.deps.store.people.count()).toBe(1);
    expect(await w.connector.activities()).toEqual([]);
  });

  it('a Teams activity without aadObjectId is not taken as the person in from.id: told in words, nothing stored', async () => {
    // an invoke, so the answer comes back in the HTTP response (offline, the bot cannot get a token to send)
    const activity = {
      ...forged('msteams', 'a:no-aad'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      replyToId: 'x',
      value: { action: { type: 'Action.Execute', verb: 'need.filter', data: { scope: 'cluster' } } },
    };
    const r = await w.client(PEOPLE.coordinator).post(activity, { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(200);
    expect(r.body.value).toMatch(/kan ikke se hvem du er/);
    expect(JSON.stringify(r.body)).not.toMatch(/Notodden|KB-/);
    expect(await w.bot.deps.store.conversations.get('a:no-aad')).toBeUndefined();
    expect(await w.bot.deps.store.people.count()).toBe(1);
  });

  it('the tenant comes from conversation.tenantId only: channelData cannot supply an allowed one', async () => {
    const c = w.client(PEOPLE.coordinator);
    const a = c.activity({
      type: 'message',
      text: 'behov',
      conversation: { id: c.conversationId, conversationType: 'personal' },
      channelData: { tenant: { id: TENANT } },
    });
    const r = await c.post(a, { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(200);
    expect(await w.bot.deps.store.conversations.get(c.conversationId)).toBeUndefined();
  });

  it('a real Teams activity from the coordinator still works', async () => {
    await w.connector.roster([
      { id: PEOPLE.coordinator.id, name: PEOPLE.coordinator.name, aadObjectId: PEOPLE.coordinator.aadObjectId, email: PEOPLE.coordinator.email },
    ]);
    const c = w.client(PEOPLE.coordinator);
    const r = await c.post(
      c.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'language.set', data: { lang: 'nn' } } } }),
      { authorization: `Bearer ${await token()}` },
    );
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await w.bot.deps.store.conversations.get(c.conversationId))?.personId).toBe(PEOPLE.coordinator.aadObjectId);
  });
});
