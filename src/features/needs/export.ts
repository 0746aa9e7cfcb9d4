import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { resolveIdentity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { translator } from '../../i18n/index.js';
import { localTime } from '../../i18n/local-time.js';
import type { Language } from '../../domain/people.js';
import { needHistoryLines } from './history-lines.js';
import { LINK_MINUTES, issueLink, redeemLink, type LinkRefusal } from '../../http/signed-links.js';
import { excelCsv } from '../../http/csv.js';

export const EXPORT_MINUTES = LINK_MINUTES;

/** A download link for one person and one cluster: works once, within {@link EXPORT_MINUTES}. */
export function exportLink(deps: Deps, identity: Identity, cluster: string): Promise<string> {
  return issueLink(deps, '/exports/needs', 'needs', { c: cluster }, identity);
}

/** Uses a link: unused, unexpired, and its person still coordinates the cluster. */
export async function verifyLink(deps: Deps, token: string): Promise<{ cluster: string; identity: Identity } | LinkRefusal> {
  const checked = await redeemLink(deps, 'needs', token);
  if ('error' in checked) return checked;
  const cluster = checked.data.c;
  const person = await deps.store.people.get(checked.personId);
  const identity = person && resolveIdentity(deps.directory, deps.config.admins, person);
  if (!cluster || !identity?.coordinatedClusters.includes(cluster)) return { error: 'forbidden', language: checked.language };
  return { cluster, identity };
}

/**
 * The cluster's needs as CSV the way Norwegian Excel opens it: UTF-8 with BOM, `;` between
 * fields, CRLF line ends, every field quoted where needed. History carries who and when.
 */
export async function needsCsv(deps: Deps, cluster: string, lang: Language = 'nb'): Promise<{ csv: string; count: number }> {
  const tr = translator(lang);
  const at = (iso: string) => localTime(iso, deps.config.timezone);
  const d = deps.directory;
  const members = new Set(d.cluster(cluster)?.members ?? []);
  const needs = (await deps.store.needs.inMunicipalities(members)).sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
  const ranks = new Map((await deps.store.needs.priorities(cluster)).entries.map((e, i) => [e, i + 1]));
  const groupRefs = async (n: Need) =>
    n.groupId
      ? (await deps.store.needs.getMany(((await deps.store.needs.group(n.groupId))?.needIds ?? []).filter((id) => id !== n.id)))
          .map((other) => other?.ref)
          .filter(Boolean)
          .join(', ')
      : '';
  const rows: string[][] = [];
  for (const n of needs)
    rows.push([
      n.ref,
      n.title,
      n.municipality,
      d.municipality(n.municipality)?.name ?? '',
      tr(`need.status.${n.status}`),
      d.themes().find((t) => t.id === n.theme)?.name[lang] ?? n.theme,
      tr(`need.serviceArea.${n.serviceArea}`),
      tr(`need.urgency.${n.urgency}`),
      n.description,
      n.population,
      n.intervention,
      n.comparison,
      n.outcome,
      n.decision,
      at(n.createdAt),
      at(n.updatedAt),
      n.authorName || tr('need.fact.anonymous'),
      await groupRefs(n),
      String(ranks.get(n.groupId ? `group:${n.groupId}` : `need:${n.id}`) ?? ''),
      needHistoryLines(tr, await deps.store.needs.history(n.id), at).join(' | '),
    ]);
  const header = [
    'Referanse',
    'Tittel',
    'Kommunenummer',
    'Kommune',
    'Status',
    'Tema',
    'Tjenesteområde',
    'Hastegrad',
    'Beskrivelse',
    'Målgruppe (P)',
    'Tiltak (I)',
    'Sammenligning (C)',
    'Ønsket resultat (O)',
    'Beslutning',
    'Registrert',
    'Sist endret',
    'Meldt inn av',
    'Koblet med',
    'Prioritet',
    'Historikk',
  ];
  const csv = excelCsv([header, ...rows]);
  return { csv, count: needs.length };
}
