import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogs, t } from '../../src/i18n/index.js';
import { messageArguments, parseMessage } from '../../src/i18n/arguments.js';
import { PLURAL_LOCALE } from '../../src/i18n/messages.js';
import { PROJECT_ROOT } from '../../src/paths.js';

describe('language catalogs', () => {
  const langs = Object.keys(catalogs) as (keyof typeof catalogs)[];

  it.each(langs)('%s has every key the others have, none empty', (lang) => {
    const all = new Set(langs.flatMap((l) => Object.keys(catalogs[l])));
    const missing = [...all].filter((k) => !(k in catalogs[lang]));
    expect(missing).toEqual([]);
    const empty = Object.entries(catalogs[lang])
      .filter(([, v]) => v.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('every value parses as an ICU message', () => {
    const problems: string[] = [];
    for (const lang of langs) {
      for (const [key, text] of Object.entries(catalogs[lang])) {
        try {
          parseMessage(text, PLURAL_LOCALE[lang]);
        } catch (e) {
          problems.push(`${lang} ${key}: ${(e as Error).message} in ${JSON.stringify(text)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the same argument names in every language, also inside plural forms', () => {
    const names = (lang: keyof typeof catalogs, key: string) =>
      [...new Set(messageArguments(catalogs[lang][key], PLURAL_LOCALE[lang]).map((a) => a.name))].sort().join(',');
    for (const key of Object.keys(catalogs.nb)) {
      expect(names('nn', key), `nn ${key}`).toBe(names('nb', key));
      expect(names('en', key), `en ${key}`).toBe(names('nb', key));
    }
  });

  it('nynorsk is not a copy of bokmål', () => {
    expect(t('nn', 'welcome.intro')).not.toBe(t('nb', 'welcome.intro'));
    expect(t('nn', 'onboarding.done', { name: 'Ola', municipality: 'Seljord' })).toBe('Takk, Ola! Du er registrert som tilsett i Seljord.');
  });

  it('every key used in the code exists in the catalogs', () => {
    const used = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          for (const m of readFileSync(p, 'utf8').matchAll(/\btr?\(\s*(?:[a-z]+,\s*)?'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]);
        }
      }
    };
    walk(join(PROJECT_ROOT, 'src'));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((k) => !(k in catalogs.nb))).toEqual([]);
  });
});
