import type { Backend, IndexDef } from './backend.js';
import type { Op } from './types.js';

/** One history entry stored as its own record: `subject` is the record it belongs to, `n` its place. */
export type Stored<E> = E & { id: string; subject: string; n: number };

/**
 * A history kept as appended records (one small record per event) instead of an array inside the
 * record it describes: an event costs the same few hundred bytes whether it is the first or the
 * ten-thousandth. Listed per subject through an index. Two units appending to one subject at once
 * compute the same next id: the second one's commit meets a conflict (it read that id as absent)
 * and runs again, so no event is lost.
 */
export class EventLog<E extends object> {
  private readonly bySubject: IndexDef<Stored<E>>;

  constructor(
    private readonly engine: Backend,
    readonly collection: string,
  ) {
    this.bySubject = { name: 'subject', collection, key: (e) => e.subject };
    engine.defineIndex(this.bySubject);
  }

  /** The subject's events, oldest first. */
  async list(subject: string): Promise<Stored<E>[]> {
    return (await this.engine.byKey(this.bySubject, subject)).sort((a, b) => a.n - b.n);
  }

  count(subject: string): Promise<number> {
    return this.engine.countByKey(this.bySubject, subject);
  }

  async last(subject: string): Promise<Stored<E> | undefined> {
    const all = await this.list(subject);
    return all[all.length - 1];
  }

  /**
   * The ops that append `entries` to the subject's history; commit them with the change they
   * describe.
   */
  async appendOps(subject: string, entries: E[]): Promise<Op[]> {
    let n = await this.count(subject);
    const ops: Op[] = [];
    for (const entry of entries) {
      while (await this.engine.get(this.collection, eventId(subject, n))) n++;
      const id = eventId(subject, n);
      const v: Stored<E> = { ...entry, id, subject, n };
      n++;
      ops.push({ c: this.collection, id, v });
    }
    return ops;
  }

  async appendOp(subject: string, entry: E): Promise<Op> {
    return (await this.appendOps(subject, [entry]))[0];
  }

  /** Every stored event (for erasure and exports of everything). */
  all(): Promise<readonly Stored<E>[]> {
    return this.engine.values<Stored<E>>(this.collection);
  }
}

const eventId = (subject: string, n: number) => `${subject}#${n}`;
