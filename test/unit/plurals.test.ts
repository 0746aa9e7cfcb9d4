import { describe, it, expect } from 'vitest';
import { catalogs, t, type MessageKey } from '../../src/i18n/index.js';
import { messageArguments, type MessageArgument } from '../../src/i18n/arguments.js';
import { PLURAL_LOCALE } from '../../src/i18n/messages.js';
import type { Language } from '../../src/domain/people.js';

const LANGS = ['nb', 'nn', 'en'] as const satisfies readonly Language[];
const KEYS = Object.keys(catalogs.nb) as MessageKey[];

/** Argument names that hold a number of something, as people write them in plain `{name}` form. */
const COUNT_NAME =
  /^(count|n|total|shown|max|min|minutes|hours|days|weeks|months|people|persons|queued|reachable|done|percent|pending|failed)$|(Count|Total|Number|Installed|Sent|Pending|Failed|Minutes|Hours|Days)$|^(count|num|number)[A-Z]/;

/** A plain placeholder right before a counted noun ("{x} kommuner") is a count whatever its name. */
const BEFORE_NOUN =
  /\{(\w+)\}\s+(?:kommuner|kommunar|municipalities|personer|personar|people|meldinger|meldingar|messages|behov|needs|påminnelser|påminningar|reminders|utlysninger|utlysingar|calls|svar|answers|minutter|minutt|minutes|timer|hours|dager|dagar|days|tegn|teikn|characters)\b/g;

const args = (lang: Language, key: string): MessageArgument[] => messageArguments(catalogs[lang][key], PLURAL_LOCALE[lang]);
const numeric = (a: MessageArgument) => a.kind === 'plural' || a.kind === 'number';

/** The arguments of `key` that are counts, in any language: named like one, or formatted as a number somewhere. */
function countedArguments(key: string): string[] {
  const all = LANGS.flatMap((l) => args(l, key));
  const beforeNoun = LANGS.flatMap((l) => [...catalogs[l][key].matchAll(BEFORE_NOUN)].map((m) => m[1]));
  return [...new Set([...all.filter((a) => numeric(a) || COUNT_NAME.test(a.name)).map((a) => a.name), ...beforeNoun])];
}
const COUNTED = KEYS.filter((k) => countedArguments(k).length);

/** `key` in `lang` with every count set to `n` and every other argument to a readable stand-in. */
function render(lang: Language, key: MessageKey, n: number, extra: Record<string, string> = {}): string {
  const counted = new Set(countedArguments(key));
  const params: Record<string, string | number> = {};
  for (const a of args(lang, key)) params[a.name] = counted.has(a.name) ? n : (extra[a.name] ?? `‹${a.name}›`);
  return t(lang, key, params);
}

