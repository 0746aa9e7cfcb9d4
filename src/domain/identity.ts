import type { Directory } from '../directory/directory.js';
import type { Language, PersonRecord, Role } from './people.js';
import { resolveLanguage } from './language.js';

/** Who the bot is talking to in this turn, as the server computes it (never as a card claims). */
export interface Identity {
  personId: string;
  tenantId: string;
  name: string;
  email?: string;
  municipality: string;
  roles: Role[];
  /** Clusters this person coordinates (a region coordinator coordinates all of the region's). */
  coordinatedClusters: string[];
  coordinatedRegion?: string;
  language: Language;
  source: 'directory' | 'self';
}

/** Combines the stored person, the organisation file and the admin list into an identity. */
export function resolveIdentity(directory: Directory, admins: readonly string[], person: PersonRecord, locale?: string): Identity {
  const entry = person.email ? directory.personByEmail(person.email) : undefined;
  const municipality = entry?.municipality ?? person.municipality;
  const roles = new Set<Role>(['employee', ...(entry?.roles ?? [])]);
  if (person.email && admins.includes(person.email.toLowerCase())) roles.add('admin');
  let coordinatedClusters: string[] = [];
  if (entry && roles.has('coordinator')) {
    if (entry.region) coordinatedClusters = directory.clustersInRegion(entry.region).map((c) => c.id);
    if (entry.cluster && !coordinatedClusters.includes(entry.cluster)) coordinatedClusters.push(entry.cluster);
  }
  return {
    personId: person.id,
    tenantId: person.tenantId,
    name: entry?.name ?? person.name,
    email: person.email,
    municipality,
    roles: [...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)),
    coordinatedClusters,
    coordinatedRegion: roles.has('coordinator') ? entry?.region : undefined,
    language: resolveLanguage({
      choice: person.language,
      languageForm: directory.municipality(municipality)?.languageForm,
      locale,
    }),
    source: entry ? 'directory' : 'self',
  };
}

const ROLE_ORDER: Role[] = ['admin', 'coordinator', 'contact', 'employee'];

/** True when the identity holds any of `roles`. */
export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return roles.some((r) => identity.roles.includes(r));
}

/** True when the tenant may use the bot (an empty list allows all: local mode only). */
export function tenantAllowed(allowed: readonly string[], tenantId: string | undefined): boolean {
  if (allowed.length === 0) return true;
  return !!tenantId && allowed.includes(tenantId.toLowerCase());
}
