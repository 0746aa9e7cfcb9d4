import type { Engine } from './engine.js';
import { IndexBy } from './index-by.js';
import type { Op } from './types.js';

/** One history entry stored as its own record: `subject` is the record it belongs to, `n` its place. */
export type Stored<E> = E & { id: string; subject: string; n: number };

/**
 * A history kept as appended records (one small record per event) instead of an array inside the
 * record it describes: an event costs the same few hundred bytes of journal whether it is the
 * first or the ten-thousandth. Listed per subject through an in-memory index.
 */
export class EventLog<E extends object> {
  private readonly bySubject: IndexBy<Stored<E>>;

  constructor(
    private readonly engine: Engine,
    readonly collection: string,
  ) {
    this.bySubject = new IndexBy<Stored<E>>(engine, collection, (e) => e.subject);
  }

  /** The subject's events, oldest first. */
  list(subject: string): Stored<E>[] {
    return this.bySubject.get(subject).sort((a, b) => a.n - b.n);
  }

  count(subject: string): number {
    return this.bySubject.count(subject);
  }

  last(subject: string): Stored<E> | undefined {
    const all = this.list(subject);
    return all[all.length - 1];
  }

  /**
   * The ops that append `entries` to the subject's history; commit them with the change they
   * describe.
   */
  appendOps(subject: string, entries: E[]): Op[] {
    let n = this.count(subject);
    return entries.map((entry) => {
      while (this.engine.get(this.collection, eventId(subject, n))) n++;
      const id = eventId(subject, n);
      const v: Stored<E> = { ...entry, id, subject, n };
      n++;
      return { c: this.collection, id, v };
    });
  }

  appendOp(subject: string, entry: E): Op {
    return this.appendOps(subject, [entry])[0];
  }

  /** Every stored event (for erasure and exports of everything). */
  all(): readonly Stored<E>[] {
    return this.engine.values<Stored<E>>(this.collection);
  }
}

const eventId = (subject: string, n: number) => `${subject}#${n}`;
