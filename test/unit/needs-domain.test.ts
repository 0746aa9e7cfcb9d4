import { describe, it, expect } from 'vitest';
import { containsFodselsnummer, isFodselsnummer } from '../../src/domain/needs/fnr.js';
import { checkTransition, allowedTargets, TRANSITIONS } from '../../src/domain/needs/transitions.js';
import { SimilarityIndex, needText } from '../../src/domain/needs/similarity.js';
import { needReference } from '../../src/domain/needs/reference.js';
import { NEED_STATUSES } from '../../src/domain/needs/types.js';

describe('fødselsnummer', () => {
  // Synthetic numbers with correct control digits (not real people).
  const valid = ['01010750160', '15076500565', '29029900157', '41010750154'];
  it.each(valid)('recognises %s (both control digits right; D-numbers too)', (n) => {
    expect(isFodselsnummer(n)).toBe(true);
  });

  it('rejects wrong control digits and wrong lengths', () => {
    expect(isFodselsnummer('01010750161')).toBe(false);
    expect(isFodselsnummer('01010750170')).toBe(false);
    expect(isFodselsnummer('0101075016')).toBe(false);
    expect(isFodselsnummer('12345678901')).toBe(false);
  });

  it('finds one embedded in text, also written with a space or a dot', () => {
    expect(containsFodselsnummer('Pasienten (01010750160) har fall hjemme')).toBe(true);
    expect(containsFodselsnummer('fnr 010107 50160, ble innlagt')).toBe(true);
    expect(containsFodselsnummer('født 010107.50160')).toBe(true);
  });

  it('leaves other numbers alone: phone numbers, case numbers, longer digit runs', () => {
    expect(containsFodselsnummer('Ring 35 02 60 00 eller 90012345')).toBe(false);
    expect(containsFodselsnummer('Sak 2026/01234, 120 brukere')).toBe(false);
    expect(containsFodselsnummer('konto 9010107501601')).toBe(false);
  });
});

describe('need status transitions', () => {
  it('lets the contact person assess with a note, and return with a question', () => {
    expect(checkTransition(['contact'], 'received', 'assessed', 'Relevant for flere')).toMatchObject({ ok: true });
    expect(checkTransition(['contact'], 'received', 'assessed', '  ')).toMatchObject({ ok: false, reason: 'note-required' });
    expect(checkTransition(['contact'], 'received', 'returned', 'Hvilke brukere gjelder det?')).toMatchObject({ ok: true });
  });

  it('lets only coordinators prioritise, answer and decline; declining needs a reason', () => {
    expect(checkTransition(['contact'], 'assessed', 'prioritised', undefined)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkTransition(['author'], 'received', 'prioritised', undefined)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkTransition(['coordinator'], 'assessed', 'prioritised', undefined)).toMatchObject({ ok: true });
    expect(checkTransition(['coordinator'], 'prioritised', 'answered-project', undefined)).toMatchObject({ ok: true });
    expect(checkTransition(['coordinator'], 'prioritised', 'declined', '')).toMatchObject({ ok: false, reason: 'note-required' });
    expect(checkTransition(['coordinator'], 'prioritised', 'declined', 'Dekkes av nasjonal studie')).toMatchObject({ ok: true });
  });

  it('lets a coordinator prioritise a need no contact person has assessed only with a reason, as an override', () => {
    expect(checkTransition(['coordinator'], 'received', 'prioritised', '  ')).toMatchObject({
      ok: false,
      reason: 'note-required',
      rule: { override: 'unassessed' },
    });
    expect(checkTransition(['coordinator'], 'received', 'prioritised', 'Haster: tilsynssak')).toMatchObject({
      ok: true,
      rule: { override: 'unassessed', note: 'required' },
    });
    // an assessed need is prioritised as before: no reason needed, no override
    const assessed = checkTransition(['coordinator'], 'assessed', 'prioritised', undefined);
    expect(assessed.ok && assessed.rule.override).toBeUndefined();
    // each override is data in the one table, never a default
    for (const t of TRANSITIONS.filter((t) => t.override)) expect(t.note).toBe('required');
    expect(allowedTargets(['coordinator'], 'received').map((t) => t.to)).toContain('prioritised');
  });

  it('lets the author withdraw only while the need is still theirs', () => {
    expect(checkTransition(['author'], 'received', 'withdrawn', undefined)).toMatchObject({ ok: true });
    expect(checkTransition(['author'], 'assessed', 'withdrawn', undefined)).toEqual({ ok: false, reason: 'not-allowed' });
  });

  it('has no way out of a final status', () => {
    for (const s of ['answered-summary', 'answered-project', 'declined', 'withdrawn'] as const) {
      expect(allowedTargets(['author', 'contact', 'coordinator'], s)).toEqual([]);
    }
  });

  it('only names real statuses', () => {
    for (const t of TRANSITIONS) for (const s of [...t.from, t.to]) expect(NEED_STATUSES).toContain(s);
  });
});

describe('references', () => {
  it('are human, per year and sortable', () => {
    expect(needReference(2026, 42)).toBe('KB-2026-0042');
    expect(needReference(2027, 12345)).toBe('KB-2027-12345');
  });
});

