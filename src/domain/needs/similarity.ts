import { StemmerNo, StopwordsNo, TokenizerNo } from '@nlpjs/lang-no';
import type { NeedFields } from './types.js';
import { memoize } from '../memoize.js';

/** The tokenizer's own steps (its typings omit them): see `features`. */
const tokenizer = new TokenizerNo() as unknown as { normalize(text: string, force: boolean): string; innerTokenize(text: string): string[] };
const stemmer = new StemmerNo();
const stopwords = new StopwordsNo();

/** Nynorsk stop words the bokmål list lacks. */
const NN_STOP = new Set([
  'korleis',
  'kva',
  'kven',
  'kvar',
  'ikkje',
  'eg',
  'dei',
  'ein',
  'eit',
  'eitt',
  'frå',
  'berre',
  'også',
  'desse',
  'vere',
  'vore',
  'vert',
  'vart',
  'då',
  'sjølv',
  'noko',
  'nokon',
  'mykje',
  'kor',
  'kvifor',
  'fordi',
]);
/** Nynorsk stems mapped to their bokmål twins, so "heimeteneste" meets "hjemmetjeneste". */
const NN_TO_NB: [RegExp, string][] = [
  [/^heime/, 'hjemme'],
  [/^heim/, 'hjem'],
  [/tenest/, 'tjenest'],
  [/^sjuk/, 'syk'],
  [/^eldr/, 'eldr'],
  [/^bustad/, 'bolig'],
  [/^tilsett/, 'ansatt'],
  [/^kvardag/, 'hverdag'],
  [/^mykj/, 'mye'],
  [/^korleis/, 'hvordan'],
];

/**
 * What one word contributes: its stem and, for a long stem, its 4-grams. Cached by word: a
 * municipality's vocabulary is a few thousand words, so each is stemmed once.
 */
const featuresOfWord = memoize(
  (token: string): readonly string[] => {
    if (token.length < 2 || stopwords.isStopword(token) || NN_STOP.has(token) || /^\d+$/.test(token)) return [];
    let w = token;
    for (const [re, to] of NN_TO_NB) w = w.replace(re, to);
    const s = stemmer.stemWord(w) as string;
    const grams: string[] = [];
    if (s.length >= 7) for (let i = 0; i + 4 <= s.length; i++) grams.push(`#${s.slice(i, i + 4)}`);
    return [s, ...grams];
  },
  (token) => token,
  100_000,
);

/**
 * Features of a Norwegian text: stems (lower-cased, diacritics folded by the tokenizer, stop words
 * removed, weight 1) and character 4-grams of long stems (weight ¼), so compounds
 * ("velferdsteknologi") meet their parts.
 */
export function features(text: string): Map<string, number> {
  const out = new Map<string, number>();
  // normalize + innerTokenize is what tokenize() does, without its cache of every text seen (60 MB at 10,000 needs)
  for (const token of tokenizer.innerTokenize(tokenizer.normalize(text.toLowerCase(), true))) {
    const f = featuresOfWord(token);
    for (let i = 0; i < f.length; i++) out.set(f[i], (out.get(f[i]) ?? 0) + (i === 0 ? 1 : 0.25));
  }
  return out;
}

/** The text of a need that similarity looks at: title (weighted twice), description and PICO. */
export function needText(n: Pick<NeedFields, 'title' | 'description' | 'population' | 'intervention' | 'comparison' | 'outcome' | 'decision'>): string {
  return [n.title, n.title, n.description, n.population, n.intervention, n.comparison, n.outcome, n.decision].filter(Boolean).join('. ');
}

export interface Scored {
  id: string;
  score: number;
}

/** Features kept per document: every stem, then the 4-grams that occur most (bounds memory). */
const MAX_FEATURES = 96;
/** Inverted-list entries one query reads at most (a few milliseconds). */
const POSTINGS_BUDGET = 5_000;

/** A growable list of (document slot, term frequency × 4) pairs. */
interface Posting {
  slots: Int32Array;
  tf4: Uint8Array;
  length: number;
}

/**
 * An in-memory TF-IDF index with inverted lists, kept up to date as needs change, so finding
 * similar needs among thousands touches only those that share a term with the query. Terms are
 * numbered once and documents kept as typed arrays (~1 kB a need instead of ~20 kB as maps);
 * a changed or removed document leaves its old slot behind until the lists are compacted.
 */
export class SimilarityIndex {
  private readonly termIds = new Map<string, number>();
  private df = new Int32Array(256);
  private postings: Posting[] = [];
  private readonly slotOf = new Map<string, number>();
  private slotIds: (string | undefined)[] = [];
  private slotTerms: (Int32Array | undefined)[] = [];
  private slotTf4: (Uint8Array | undefined)[] = [];
  /** Document norms, with the corpus size they were computed at. */
  private normValue: number[] = [];
  private normAt: number[] = [];
  private dead = 0;

