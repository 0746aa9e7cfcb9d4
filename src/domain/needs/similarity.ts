import { StemmerNo, StopwordsNo, TokenizerNo } from '@nlpjs/lang-no';
import type { NeedFields } from './types.js';

const tokenizer = new TokenizerNo();
const stemmer = new StemmerNo();
const stopwords = new StopwordsNo();

/** Nynorsk stop words the bokmål list lacks. */
const NN_STOP = new Set(['korleis', 'kva', 'kven', 'kvar', 'ikkje', 'eg', 'dei', 'ein', 'eit', 'eitt', 'frå', 'berre', 'også', 'desse', 'vere', 'vore', 'vert', 'vart', 'då', 'sjølv', 'noko', 'nokon', 'mykje', 'kor', 'kvifor', 'fordi']);
/** Nynorsk stems mapped to their bokmål twins, so "heimeteneste" meets "hjemmetjeneste". */
const NN_TO_NB: [RegExp, string][] = [
  [/^heime/, 'hjemme'], [/^heim/, 'hjem'], [/tenest/, 'tjenest'], [/^sjuk/, 'syk'], [/^eldr/, 'eldr'],
  [/^bustad/, 'bolig'], [/^tilsett/, 'ansatt'], [/^kvardag/, 'hverdag'], [/^mykj/, 'mye'], [/^korleis/, 'hvordan'],
];

function stem(word: string): string {
  let w = word;
  for (const [re, to] of NN_TO_NB) w = w.replace(re, to);
  return stemmer.stemWord(w);
}

/**
 * Features of a Norwegian text: stems (lower-cased, diacritics folded by the tokenizer, stop words
 * removed) and character 4-grams of long stems, so compounds ("velferdsteknologi") meet their parts.
 */
export function features(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, (out.get(f) ?? 0) + w);
  for (const token of tokenizer.tokenize(text.toLowerCase(), true) as string[]) {
    if (token.length < 2 || stopwords.isStopword(token) || NN_STOP.has(token) || /^\d+$/.test(token)) continue;
    const s = stem(token);
    add(s, 1);
    if (s.length >= 7) for (let i = 0; i + 4 <= s.length; i++) add(`#${s.slice(i, i + 4)}`, 0.25);
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

/**
 * An in-memory TF-IDF index with an inverted list, kept up to date as needs change, so finding
 * similar needs among thousands touches only those that share a term with the query.
 */
export class SimilarityIndex {
  private readonly docs = new Map<string, Map<string, number>>();
  private readonly postings = new Map<string, Set<string>>();
  /** Document norms, computed with the idf of the corpus size they were computed at. */
  private readonly norms = new Map<string, { n: number; norm: number }>();

  get size(): number {
    return this.docs.size;
  }

  upsert(id: string, text: string): void {
    this.remove(id);
    const f = features(text);
    this.docs.set(id, f);
    for (const term of f.keys()) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Set()));
      p.add(id);
    }
  }

  remove(id: string): void {
    const f = this.docs.get(id);
    if (!f) return;
    this.norms.delete(id);
    for (const term of f.keys()) {
      const p = this.postings.get(term);
      p?.delete(id);
      if (p && p.size === 0) this.postings.delete(term);
    }
    this.docs.delete(id);
  }

  private idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.docs.size + 1) / (df + 1));
  }

  private weights(f: Map<string, number>): Map<string, number> {
    const w = new Map<string, number>();
    for (const [term, tf] of f) w.set(term, (1 + Math.log(1 + tf)) * this.idf(term));
    return w;
  }

  /** A document's norm, recomputed only when the corpus has grown or shrunk by a tenth since. */
  private norm(id: string): number {
    const cached = this.norms.get(id);
    const n = this.docs.size;
    if (cached && Math.abs(cached.n - n) <= n * 0.1) return cached.norm;
    const norm = Math.sqrt([...this.weights(this.docs.get(id)!).values()].reduce((a, v) => a + v * v, 0)) || 1;
    this.norms.set(id, { n, norm });
    return norm;
  }

  /** The `limit` most similar documents to `text` that pass `accept`, best first (score 0..1). */
  similar(text: string, accept: (id: string) => boolean, limit = 3, minScore = 0.12): Scored[] {
    const q = this.weights(features(text));
    const qNorm = Math.sqrt([...q.values()].reduce((a, v) => a + v * v, 0)) || 1;
    const maxDf = Math.max(50, this.docs.size * 0.25);
    const dots = new Map<string, number>();
    const accepted = new Map<string, boolean>();
    for (const [term, qw] of q) {
      const p = this.postings.get(term);
      if (!p || p.size > maxDf) continue;
      const idf = this.idf(term);
      for (const id of p) {
        let ok = accepted.get(id);
        if (ok === undefined) accepted.set(id, (ok = accept(id)));
        if (!ok) continue;
        const dw = (1 + Math.log(1 + (this.docs.get(id)!.get(term) ?? 0))) * idf;
        dots.set(id, (dots.get(id) ?? 0) + qw * dw);
      }
    }
    const scored: Scored[] = [];
    for (const [id, dot] of dots) {
      const score = dot / (qNorm * this.norm(id));
      if (score >= minScore) scored.push({ id, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