describe('similar needs', () => {
  const corpus: Record<string, string> = {
    falls: 'Fallforebygging i hjemmetjenesten. Hvilke tiltak reduserer fall blant eldre som bor hjemme og mottar hjemmesykepleie?',
    sensors: 'Digitalt tilsyn om natten. Erfaringer med sensorer og kamera i stedet for fysisk tilsyn hos hjemmeboende med demens.',
    nutrition: 'Ernæring på sykehjem. Underernæring blant beboere på sykehjem og effekt av måltidsvert.',
    recruitment: 'Rekruttering av sykepleiere. Hvordan beholde sykepleiere i distriktskommuner med turnus og helgearbeid?',
    youth: 'Psykisk helse blant ungdom. Lavterskeltilbud for unge med angst og depresjon i skolehelsetjenesten.',
    loneliness: 'Ensomhet hos eldre. Frivillige besøksvenner og effekt på livskvalitet for eldre som bor alene.',
  };
  const index = new SimilarityIndex();
  for (const [id, text] of Object.entries(corpus)) index.upsert(id, text);

  it.each([
    ['falls', 'Hvordan kan vi forebygge fallulykker hos hjemmeboende eldre med hjemmesykepleie? Vi trenger kunnskap om effektive fallforebyggende tiltak.'],
    ['sensors', 'Nattlig tilsyn med sensorteknologi: kan digitale sensorer erstatte fysiske tilsynsbesøk om natten hos personer med demens som bor hjemme?'],
    ['nutrition', 'Måltidsvert og ernæring for sykehjemsbeboere – virker det mot underernæring?'],
    ['recruitment', 'Korleis kan distriktskommunar rekruttere og behalde sjukepleiarar? Turnus og helgearbeid er ei utfordring.'],
  ])('ranks the twin of "%s" first for a paraphrase', (twin, paraphrase) => {
    const [best] = index.similar(paraphrase, () => true);
    expect(best?.id).toBe(twin);
  });

  it('still finds the twin among 5,000 other needs that share its common words', () => {
    const big = new SimilarityIndex();
    const words = 'kommune tjenester brukere ansatte tiltak kvalitet eldre hjemme helse ungdom kunnskap effekt organisering sykehjem kostnader'.split(' ');
    let seed = 7;
    const pick = () => words[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % words.length];
    for (let i = 0; i < 5000; i++) big.upsert(`n${i}`, Array.from({ length: 40 }, pick).join(' '));
    big.upsert('falls', corpus.falls);
    const [best] = big.similar(
      'Hvordan kan vi forebygge fallulykker hos hjemmeboende eldre med hjemmesykepleie? Vi trenger kunnskap om fallforebyggende tiltak.',
      () => true,
    );
    expect(best?.id).toBe('falls');
  });

  it('finds nothing for an unrelated text', () => {
    expect(index.similar('Asfaltering av kommunale veier og brøyting om vinteren', () => true)).toEqual([]);
  });

  it('respects the filter and the limit, and forgets removed needs', () => {
    const text = needText({
      title: 'Fall hos eldre',
      description: 'forebygge fall hjemmesykepleie',
      population: '',
      intervention: '',
      comparison: '',
      outcome: '',
      decision: '',
    });
    expect(index.similar(text, (id) => id !== 'falls').map((s) => s.id)).not.toContain('falls');
    expect(index.similar(text, () => true, 1)).toHaveLength(1);
    index.remove('falls');
    expect(index.similar(text, () => true).map((s) => s.id)).not.toContain('falls');
  });
});

import { validateNeedInput } from '../../src/domain/needs/validation.js';

describe('need form validation', () => {
  const ok = { title: ' Tittel ', description: 'Beskrivelse', serviceArea: 'home-care', urgency: 'within-a-year', theme: 'helse-omsorg' };
  it('accepts a minimal need and trims text', () => {
    const r = validateNeedInput(ok, ['helse-omsorg']);
    expect(r).toMatchObject({ ok: true, value: { title: 'Tittel', population: '', decision: '' } });
  });
  it('names each field once with its problem', () => {
    const r = validateNeedInput({ ...ok, title: 5, outcome: 'o'.repeat(501), urgency: 'tomorrow', theme: 'unknown' }, ['helse-omsorg']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        { field: 'title', problem: 'invalid' },
        { field: 'outcome', problem: 'tooLong', max: 500 },
        { field: 'urgency', problem: 'invalidChoice' },
        { field: 'theme', problem: 'invalidChoice' },
      ]);
    }
  });
  it('refuses a fødselsnummer in any free-text field, PICO included', () => {
    const r = validateNeedInput({ ...ok, population: 'Gjelder 01010750160' }, ['helse-omsorg']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ field: 'population', problem: 'personalData' }]);
  });
  it('treats a missing choice as required, not as unknown', () => {
    const r = validateNeedInput({ ...ok, serviceArea: '' }, ['helse-omsorg']);
    if (!r.ok) expect(r.errors).toEqual([{ field: 'serviceArea', problem: 'required' }]);
    else expect.unreachable();
  });
});
