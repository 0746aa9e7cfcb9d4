import { randomUUID } from 'node:crypto';
import type { Op } from './types.js';

/** What identifies the person being erased, wherever it was copied. */
export interface ErasedPerson {
  id: string;
  name?: string;
  email?: string;
  /** Other ids the person had: conversation ids, the Teams user id (`from.id`). */
  otherIds: string[];
  /** Put where the name stood inside text (a card already rendered for someone else). */
  anonymous: string;
}

/**
 * How one collection takes part in "delete my data", for a record that mentions the person:
 * return the record to keep (the store then replaces every remaining trace of the person in it),
 * or null to delete it. `'none'` declares a collection that never holds personal data.
 */
export type Eraser = ((record: Record<string, unknown>, person: ErasedPerson) => Record<string, unknown> | null) | 'none';

/** Keeps the record; the generic pass removes the person's ids, name and e-mail from it. */
export const anonymise: Eraser = (record) => record;
/** The record is the person's own: it goes. */
export const remove: Eraser = () => null;

export interface ErasurePlan {
  ops: Op[];
  deleted: Record<string, number>;
  anonymised: Record<string, number>;
  /** Collections with records but no registered eraser (a bug: the generic pass still ran). */
  unregistered: string[];
}

/**
 * Walks every record of every collection and decides, per record that mentions the person (by
 * id, in its own id, by name or e-mail anywhere inside it), what happens: the collection's eraser
 * says keep or delete, then every remaining trace is replaced (ids → null, name and e-mail → '',
 * inside longer text → the anonymous label). A kept record whose own id contains the person's id
 * is stored again under a new id.
 */
/** What identifies the person in a record: their ids, and their name and e-mail as text. */
export function needlesOf(person: ErasedPerson): { ids: string[]; texts: string[] } {
  return {
    ids: [person.id, ...person.otherIds].filter((x) => x.length >= 3),
    texts: [person.name, person.email].filter((x): x is string => !!x && x.length >= 3),
  };
}

export function planErasure(collections: Record<string, Record<string, unknown>>, erasers: ReadonlyMap<string, Eraser>, person: ErasedPerson): ErasurePlan {
  const { ids, texts } = needlesOf(person);
  const needles = [...ids, ...texts];
  const plan: ErasurePlan = { ops: [], deleted: {}, anonymised: {}, unregistered: [] };
  for (const [c, records] of Object.entries(collections)) {
    const eraser = erasers.get(c);
    if (!eraser && Object.keys(records).length) plan.unregistered.push(c);
    for (const [id, value] of Object.entries(records)) {
      const idMentions = ids.some((n) => id.includes(n));
      if (!idMentions && !mentions(value, needles)) continue;
      const kept = typeof eraser === 'function' ? eraser(value as Record<string, unknown>, person) : value;
      if (kept === null) {
        plan.ops.push({ c, id });
        plan.deleted[c] = (plan.deleted[c] ?? 0) + 1;
        continue;
      }
      const clean = scrub(kept, ids, texts, person.anonymous) as Record<string, unknown>;
      if (idMentions) {
        const newId = ids.reduce((s, n) => s.split(n).join(`erased-${randomUUID().slice(0, 8)}`), id);
        plan.ops.push({ c, id }, { c, id: newId, v: { ...clean, ...('id' in clean ? { id: newId } : {}) } });
      } else {
        plan.ops.push({ c, id, v: clean });
      }
      plan.anonymised[c] = (plan.anonymised[c] ?? 0) + 1;
    }
  }
  return plan;
}

function mentions(value: unknown, needles: string[]): boolean {
  if (typeof value === 'string') return needles.some((n) => value.includes(n));
  if (!value || typeof value !== 'object') return false;
  const text = JSON.stringify(value);
  return needles.some((n) => text.includes(n) || text.includes(JSON.stringify(n).slice(1, -1)));
}

function scrub(value: unknown, ids: string[], texts: string[], anonymous: string): unknown {
  if (typeof value === 'string') {
    if (ids.includes(value)) return null;
    if (texts.includes(value)) return '';
    let s = value;
    for (const n of [...texts, ...ids]) if (s.includes(n)) s = s.split(n).join(anonymous);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, ids, texts, anonymous));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, ids, texts, anonymous)]));
  }
  return value;
}
