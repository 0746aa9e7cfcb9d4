import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { generateKeyPair, exportJWK, SignJWT, type CryptoKey } from 'jose';
import { world, PEOPLE, type World } from '../support/harness.js';
import { TENANT } from '../support/teams-client.js';

const BOT_ID = '3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21';
let w: World;
let key: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const publicKey = await exportJWK(pair.publicKey);
  w = await world((c) => ({
    BOT_ID,
    BOT_PASSWORD: 'not-used-offline',
    KSF_ALLOWED_TENANTS: TENANT,
    BOT_OPENID_METADATA_URL: c.openIdMetadataUrl,
  }));
  await w.connector.publishKeys({ keys: [{ ...publicKey, kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
});
afterAll(async () => w.close());

async function token(opts: { signer?: CryptoKey; aud?: string; exp?: number; iss?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ serviceurl: w.connector.url })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
    .setIssuer(opts.iss ?? 'https://api.botframework.com')
    .setAudience(opts.aud ?? BOT_ID)
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(opts.exp ?? now + 3600)
    .sign(opts.signer ?? key);
}

describe('with BOT_ID set, the endpoint authenticates every request', () => {
  const invoke = () => w.client(PEOPLE.contact).activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'language.set', data: { lang: 'nn' } } } });

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
    expect(w.bot.deps.store.people.count()).toBe(0);
  });

  it('accepts a token signed with the channel key', async () => {
    const r = await w.client(PEOPLE.contact).post(invoke(), { authorization: `Bearer ${await token()}` });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });
});
