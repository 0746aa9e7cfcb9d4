import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DIRECTORY } from '../../src/paths.js';
import type { User } from './teams-client.js';

/**
 * The demo directory plus a cluster "big" of `size` municipalities led by Notodden, with one
 * contact person per municipality (two in the first). Ingrid coordinates it. Written to `dir`.
 */
export function bigDirectory(dir: string, size = 20): { file: string; contacts: (User & { municipality: string })[]; municipalities: string[] } {
  const d = JSON.parse(readFileSync(DEMO_DIRECTORY, 'utf8'));
  const municipalities: string[] = d.municipalities
    .map((m: { number: string }) => m.number)
    .filter((n: string) => n !== '4005')
    .slice(0, size - 1);
  municipalities.unshift('4005');
  d.clusters.push({ id: 'big', name: 'Storklynga', region: 'sorost', lead: '4005', members: municipalities });
  const ingrid = d.people.find((p: { email: string }) => p.email.startsWith('ingrid'));
  ingrid.cluster = 'big';
  const contacts: (User & { municipality: string })[] = [];
  municipalities.forEach((m, i) => {
    const extra = i === 0 ? [0, 1] : [0];
    for (const k of extra) {
      const email = `kontakt${k}-${m}@test.example.no`;
      d.people.push({ email, name: `Kontakt ${k} ${m}`, municipality: m, roles: ['contact'] });
      contacts.push({ id: `29:k${k}-${m}`, aadObjectId: `aad-k${k}-${m}`, name: `Kontakt ${k} ${m}`, email, municipality: m });
    }
  });
  const file = join(dir, 'directory.json');
  writeFileSync(file, JSON.stringify(d));
  return { file, contacts, municipalities };
}
