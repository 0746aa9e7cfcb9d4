import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { resolveIdentity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { translator } from '../../i18n/index.js';

export const EXPORT_MINUTES = 15;

/** The signing key, created once and kept in the store so links survive a restart. */
function secret(deps: Deps): Buffer {
  const existing = deps.store.engine.get<{ id: string; value: string }>('meta', 'export-secret');
  if (existing) return Buffer.from(existing.value, 'base64');
  const value = randomBytes(32).toString('base64');
  void deps.store.engine.commit([{ c: 'meta', id: 'export-secret', v: { id: 'export-secret', value } }]);
  return Buffer.from(value, 'base64');
}

const sign = (deps: Deps, payload: string) => createHmac('sha256', secret(deps)).update(payload).digest('base64url');

/** A download link for one person and one cluster that expires after {@link EXPORT_MINUTES}. */
export function exportLink(deps: Deps, identity: Identity, cluster: string): string {
  const payload = Buffer.from(JSON.stringify({ c: cluster, p: identity.personId, e: deps.clock.now().getTime() + EXPORT_MINUTES * 60_000 })).toString('base64url');
  return `${deps.config.publicUrl}/exports/needs/${payload}.${sign(deps, payload)}`;
}

/** Checks a link: signature, expiry, and that its person still coordinates the cluster. */
export function verifyLink(deps: Deps, token: string): { cluster: string; identity: Identity } | { error: 'invalid' | 'expired' | 'forbidden' } {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return { error: 'invalid' };
  const expected = Buffer.from(sign(deps, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'invalid' };
  let data: { c?: string; p?: string; e?: number };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { error: 'invalid' };
  }
  if (!data.c || !data.p || typeof data.e !== 'number') return { error: 'invalid' };
  if (deps.clock.now().getTime() > data.e) return { error: 'expired' };
  const person = deps.store.people.get(data.p);
  if (!person) return { error: 'forbidden' };
  const identity = resolveIdentity(deps.directory, deps.config.admins, person);
  if (!identity.coordinatedClusters.includes(data.c)) return { error: 'forbidden' };
  return { cluster: data.c, identity };
}

/**
 * The cluster's needs as CSV the way Norwegian Excel opens it: UTF-8 with BOM, `;` between
 * fields, CRLF line ends, every field quoted where needed. History carries who and when.
 */
export function needsCsv(deps: Deps, cluster: string): { csv: string; count: number } {
  const tr = translator('nb');
  const d = deps.directory;
  const members = new Set(d.cluster(cluster)?.members ?? []);
  const needs = deps.store.needs.all().filter((n) => members.has(n.municipality)).sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
  const ranks = new Map(deps.store.needs.priorities(cluster).entries.map((e, i) => [e, i + 1]));
  const groupRefs = (n: Need) =>
    n.groupId ? (deps.store.needs.group(n.groupId)?.needIds ?? []).filter((id) => id !== n.id).map((id) => deps.store.needs.get(id)?.ref).filter(Boolean).join(', ') : '';
  const rows = needs.map((n) => [
    n.ref,
    n.title,
    n.municipality,
    d.municipality(n.municipality)?.name ?? '',
    tr(`need.status.${n.status}`),
    d.themes().find((t) => t.id === n.theme)?.name.nb ?? n.theme,
    tr(`need.serviceArea.${n.serviceArea}`),
    tr(`need.urgency.${n.urgency}`),
    n.description,
    n.population,
    n.intervention,
    n.comparison,
    n.outcome,
    n.decision,
    n.createdAt,
    n.updatedAt,
    n.authorName || tr('need.fact.anonymous'),
    groupRefs(n),
    String(ranks.get(n.groupId ? `group:${n.groupId}` : `need:${n.id}`) ?? ''),
    n.history
      .map((h) => `${h.at} ${h.byName || tr('need.fact.anonymous')} (${h.as}): ${h.kind}${h.from ? ` ${h.from}→${h.to}` : h.to ? ` →${h.to}` : ''}${h.note ? ` «${h.note}»` : ''}`)
      .join(' | '),
  ]);
  const header = ['Referanse', 'Tittel', 'Kommunenummer', 'Kommune', 'Status', 'Tema', 'Tjenesteområde', 'Hastegrad', 'Beskrivelse', 'Målgruppe (P)', 'Tiltak (I)', 'Sammenligning (C)', 'Ønsket resultat (O)', 'Beslutning', 'Registrert', 'Sist endret', 'Meldt inn av', 'Koblet med', 'Prioritet', 'Historikk'];
  const csv = stringify([header, ...rows], { delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /[;"\n\r]/ });
  return { csv, count: needs.length };
}
