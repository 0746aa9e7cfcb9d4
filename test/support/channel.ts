import { generateKeyPair, exportJWK, SignJWT, type CryptoKey } from 'jose';
import { world, type World } from './harness.js';
import { TENANT } from './teams-client.js';

export const BOT_ID = '3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21';

export interface TokenOptions {
  signer?: CryptoKey;
  aud?: string;
  exp?: number;
  iss?: string;
}

/**
 * A bot in authenticated mode (BOT_ID set) whose channel signing keys are served by the fake
 * connector (no internet here), and a way to sign tokens as the channel would, or forge them. The key
 * is endorsed for Direct Line and Web Chat too, as Bot Framework's published keys are: a token for
 * another channel of the same Azure Bot resource is valid.
 */
export async function authenticatedWorld(): Promise<{ w: World; token(o?: TokenOptions): Promise<string>; otherKey: CryptoKey }> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const w = await world((c) => ({
    BOT_ID,
    BOT_PASSWORD: 'not-used-offline',
    KSF_ALLOWED_TENANTS: TENANT,
    BOT_OPENID_METADATA_URL: c.openIdMetadataUrl,
    KSF_ALLOWED_SERVICE_URLS: c.url,
  }));
  await w.connector.publishKeys({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: ['msteams', 'directline', 'webchat'] }],
  });
  const token = async (o: TokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: w.connector.url })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
      .setIssuer(o.iss ?? 'https://api.botframework.com')
      .setAudience(o.aud ?? BOT_ID)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(o.exp ?? now + 3600)
      .sign(o.signer ?? pair.privateKey);
  };
  return { w, token, otherKey };
}