  get size(): number {
    return this.slotOf.size;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
      if (id >= this.df.length) {
        const grown = new Int32Array(this.df.length * 2);
        grown.set(this.df);
        this.df = grown;
      }
      this.postings.push({ slots: new Int32Array(8), tf4: new Uint8Array(8), length: 0 });
    }
    return id;
  }

  upsert(id: string, text: string): void {
    this.remove(id);
    const all = [...features(text)];
    const kept =
      all.length <= MAX_FEATURES
        ? all
        : [...all.filter(([t]) => t[0] !== '#'), ...all.filter(([t]) => t[0] === '#').sort((a, b) => b[1] - a[1])].slice(0, MAX_FEATURES);
    const slot = this.slotIds.length;
    const terms = new Int32Array(kept.length);
    const tf4 = new Uint8Array(kept.length);
    kept.forEach(([term, tf], i) => {
      const t = this.termId(term);
      terms[i] = t;
      tf4[i] = Math.min(255, Math.round(tf * 4));
      this.df[t]++;
      const p = this.postings[t];
      if (p.length === p.slots.length) {
        const slots = new Int32Array(p.length * 2);
        slots.set(p.slots);
        const tfs = new Uint8Array(p.length * 2);
        tfs.set(p.tf4);
        p.slots = slots;
        p.tf4 = tfs;
      }
      p.slots[p.length] = slot;
      p.tf4[p.length] = tf4[i];
      p.length++;
    });
    this.slotIds.push(id);
    this.slotTerms.push(terms);
    this.slotTf4.push(tf4);
    this.normValue.push(0);
    this.normAt.push(-1);
    this.slotOf.set(id, slot);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const t of this.slotTerms[slot]!) this.df[t]--;
    this.slotOf.delete(id);
    this.slotIds[slot] = undefined;
    this.slotTerms[slot] = undefined;
    this.slotTf4[slot] = undefined;
    if (++this.dead > 1000 && this.dead > this.slotOf.size / 4) this.compact();
  }

  /** Drops the slots of changed and removed documents from the lists. */
  private compact(): void {
    const renumber = new Int32Array(this.slotIds.length).fill(-1);
    const ids: string[] = [];
    const terms: Int32Array[] = [];
    const tf4: Uint8Array[] = [];
    this.slotIds.forEach((id, slot) => {
      if (id === undefined) return;
      renumber[slot] = ids.length;
      this.slotOf.set(id, ids.length);
      ids.push(id);
      terms.push(this.slotTerms[slot]!);
      tf4.push(this.slotTf4[slot]!);
    });
    for (const p of this.postings) {
      let n = 0;
      for (let i = 0; i < p.length; i++) {
        const to = renumber[p.slots[i]];
        if (to < 0) continue;
        p.slots[n] = to;
        p.tf4[n++] = p.tf4[i];
      }
      p.length = n;
    }
    this.slotIds = ids;
    this.slotTerms = terms;
    this.slotTf4 = tf4;
    this.normValue = ids.map(() => 0);
    this.normAt = ids.map(() => -1);
    this.dead = 0;
  }

  private idf(t: number): number {
    return Math.log(1 + (this.slotOf.size + 1) / (this.df[t] + 1));
  }

  /** A document's norm, recomputed only when the corpus has grown or shrunk by a tenth since. */
  private norm(slot: number): number {
    const n = this.slotOf.size;
    if (this.normAt[slot] >= 0 && Math.abs(this.normAt[slot] - n) <= n * 0.1) return this.normValue[slot];
    const terms = this.slotTerms[slot]!;
    const tf4 = this.slotTf4[slot]!;
    let sum = 0;
    for (let i = 0; i < terms.length; i++) {
      const w = (1 + Math.log(1 + tf4[i] / 4)) * this.idf(terms[i]);
      sum += w * w;
    }
    this.normValue[slot] = Math.sqrt(sum) || 1;
    this.normAt[slot] = n;
    return this.normValue[slot];
  }

  /** The `limit` most similar documents to `text` that pass `accept`, best first (score 0..1). */
  similar(text: string, accept: (id: string) => boolean, limit = 3, minScore = 0.12): Scored[] {
    const query: [number, number][] = [];
    let qSum = 0;
    for (const [term, tf] of features(text)) {
      const t = this.termIds.get(term);
      const w = (1 + Math.log(1 + tf)) * (t === undefined ? Math.log(1 + (this.slotOf.size + 1)) : this.idf(t));
      qSum += w * w;
      if (t !== undefined) query.push([t, w]);
    }
    const qNorm = Math.sqrt(qSum) || 1;
    const maxDf = Math.max(50, this.slotOf.size * 0.1);
    const dots = new Map<number, number>();
    const accepted = new Map<number, boolean>();
    // rarest terms first, the most telling; a query stops after POSTINGS_BUDGET entries
    query.sort((a, b) => this.df[a[0]] - this.df[b[0]]);
    let budget = POSTINGS_BUDGET;
    for (const [t, qw] of query) {
      if (this.df[t] > maxDf || budget <= 0) break;
      budget -= this.postings[t].length;
      const p = this.postings[t];
      const idf = this.idf(t);
      for (let i = 0; i < p.length; i++) {
        const slot = p.slots[i];
        const id = this.slotIds[slot];
        if (id === undefined) continue;
        let ok = accepted.get(slot);
        if (ok === undefined) accepted.set(slot, (ok = accept(id)));
        if (!ok) continue;
        dots.set(slot, (dots.get(slot) ?? 0) + qw * (1 + Math.log(1 + p.tf4[i] / 4)) * idf);
      }
    }
    const scored: Scored[] = [];
    for (const [slot, dot] of dots) {
      const score = dot / (qNorm * this.norm(slot));
      if (score >= minScore) scored.push({ id: this.slotIds[slot]!, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
