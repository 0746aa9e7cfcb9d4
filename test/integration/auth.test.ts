import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { CryptoKey } from 'jose';
import { PEOPLE, type World } from '../support/harness.js';
import { authenticatedWorld, type TokenOptions } from '../support/channel.js';

let w: World;
let token: (o?: TokenOptions) => Promise<string>;
let otherKey: CryptoKey;

beforeAll(async () => {
  ({ w, token, otherKey } = await authenticatedWorld());
});
afterAll(async () => w.close());

describe('with BOT_ID set, the endpoint authenticates every request', () => {
  const invoke = () =>
    w
      .client(PEOPLE.contact)
      .activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'language.set', data: { lang: 'nn' } } } });

  it('answers 401, never 500, without an Authorization header', async () => {
    const r = await w.client(PEOPLE.contact).post(invoke());
    expect(r.status).toBe(401);
  });

  it.each([
    ['signed with another key', () => token({ signer: otherKey })],
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 600 })],
    ['for another audience', () => token({ aud: 'someone-else' })],
    ['from another issuer', () => token({ iss: 'https://evil.example.com' })],
    ['that is not a JWT', async () => 'not.a.jwt'],
  ])('answers 401 to a token %s, and stores nothing', async (_name, make) => {
    const r = await w.client(PEOPLE.contact).post(invoke(), { authorization: `Bearer ${await make()}` });
    expect(r.status).toBe(401);
    expect(await w.bot.deps.store.people.count()).toBe(0);
  });

  it('accepts a token signed with the channel key', async () => {
    const r = await w.client(PEOPLE.contact).post(invoke(), { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });
});
