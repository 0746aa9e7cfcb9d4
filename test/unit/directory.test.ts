import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadDirectory, parseDirectory, DirectoryError } from '../../src/directory/load.js';
import { DEMO_DIRECTORY } from '../../src/paths.js';

const demo = () => JSON.parse(readFileSync(DEMO_DIRECTORY, 'utf8'));

describe('the organisation file', () => {
  it('bundles all 41 municipalities of KSF Sørøst with their written standard', () => {
    const d = loadDirectory(DEMO_DIRECTORY);
    expect(d.data.municipalities).toHaveLength(41);
    expect(d.municipality('4022')).toMatchObject({ name: 'Seljord', languageForm: 'nn' });
    expect(d.municipality('3318')).toMatchObject({ name: 'Krødsherad', languageForm: 'neutral' });
    expect(d.cluster('notodden')).toMatchObject({ lead: '4005' });
    expect(d.cluster('notodden')!.members).toContain('3318');
    expect(d.contactsOf('3318').map((p) => p.name)).toEqual(['Kari Nordmann']);
  });

  it('names the path of a broken reference', () => {
    const bad = demo();
    bad.clusters[0].lead = '9999';
    bad.people[1].municipality = '1234';
    expect(() => parseDirectory(bad)).toThrow(DirectoryError);
    try {
      parseDirectory(bad);
    } catch (err) {
      expect((err as DirectoryError).problems).toEqual(['clusters[0].lead: unknown municipality 9999', 'people[1].municipality: unknown municipality 1234']);
    }
  });

  it('names the path of a malformed value', () => {
    const bad = demo();
    bad.municipalities[2].number = '33';
    bad.people[0].email = 'nope';
    bad.people[0].roles = ['king'];
    const problems = (() => {
      try {
        parseDirectory(bad);
        return [];
      } catch (err) {
        return (err as DirectoryError).problems;
      }
    })();
    expect(problems.some((p) => p.startsWith('municipalities[2].number: must be a four-digit'))).toBe(true);
    expect(problems.some((p) => p.startsWith('people[0].email'))).toBe(true);
    expect(problems.some((p) => p.startsWith('people[0].roles[0]'))).toBe(true);
  });

  it('requires a coordinator to have a cluster or a region', () => {
    const bad = demo();
    delete bad.people[0].cluster;
    expect(() => parseDirectory(bad)).toThrow(/people\[0\].roles: a coordinator needs "cluster" or "region"/);
  });

  it('says which file could not be read', () => {
    expect(() => loadDirectory('/nonexistent/dir.json')).toThrow(/\/nonexistent\/dir.json is not valid:[\s\S]*cannot be read \(ENOENT\)/);
  });
});
