import { z } from 'zod';
import { ROLES } from '../domain/people.js';

const localized = z.object({ nb: z.string().min(1), nn: z.string().min(1), en: z.string().min(1) }).strict();
const municipalityNumber = z.string().regex(/^\d{4}$/, 'must be a four-digit municipality number');

export const directorySchema = z
  .object({
    themes: z.array(z.object({ id: z.string().min(1), name: localized }).strict()).min(1, 'at least one theme is needed'),
    regions: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), host: municipalityNumber }).strict()),
    clusters: z.array(
      z
        .object({
          id: z.string().min(1),
          name: z.string().min(1),
          region: z.string().min(1),
          lead: municipalityNumber,
          members: z.array(municipalityNumber).min(1),
        })
        .strict(),
    ),
    municipalities: z.array(
      z
        .object({
          number: municipalityNumber,
          name: z.string().min(1),
          languageForm: z.enum(['nb', 'nn', 'neutral']),
          region: z.string().min(1).optional(),
          tenantIds: z.array(z.string().min(1)).optional().default([]),
        })
        .strict(),
    ),
    people: z.array(
      z
        .object({
          email: z.string().email(),
          name: z.string().min(1),
          municipality: municipalityNumber,
          roles: z.array(z.enum(ROLES)).default(['employee']),
          cluster: z.string().min(1).optional(),
          region: z.string().min(1).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type DirectoryData = z.infer<typeof directorySchema>;
export type Municipality = DirectoryData['municipalities'][number];
export type Cluster = DirectoryData['clusters'][number];
export type Region = DirectoryData['regions'][number];
export type DirectoryPerson = DirectoryData['people'][number];
export type Theme = DirectoryData['themes'][number];

/** Cross-references the schema cannot express; each problem names its path in the file. */
export function crossCheck(d: DirectoryData): string[] {
  const problems: string[] = [];
  const munis = new Set(d.municipalities.map((m) => m.number));
  const regions = new Set(d.regions.map((r) => r.id));
  const clusters = new Set(d.clusters.map((c) => c.id));
  const dup = (list: string[], path: string, what: string) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      if (seen.has(v)) problems.push(`${path}[${i}]: duplicate ${what} ${v}`);
      seen.add(v);
    });
  };
  dup(
    d.municipalities.map((m) => m.number),
    'municipalities',
    'municipality',
  );
  dup(
    d.regions.map((r) => r.id),
    'regions',
    'region',
  );
  dup(
    d.clusters.map((c) => c.id),
    'clusters',
    'cluster',
  );
  dup(
    d.themes.map((t) => t.id),
    'themes',
    'theme',
  );
  dup(
    d.people.map((p) => p.email.toLowerCase()),
    'people',
    'e-mail',
  );
  d.regions.forEach((r, i) => {
    if (!munis.has(r.host)) problems.push(`regions[${i}].host: unknown municipality ${r.host}`);
  });
  d.municipalities.forEach((m, i) => {
    if (m.region && !regions.has(m.region)) problems.push(`municipalities[${i}].region: unknown region ${m.region}`);
  });
  d.clusters.forEach((c, i) => {
    if (!regions.has(c.region)) problems.push(`clusters[${i}].region: unknown region ${c.region}`);
    if (!munis.has(c.lead)) problems.push(`clusters[${i}].lead: unknown municipality ${c.lead}`);
    else if (!c.members.includes(c.lead)) problems.push(`clusters[${i}].lead: ${c.lead} is not among the members`);
    c.members.forEach((m, j) => {
      if (!munis.has(m)) problems.push(`clusters[${i}].members[${j}]: unknown municipality ${m}`);
    });
  });
  d.people.forEach((p, i) => {
    if (!munis.has(p.municipality)) problems.push(`people[${i}].municipality: unknown municipality ${p.municipality}`);
    if (p.cluster && !clusters.has(p.cluster)) problems.push(`people[${i}].cluster: unknown cluster ${p.cluster}`);
    if (p.region && !regions.has(p.region)) problems.push(`people[${i}].region: unknown region ${p.region}`);
    if (p.roles.includes('coordinator') && !p.cluster && !p.region) {
      problems.push(`people[${i}].roles: a coordinator needs "cluster" or "region"`);
    }
  });
  return problems;
}
