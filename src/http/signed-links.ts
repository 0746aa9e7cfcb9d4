import { withRetry } from '../store/unit.js';
import { ConflictError } from '../store/errors.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { remove } from '../store/erasure.js';
import type { Language } from '../domain/people.js';
import { LANGUAGES } from '../domain/people.js';
import { translator, type MessageKey } from '../i18n/index.js';

/** How long a download link works: once, within this many minutes. */
export const LINK_MINUTES = 5;
/** Used and expired link records are kept this long (so their page can still speak the person's language), then dropped. */
const KEEP_MS = 24 * 3_600_000;
const COLLECTION = 'links';

export type LinkKind = 'needs' | 'calls' | 'participation';

/** What the store keeps for one link. The token itself is not stored, only its SHA-256. */
interface LinkRecord {
  id: string;
  kind: LinkKind;
  data: Record<string, string>;
  personId: string;
  language: Language;
  expiresAt: number;
  usedAt?: number;
}

/** A token is 32 random bytes, base64url: 43 characters, nothing else. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const recordId = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * A link to `<path>/<token>` for one person: it works once, within {@link LINK_MINUTES}. The token
 * is random and says nothing; what it stands for (the person, their language, `data`) stays in
 * the store. Old records are dropped in the same commit.
 */
export async function issueLink(
  deps: Deps,
  path: string,
  kind: LinkKind,
  data: Record<string, string>,
  holder: { personId: string; language: Language },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now().getTime();
  const record: LinkRecord = { id: recordId(token), kind, data, personId: holder.personId, language: holder.language, expiresAt: now + LINK_MINUTES * 60_000 };
  const stale = (await deps.store.engine.values<LinkRecord>(COLLECTION)).filter((r) => r.expiresAt + KEEP_MS < now).map((r) => ({ c: COLLECTION, id: r.id }));
  // stored before the link is shown, so any instance can honour it at once
  await deps.store.engine.commit([{ c: COLLECTION, id: record.id, v: record }, ...stale]);
  return `${deps.config.publicUrl}${path}/${token}`;
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'forbidden' | 'unavailable';
/** Why a link was not honoured, and what the record knows of its person (for the page in their language). */
export interface LinkRefusal {
  error: LinkProblem;
  language?: Language;
  kind?: LinkKind;
}
export type Redeemed = { data: Record<string, string>; personId: string; language: Language } | LinkRefusal;

/**
 * Uses a link: the data it stands for, or why not. A valid link is marked used before anything is
 * sent (a second request, even at the same instant, is refused as used).
 */
export async function redeemLink(deps: Deps, kind: LinkKind, token: string): Promise<Redeemed> {
  if (!TOKEN.test(token)) return { error: 'invalid' };
  // a unit of work: of two requests at the same instant (on any instances) the second one's commit
  // meets the first one's, runs again, and finds the link used
  return withRetry(() => redeemOnce(deps, kind, token));
}

async function redeemOnce(deps: Deps, kind: LinkKind, token: string): Promise<Redeemed> {
  const record = await deps.store.engine.get<LinkRecord>(COLLECTION, recordId(token));
  if (!record || record.kind !== kind) return { error: 'invalid' };
  const who = { language: record.language, kind: record.kind };
  if (record.usedAt !== undefined) return { error: 'used', ...who };
  const now = deps.clock.now().getTime();
  if (now > record.expiresAt) return { error: 'expired', ...who };
  try {
    await deps.store.engine.commit([{ c: COLLECTION, id: record.id, v: { ...record, usedAt: now } }]);
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    // not recorded as used: nothing is sent (a link must never work twice)
    deps.logger.error({ err }, 'download link use not stored');
    return { error: 'unavailable', ...who };
  }
  return { data: record.data, personId: record.personId, language: record.language };
}

/** "Delete my data" drops the person's links. */
export function registerLinkEraser(deps: Deps): void {
  // a person's own download links go with them
  deps.store.registerCollection(COLLECTION, remove);
}

/** The language of a browser that opened a link nobody knows: its Accept-Language, else bokmål. */
function browserLanguage(req: IncomingMessage | undefined): Language {
  for (const part of String(req?.headers['accept-language'] ?? '')
    .toLowerCase()
    .split(',')) {
    const tag = part.trim().split(';')[0];
    if (tag.startsWith('nn')) return 'nn';
    if (tag.startsWith('nb') || tag.startsWith('no')) return 'nb';
    if (tag.startsWith('en')) return 'en';
  }
  return 'nb';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HOW_TO: Record<LinkKind, { key: MessageKey; command: MessageKey; button?: MessageKey }> = {
  needs: { key: 'link.howTo.command', command: 'command.exportNeeds' },
  calls: { key: 'link.howTo.call', command: 'command.calls', button: 'call.action.export' },
  participation: { key: 'link.howTo.commandButton', command: 'command.cluster', button: 'ov.export' },
};

/**
 * The page a link that cannot be used opens: what happened and how to get a new one, in the
 * person's language (known from the link's record; for an unknown link, from the browser).
 */
export function sendLinkError(res: ServerResponse, problem: LinkRefusal, req?: IncomingMessage): void {
  const language = problem.language && LANGUAGES.includes(problem.language) ? problem.language : browserLanguage(req);
  const tr = translator(language);
  const how = problem.kind ? HOW_TO[problem.kind] : undefined;
  const lines = [tr(`link.${problem.error}` as MessageKey, { minutes: LINK_MINUTES })];
  if (problem.error !== 'forbidden')
    lines.push(how ? tr(how.key, { command: tr(how.command), button: how.button ? tr(how.button) : '' }) : tr('link.howTo.any'));
  const status = { forbidden: 403, invalid: 404, unavailable: 503, used: 410, expired: 410 }[problem.error];
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-language': language });
  res.end(
    `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(tr('link.page.title'))}</title></head>` +
      `<body style="font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em"><h1>${escapeHtml(tr('link.page.title'))}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>\n`,
  );
}
