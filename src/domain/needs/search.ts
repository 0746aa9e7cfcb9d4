import type { Need } from './types.js';
import { features } from './similarity.js';

/** A need's reference typed whole or in part: "KB-2026-0042", "kb-2026-42", "2026-0042". */
const REFERENCE = /^(?:kb-?)?(\d{4})-(\d{1,6})$/i;

/** The reference a query names, normalised to the stored form (KB-2026-0042), or undefined. */
export function referenceIn(query: string): string | undefined {
  const m = REFERENCE.exec(query.trim());
  return m ? `KB-${m[1]}-${m[2].padStart(4, '0')}` : undefined;
}

/**
 * The needs among `needs` that match what a person typed, best first: a reference finds that need;
 * words find needs whose title or text shares their stems (the similar-needs stemming, so
 * "hjemmetjenesten" finds "hjemmetjeneste", and nynorsk meets bokmål), a title match counting
 * most. An empty query gives the most recently changed.
 */
export function searchNeeds(needs: readonly Need[], query: string, limit: number): Need[] {
  const q = query.trim();
  const recent = (a: Need, b: Need) => b.updatedAt.localeCompare(a.updatedAt);
  if (!q) return needs.slice().sort(recent).slice(0, limit);
  const ref = referenceIn(q);
  if (ref) return needs.filter((n) => n.ref === ref);
  const wanted = [...features(q)].filter(([term]) => term[0] !== '#');
  if (!wanted.length) return [];
  const scored: { need: Need; score: number }[] = [];
  for (const need of needs) {
    const title = features(need.title);
    const rest = features([need.description, need.population, need.intervention, need.comparison, need.outcome, need.decision].filter(Boolean).join('. '));
    let score = 0;
    let matched = 0;
    for (const [term] of wanted) {
      const hit = (title.has(term) ? 2 : 0) + (rest.has(term) ? 1 : 0);
      if (hit) matched++;
      score += hit;
    }
    // every word typed must be found somewhere, as a search box is expected to behave
    if (matched === wanted.length) scored.push({ need, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || recent(a.need, b.need))
    .slice(0, limit)
    .map((s) => s.need);
}
