import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';

export const LINK_MINUTES = 15;

/** The signing key, created once and kept in the store so links survive a restart. */
function secret(deps: Deps): Buffer {
  const existing = deps.store.engine.get<{ id: string; value: string }>('meta', 'link-secret');
  if (existing) return Buffer.from(existing.value, 'base64');
  const value = randomBytes(32).toString('base64');
  void deps.store.engine.commit([{ c: 'meta', id: 'link-secret', v: { id: 'link-secret', value } }]);
  return Buffer.from(value, 'base64');
}

const sign = (deps: Deps, kind: string, payload: string) => createHmac('sha256', secret(deps)).update(`${kind}.${payload}`).digest('base64url');

/** A link to `/<kind>/<token>` for one person that expires after {@link LINK_MINUTES}. */
export function signedLink(deps: Deps, path: string, kind: string, data: Record<string, string>): string {
  const payload = Buffer.from(JSON.stringify({ ...data, e: deps.clock.now().getTime() + LINK_MINUTES * 60_000 })).toString('base64url');
  return `${deps.config.publicUrl}${path}/${payload}.${sign(deps, kind, payload)}`;
}

/** The data of a valid, unexpired token of `kind`, or why not. */
export function verifyToken(deps: Deps, kind: string, token: string): { data: Record<string, string> } | { error: 'invalid' | 'expired' } {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return { error: 'invalid' };
  const expected = Buffer.from(sign(deps, kind, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'invalid' };
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { error: 'invalid' };
  }
  if (typeof data.e !== 'number') return { error: 'invalid' };
  if (deps.clock.now().getTime() > data.e) return { error: 'expired' };
  return { data: Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Record<string, string> };
}

export const LINK_MESSAGES = {
  invalid: 'Lenken er ugyldig. / The link is not valid.',
  expired: 'Lenken er utløpt – be boten om en ny. / The link has expired – ask the bot for a new one.',
  forbidden: 'Du har ikke lenger tilgang til dette. / You no longer have access to this.',
};

/** Sends a CSV download (already BOM-prefixed) with a file name. */
export function sendCsv(res: import('node:http').ServerResponse, filename: string, csv: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(csv);
}

export function sendLinkError(res: import('node:http').ServerResponse, error: keyof typeof LINK_MESSAGES): void {
  res.writeHead(error === 'forbidden' ? 403 : 410, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(LINK_MESSAGES[error]);
}
