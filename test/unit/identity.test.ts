import { describe, it, expect } from 'vitest';
import { resolveLanguage, languageFromLocale, parseLanguageWord } from '../../src/domain/language.js';
import { resolveIdentity, tenantAllowed } from '../../src/domain/identity.js';
import { loadDirectory } from '../../src/directory/load.js';
import { DEMO_DIRECTORY } from '../../src/paths.js';
import { rolesInline } from '../../src/features/roles.js';
import { translator } from '../../src/i18n/index.js';
import type { PersonRecord } from '../../src/domain/people.js';

const directory = loadDirectory(DEMO_DIRECTORY);
const person = (p: Partial<PersonRecord>): PersonRecord => ({
  id: 'aad',
  tenantId: 't',
  name: 'X',
  municipality: '3318',
  selfRegistered: true,
  linkedAt: '',
  updatedAt: '',
  ...p,
});

describe('language', () => {
  it('prefers the person’s choice, then a nynorsk municipality, then the Teams locale, then bokmål', () => {
    expect(resolveLanguage({ choice: 'en', languageForm: 'nn', locale: 'nb-NO' })).toBe('en');
    expect(resolveLanguage({ languageForm: 'nn', locale: 'en-US' })).toBe('nn');
    expect(resolveLanguage({ languageForm: 'neutral', locale: 'en-US' })).toBe('en');
    expect(resolveLanguage({ languageForm: 'nb', locale: 'nn-NO' })).toBe('nn');
    expect(resolveLanguage({ languageForm: 'neutral', locale: 'de-DE' })).toBe('nb');
    expect(resolveLanguage({})).toBe('nb');
  });

  it('maps Teams locales and typed words', () => {
    expect(languageFromLocale('nb-NO')).toBe('nb');
    expect(languageFromLocale('no')).toBe('nb');
    expect(languageFromLocale('nn-no')).toBe('nn');
    expect(languageFromLocale('fr-FR')).toBeUndefined();
    expect(parseLanguageWord(' Nynorsk ')).toBe('nn');
    expect(parseLanguageWord('bokmal')).toBe('nb');
    expect(parseLanguageWord('English')).toBe('en');
    expect(parseLanguageWord('svensk')).toBeUndefined();
  });
});

describe('identity', () => {
  it('takes roles from the directory by e-mail, not from what is stored', () => {
    const id = resolveIdentity(directory, [], person({ email: 'ingrid.haugen@notodden.example.no', municipality: '3318' }));
    expect(id.roles).toEqual(['coordinator', 'employee']);
    expect(id.municipality).toBe('4005');
    expect(id.coordinatedClusters).toEqual(['notodden']);
  });

  it('lets a region coordinator coordinate every cluster of the region', () => {
    const id = resolveIdentity(directory, [], person({ email: 'hilde.berg@drammen.example.no' }));
    expect(id.coordinatedRegion).toBe('sorost');
    expect(id.coordinatedClusters.sort()).toEqual(['grenland', 'hallingdal', 'notodden']);
  });

  it('makes admins from KSF_ADMINS and everyone else an employee', () => {
    expect(resolveIdentity(directory, ['x@y.no'], person({ email: 'x@y.no' })).roles).toEqual(['admin', 'employee']);
    const stranger = resolveIdentity(directory, [], person({ municipality: '4022' }));
    expect(stranger).toMatchObject({ roles: ['employee'], source: 'self', language: 'nn', coordinatedClusters: [] });
  });

  it('allows every tenant only when the list is empty', () => {
    expect(tenantAllowed([], undefined)).toBe(true);
    expect(tenantAllowed(['abc'], 'ABC')).toBe(true);
    expect(tenantAllowed(['abc'], 'def')).toBe(false);
    expect(tenantAllowed(['abc'], undefined)).toBe(false);
  });

  it('writes roles inside a sentence naturally in each language', () => {
    expect(rolesInline(translator('nb'), ['coordinator', 'contact', 'employee'])).toBe('koordinator og FOUi-kontakt');
    expect(rolesInline(translator('nn'), ['employee'])).toBe('tilsett');
    expect(rolesInline(translator('en'), ['admin', 'coordinator', 'employee'])).toBe('an administrator and a coordinator');
  });
});