describe('counts in the catalogs', () => {
  it('finds the counted keys itself', () => {
    expect(COUNTED).toEqual(
      expect.arrayContaining(['cluster.members', 'call.preview.reach', 'time.now', 'call.reminded', 'ov.reminded', 'call.cancelled', 'export.body']),
    );
  });

  it('writes every count as an ICU plural (or a bare number), in every language', () => {
    const problems: string[] = [];
    for (const key of COUNTED) {
      for (const lang of LANGS) {
        for (const name of countedArguments(key)) {
          const uses = args(lang, key).filter((a) => a.name === name);
          if (uses.some((a) => !numeric(a)))
            problems.push(
              `${lang} ${key}: {${name}} is a count – write it as {${name}, plural, one {…} other {…}} (or {${name}, number} when no word depends on the number)`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every plural a one form and an other form that differ', () => {
    const problems: string[] = [];
    for (const key of KEYS) {
      for (const lang of LANGS) {
        for (const a of args(lang, key).filter((x) => x.kind === 'plural')) {
          const one = a.forms!.one ?? a.forms!['=1'];
          if (one === undefined || a.forms!.other === undefined) problems.push(`${lang} ${key}: {${a.name}, plural} needs both a "one" and an "other" form`);
          else if (one === a.forms!.other)
            problems.push(`${lang} ${key}: {${a.name}, plural} has the same one and other form – write {${a.name}, number} instead`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGS)('%s: renders every counted key with 0, 1 and 2, the 1-form apart from the 2-form', (lang) => {
    const problems: string[] = [];
    for (const key of COUNTED) {
      const [zero, one, two] = [0, 1, 2].map((n) => render(lang, key, n));
      [zero, one, two].forEach((text, n) => {
        if (/[{}]/.test(text) || (!text.includes(String(n)) && !(n === 0 && args(lang, key).some((a) => a.forms?.['=0']))))
          problems.push(`${lang} ${key} with ${n}: ${text}`);
      });
      const distinguishes = args(lang, key).some((a) => a.kind === 'plural');
      if (distinguishes && one.replaceAll('1', '2') === two) problems.push(`${lang} ${key}: 1 and 2 read alike: ${one} / ${two}`);
    }
    expect(problems).toEqual([]);
  });

  const read = (lang: Language, key: MessageKey, n: number) => render(lang, key, n, { time: '08:30', ref: 'UT-2026-0001', cluster: 'Midt' });
  it.each([
    ['nb', 'cluster.members', '1 kommune', '2 kommuner'],
    ['nn', 'cluster.members', '1 kommune', '2 kommunar'],
    ['en', 'cluster.members', '1 municipality', '2 municipalities'],
    [
      'nb',
      'call.preview.reach',
      'Går til 1 kommune: 1 person kan nås nå, 1 har ikke installert boten.',
      'Går til 2 kommuner: 2 personer kan nås nå, 2 har ikke installert boten.',
    ],
    [
      'nn',
      'call.preview.reach',
      'Går til 1 kommune: 1 person kan nåast no, 1 har ikkje installert boten.',
      'Går til 2 kommunar: 2 personar kan nåast no, 2 har ikkje installert boten.',
    ],
    [
      'en',
      'call.preview.reach',
      'Goes to 1 municipality: 1 person can be reached now, 1 has not installed the bot.',
      'Goes to 2 municipalities: 2 people can be reached now, 2 have not installed the bot.',
    ],
    ['nb', 'time.now', 'Klokka er nå 08:30. 1 påminnelse eller utsending er lagt klar.', 'Klokka er nå 08:30. 2 påminnelser og utsendinger er lagt klare.'],
    ['nn', 'time.now', 'Klokka er no 08:30. 1 påminning eller utsending er lagd klar.', 'Klokka er no 08:30. 2 påminningar og utsendingar er lagde klare.'],
    ['en', 'time.now', 'The time is now 08:30. 1 reminder or message is queued.', 'The time is now 08:30. 2 reminders and messages are queued.'],
    ['nb', 'call.reminded', 'Påminnelse sendt til 1 person i 1 kommune.', 'Påminnelse sendt til 2 personer i 2 kommuner.'],
    ['nn', 'ov.reminded', 'Påminninga er send til 1 person i 1 kommune.', 'Påminninga er send til 2 personar i 2 kommunar.'],
    ['en', 'ov.reminded', 'Reminder sent to 1 person in 1 municipality.', 'Reminder sent to 2 people in 2 municipalities.'],
    ['nb', 'call.cancelled', 'UT-2026-0001 er stoppet. 1 melding ble ikke sendt.', 'UT-2026-0001 er stoppet. 2 meldinger ble ikke sendt.'],
    ['nn', 'call.cancelled', 'UT-2026-0001 er stoppa. 1 melding vart ikkje send.', 'UT-2026-0001 er stoppa. 2 meldingar vart ikkje sende.'],
    ['en', 'call.cancelled', 'UT-2026-0001 was stopped. 1 message was not sent.', 'UT-2026-0001 was stopped. 2 messages were not sent.'],
    [
      'nb',
      'export.body',
      'CSV-filen for Midt (1 behov) er klar. Lenken virker i 1 minutt og bare for deg.',
      'CSV-filen for Midt (2 behov) er klar. Lenken virker i 2 minutter og bare for deg.',
    ],
    [
      'nn',
      'export.body',
      'CSV-fila for Midt (1 behov) er klar. Lenkja verkar i 1 minutt og berre for deg.',
      'CSV-fila for Midt (2 behov) er klar. Lenkja verkar i 2 minutt og berre for deg.',
    ],
    [
      'en',
      'export.body',
      'The CSV file for Midt (1 need) is ready. The link works for 1 minute and only for you.',
      'The CSV file for Midt (2 needs) is ready. The link works for 2 minutes and only for you.',
    ],
    ['nb', 'call.list.counts', '1 deltar, 1 interessert, 1 ikke aktuelt, 1 ikke svart', '2 deltar, 2 interesserte, 2 ikke aktuelt, 2 ikke svart'],
    ['nn', 'call.progress.percent', '1 av 1 ferdig (1 %)', '2 av 2 ferdige (2 %)'],
    ['en', 'call.problem.tooLong', '‹field›: at most 1 character.', '‹field›: at most 2 characters.'],
  ] as const)('%s %s reads right with 1 and 2', (lang, key, one, two) => {
    expect(read(lang, key, 1)).toBe(one);
    expect(read(lang, key, 2)).toBe(two);
  });

  it('says nothing is queued rather than "0 påminnelser"', () => {
    expect(read('nb', 'time.now', 0)).toBe('Klokka er nå 08:30. Ingen påminnelser eller utsendinger er lagt klare.');
    expect(read('nn', 'time.now', 0)).toBe('Klokka er no 08:30. Ingen påminningar eller utsendingar er lagde klare.');
    expect(read('en', 'time.now', 0)).toBe('The time is now 08:30. No reminders or messages are queued.');
  });

  it('formats numbers the way each language writes them: 1000 and 12 345 (no-break space) in Norwegian, 1,000 in English', () => {
    expect(t('nb', 'cluster.members', { count: 1000 })).toBe('1000 kommuner');
    expect(t('nb', 'cluster.members', { count: 12345 })).toBe('12\u00a0345 kommuner');
    expect(t('nn', 'call.reminded', { people: 12345, municipalities: 2 })).toBe('Påminninga er send til 12\u00a0345 personar i 2 kommunar.');
    expect(t('en', 'cluster.members', { count: 1000 })).toBe('1,000 municipalities');
  });
});
