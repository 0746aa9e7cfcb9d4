import { describe, it, expect } from 'vitest';
import { catalogs, t, type MessageKey } from '../../src/i18n/index.js';
import { messageArguments } from '../../src/i18n/arguments.js';
import { PLURAL_LOCALE, compile } from '../../src/i18n/messages.js';

const LANGS = ['nb', 'nn', 'en'] as const;

describe('t()', () => {
  it('renders every message without counts exactly as its text with the values put in (ICU quoting changes nothing)', () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(catalogs[lang])) {
        const args = messageArguments(text, PLURAL_LOCALE[lang]);
        if (args.some((a) => a.kind !== 'plain')) continue;
        const params = Object.fromEntries(args.map((a) => [a.name, `‹${a.name}›`]));
        const expected = text.replace(/\{(\w+)\}/g, (_, name: string) => `‹${name}›`);
        const got = t(lang, key as MessageKey, params);
        if (got !== expected) problems.push(`${lang} ${key}: ${got} ≠ ${expected} (in ICU an apostrophe right before { or } quotes it: write ’ instead)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps apostrophes, quotes and angle brackets as written ("We\'ll", «…», <…>)', () => {
    expect(t('en', 'call.answer.join')).toBe("We'll take part");
    expect(t('en', 'part.notContact')).toBe("Only the municipality's contact person or an administrator can record participation.");
    expect(t('nb', 'need.history.status', { date: '1. des.', who: "O'Brien <ikt>", status: 'Vurdert' })).toBe(
      "1. des.: O'Brien <ikt> satte status til «Vurdert»",
    );
  });

  it('shows a placeholder with no value as {name} instead of failing the turn', () => {
    expect(t('nb', 'welcome.you', { roles: 'ansatt' })).toBe('Du er registrert som ansatt i {municipality}.');
    expect(t('nb', 'call.reminded', { people: 2 })).toBe('Påminnelse sendt til 2 personer i {municipalities}.');
  });

  it('stays well under 0.05 ms a call', () => {
    const calls: [(typeof LANGS)[number], MessageKey, Record<string, string | number>][] = [
      ['nb', 'call.preview.reach', { municipalities: 3, reachable: 12, notInstalled: 1 }],
      ['nn', 'time.now', { time: '08:30', queued: 1 }],
      ['en', 'need.list.row', { ref: 'B-12', status: 'Received', date: '1 Dec 2026' }],
      ['nb', 'menu.title', {}],
    ];
    const round = () => {
      const start = performance.now();
      for (let i = 0; i < 2000; i++) for (const [lang, key, params] of calls) t(lang, key, params);
      return (performance.now() - start) / (2000 * calls.length);
    };
    round();
    const perCall = [round(), round(), round(), round(), round()].sort((a, b) => a - b)[2];
    expect(perCall).toBeLessThan(0.05);
  });

  it('compiles each message once: a call costs a fraction of compiling the message', () => {
    const params = { municipalities: 3, reachable: 12, notInstalled: 1 };
    const median = (f: () => void) => {
      const rounds = [0, 1, 2, 3, 4].map(() => {
        const start = performance.now();
        for (let i = 0; i < 300; i++) f();
        return performance.now() - start;
      });
      return rounds.sort((a, b) => a - b)[2];
    };
    const text = catalogs.nb['call.preview.reach'];
    t('nb', 'call.preview.reach', params);
    const compiling = median(() => compile('nb', text));
    const calling = median(() => t('nb', 'call.preview.reach', params));
    expect(calling).toBeLessThan(compiling / 3);
  });
});
