import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Op } from '../../store/types.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import type { ActorKind, HistoryEntry, Need, NeedFields, NeedGroup, NeedStatus } from '../../domain/needs/types.js';
import { FINAL_STATUSES } from '../../domain/needs/types.js';
import { checkTransition, authorMayEdit } from '../../domain/needs/transitions.js';
import { actorsFor, coordinatesMunicipality, neighbourhood } from '../../domain/needs/scope.js';
import { SimilarityIndex, needText } from '../../domain/needs/similarity.js';
import { contactPersonIds, messageTo } from '../notices.js';
import { newNeedNotice, statusNotice } from './notices.js';
import { changeLimiter } from '../change-limiter.js';

export type Problem = 'not-found' | 'not-allowed' | 'note-required' | 'same-municipality' | 'unchanged' | 'slow-down';
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };
/** What a change of several records did: the records changed, and those left alone because the person may not change them. */
export type FanOut<T> = { ok: true; value: T; skipped: Need[] } | { ok: false; problem: Problem };

/** Knowledge-need use cases: every rule checked on the server, every change one atomic commit. */
export class NeedsService {
  private readonly index = new SimilarityIndex();
  private indexState: 'none' | 'building' | 'ready' = 'none';
  /** Needs still to index while the index is being built. */
  private unindexed: Need[] = [];
  /** Each indexed need's municipality: candidates outside the neighbourhood are skipped before they are fetched. */
  private readonly municipalityOf = new Map<string, string>();

  constructor(private readonly deps: Deps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private entry(identity: Identity, as: HistoryEntry['as'], kind: HistoryEntry['kind'], extra: Partial<HistoryEntry> = {}): HistoryEntry {
    return { at: this.now(), by: identity.personId, byName: identity.name, as, kind, ...extra };
  }

  private loading: Promise<void> | null = null;
  private refreshedAt = 0;

  /**
   * With several instances on one database, needs registered or changed on the others reach this
   * instance's index too: what changed today or yesterday is read again at most every 10 s.
   */
  private async refresh(): Promise<void> {
    if (this.deps.store.engine.kind !== 'postgres' || Date.now() - this.refreshedAt < 10_000) return;
    this.refreshedAt = Date.now();
    const today = this.deps.clock.now();
    const days = [today, new Date(today.getTime() - 86_400_000)].map((d) => d.toISOString().slice(0, 10));
    for (const need of await this.deps.store.needs.updatedOn(days)) this.indexOne(need);
  }

  /** Starts the build once: every caller waits for the needs to be read before indexing or searching. */
  private beginIndex(): Promise<void> {
    if (!this.loading) {
      this.indexState = 'building';
      this.refreshedAt = Date.now();
      this.loading = this.deps.store.needs.all().then(
        (all) => {
          this.unindexed = all.slice().reverse();
        },
        (err: unknown) => {
          // the store could not be read (the database away): the next search tries again
          this.loading = null;
          this.indexState = 'none';
          throw err;
        },
      );
    }
    return this.loading;
  }

  private indexOne(need: Need): void {
    this.municipalityOf.set(need.id, need.municipality);
    if (need.status === 'withdrawn') this.index.remove(need.id);
    else this.index.upsert(need.id, needText(need));
  }

  /**
   * Builds the similarity index in slices of a few milliseconds, giving turns the event loop in
   * between (10,000 needs take ~2 s of CPU).
   */
  async warmIndex(): Promise<void> {
    await this.beginIndex();
    while (this.unindexed.length) {
      const until = performance.now() + 8;
      while (this.unindexed.length && performance.now() < until) this.indexOne(this.unindexed.pop()!);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.indexState = 'ready';
  }

  /** The index complete now: what the background build has not reached yet is indexed at once. */
  private async ensureIndex(): Promise<void> {
    if (this.indexState === 'ready') return this.refresh();
    await this.beginIndex();
    while (this.unindexed.length) this.indexOne(this.unindexed.pop()!);
    this.indexState = 'ready';
  }

  private reindex(need: Need): void {
    if (this.indexState !== 'none') this.indexOne(need);
  }

  /** Up to `limit` similar needs from other municipalities in the same clusters or region. */
  async similarTo(need: Pick<Need, 'id' | 'municipality'> & Parameters<typeof needText>[0], limit = 3): Promise<Need[]> {
    await this.ensureIndex();
    const around = neighbourhood(need.municipality, this.deps.directory);
    const candidates = this.index.similar(needText(need), (id) => id !== need.id && around.has(this.municipalityOf.get(id) ?? ''), limit * 4);
    const found = await this.deps.store.needs.getMany(candidates.map((c) => c.id));
    return found.filter((n): n is Need => !!n && around.has(n.municipality) && n.status !== 'withdrawn').slice(0, limit);
  }

  get(id: string): Promise<Need | undefined> {
    return this.deps.store.needs.get(id);
  }

  /** Registers a need for the person's own municipality and tells its contact persons. */
  async create(identity: Identity, fields: NeedFields): Promise<Need> {
    const now = this.now();
    const { ref, ops } = await this.deps.store.needs.reserveReference(this.deps.clock.now(), this.deps.config.timezone);
    const need: Need = {
      ...fields,
      id: randomUUID(),
      ref,
      municipality: identity.municipality,
      authorId: identity.personId,
      authorName: identity.name,
      status: 'received',
      createdAt: now,
      updatedAt: now,
    };
    const messages = await Promise.all(
      (await contactPersonIds(this.deps, need.municipality))
        .filter((id) => id !== identity.personId)
        .map((id) => messageTo(this.deps, id, 'need.new', need.id, (tr) => newNeedNotice(tr, need, this.deps))),
    );
    await this.commit(
      [...ops, this.deps.store.needs.op(need), await this.deps.store.needs.historyOp(need.id, this.entry(identity, 'author', 'created', { to: 'received' }))],
      messages,
    );
    this.reindex(need);
    return need;
  }

  /** The author changes their need while it is still theirs to change. */
  async edit(identity: Identity, id: string, fields: NeedFields): Promise<Result<Need>> {
    const need = await this.get(id);
    if (!need || need.authorId !== identity.personId) return { ok: false, problem: 'not-found' };
    if (!authorMayEdit(need.status)) return { ok: false, problem: 'not-allowed' };
    if (!(await this.allow(identity))) return { ok: false, problem: 'slow-down' };
    const next: Need = { ...need, ...fields, updatedAt: this.now() };
    await this.commit([this.deps.store.needs.op(next), await this.deps.store.needs.historyOp(need.id, this.entry(identity, 'author', 'edited'))], []);
    this.reindex(next);
    return { ok: true, value: next };
  }

  /**
   * Moves a need (and, for a coordinator, every need linked with it that they coordinate) to `to`,
   * if the transition table lets this person do it; the author of each need changed is told in
   * their language. Linked needs outside the person's clusters are left alone and returned as
   * `skipped`. The same status again is `unchanged` and writes nothing.
   */
  async transition(identity: Identity, id: string, to: NeedStatus, note: string | undefined): Promise<FanOut<Need>> {
    const need = await this.get(id);
    if (!need) return { ok: false, problem: 'not-found' };
    const actors = actorsFor(identity, need, this.deps.directory);
    if (!actors.length) return { ok: false, problem: 'not-found' };
    if (need.status === to && (await this.deps.store.needs.events.last(need.id))?.by === identity.personId) return { ok: false, problem: 'unchanged' };
    const check = checkTransition(actors, need.status, to, note);
    if (!check.ok) return { ok: false, problem: check.reason };
    if (!(await this.allow(identity))) return { ok: false, problem: 'slow-down' };
    const cleanNote = note?.trim() ? note.trim().slice(0, 1000) : undefined;
    const group = need.groupId && check.rule.by === 'coordinator' ? await this.deps.store.needs.group(need.groupId) : undefined;
    const members = group ? (await this.deps.store.needs.getMany(group.needIds)).filter((n): n is Need => !!n) : [need];
    // every linked need is checked on its own: the person must coordinate its municipality too
    const skipped = members.filter((n) => n.id !== need.id && !actorsFor(identity, n, this.deps.directory).includes('coordinator'));
    const targets = members.filter((n) => !skipped.includes(n));
    const ops: Op[] = [];
    const messages: OutboxMessage[] = [];
    let updated = need;
    for (const n of targets) {
      const own = n.id === need.id ? check : checkTransition(['coordinator'], n.status, to, cleanNote);
      if (!own.ok) continue;
      const next: Need = { ...n, status: to, updatedAt: this.now() };
      const override = own.rule.override ? { override: own.rule.override } : {};
      ops.push(
        this.deps.store.needs.op(next),
        await this.deps.store.needs.historyOp(n.id, this.entry(identity, check.rule.by, 'status', { from: n.status, to, note: cleanNote, ...override })),
      );
      if (n.authorId && n.authorId !== identity.personId) {
        messages.push(await messageTo(this.deps, n.authorId, 'need.status', n.id, (tr) => statusNotice(tr, next, cleanNote)));
      }
      if (n.id === need.id) updated = next;
      if (to === 'received') {
        for (const contact of (await contactPersonIds(this.deps, n.municipality)).filter((c) => c !== identity.personId)) {
          messages.push(await messageTo(this.deps, contact, 'need.new', n.id, (tr) => newNeedNotice(tr, next, this.deps)));
        }
      }
    }
    ops.push(...(await this.priorityOps(identity, need, to)));
    await this.commit(ops, messages);
    for (const op of ops) if (op.c === 'needs') this.reindex(op.v as Need);
    if (skipped.length)
      this.deps.logger.warn({ need: need.ref, skipped: skipped.map((n) => n.ref) }, "group change: linked needs outside the person's clusters left alone");
    return { ok: true, value: updated, skipped };
  }

  /** Keeps the cluster's priority list in step: prioritised needs (or their group) are on it. */
  private async priorityOps(identity: Identity, need: Need, to: NeedStatus): Promise<Op[]> {
    const entry = need.groupId ? `group:${need.groupId}` : `need:${need.id}`;
    const ops: Op[] = [];
    for (const cluster of this.deps.directory.clustersOf(need.municipality)) {
      const list = await this.deps.store.needs.priorities(cluster.id);
      const has = list.entries.includes(entry);
      if (to === 'prioritised' && !has) {
        ops.push(this.deps.store.needs.prioritiesOp({ ...list, entries: [...list.entries, entry], updatedAt: this.now(), updatedBy: identity.personId }));
      } else if (to !== 'prioritised' && has) {
        ops.push(
          this.deps.store.needs.prioritiesOp({
            ...list,
            entries: list.entries.filter((e) => e !== entry),
            updatedAt: this.now(),
            updatedBy: identity.personId,
          }),
        );
      }
    }
    return ops;
  }

  /** A coordinator links two needs from different municipalities into one group. */
  async link(identity: Identity, id: string, otherId: string): Promise<Result<NeedGroup>> {
    const [a, b] = await this.deps.store.needs.getMany([id, otherId]);
    if (!a || !b) return { ok: false, problem: 'not-found' };
    const dir = this.deps.directory;
    if (!coordinatesMunicipality(identity, a.municipality, dir) || !coordinatesMunicipality(identity, b.municipality, dir))
      return { ok: false, problem: 'not-allowed' };
    if (a.municipality === b.municipality) return { ok: false, problem: 'same-municipality' };
    if (FINAL_STATUSES.includes(a.status) || FINAL_STATUSES.includes(b.status)) return { ok: false, problem: 'not-allowed' };
    if (a.groupId && a.groupId === b.groupId) return { ok: false, problem: 'unchanged' };
    if (!(await this.allow(identity))) return { ok: false, problem: 'slow-down' };
    const existing =
      (a.groupId && (await this.deps.store.needs.group(a.groupId))) || (b.groupId && (await this.deps.store.needs.group(b.groupId))) || undefined;
    const cluster = dir.clustersOf(a.municipality).find((c) => identity.coordinatedClusters.includes(c.id))?.id ?? '';
    const group: NeedGroup = existing
      ? { ...existing, needIds: [...new Set([...existing.needIds, a.id, b.id])] }
      : { id: randomUUID(), cluster, needIds: [a.id, b.id], createdBy: identity.personId, createdAt: this.now() };
    const ops: Op[] = [this.deps.store.needs.groupOp(group)];
    for (const n of [a, b]) {
      if (n.groupId === group.id) continue;
      ops.push(
        this.deps.store.needs.op({ ...n, groupId: group.id, updatedAt: this.now() }),
        await this.deps.store.needs.historyOp(n.id, this.entry(identity, 'coordinator', 'linked')),
      );
    }
    await this.commit(ops, []);
    return { ok: true, value: group };
  }

  /**
   * A coordinator takes a need out of its group. A group left with one need is dissolved, unless
   * that need is outside the person's clusters: then it is left alone and returned as `skipped`.
   */
  async unlink(identity: Identity, id: string): Promise<FanOut<Need>> {
    const need = await this.get(id);
    if (!need?.groupId) return { ok: false, problem: 'not-found' };
    if (!coordinatesMunicipality(identity, need.municipality, this.deps.directory)) return { ok: false, problem: 'not-allowed' };
    if (!(await this.allow(identity))) return { ok: false, problem: 'slow-down' };
    const group = await this.deps.store.needs.group(need.groupId);
    const remaining = (group?.needIds ?? []).filter((n) => n !== id);
    const next: Need = { ...need, groupId: undefined, updatedAt: this.now() };
    const ops: Op[] = [this.deps.store.needs.op(next), await this.deps.store.needs.historyOp(need.id, this.entry(identity, 'coordinator', 'unlinked'))];
    const skipped: Need[] = [];
    if (group) {
      const last = remaining.length === 1 ? await this.get(remaining[0]) : undefined;
      const mayDissolve = !last || coordinatesMunicipality(identity, last.municipality, this.deps.directory);
      ops.push(this.deps.store.needs.groupOp({ ...group, needIds: remaining.length > 1 || !mayDissolve ? remaining : [] }));
      if (last && mayDissolve) ops.push(this.deps.store.needs.op({ ...last, groupId: undefined }));
      if (last && !mayDissolve) skipped.push(last);
    }
    await this.commit(ops, []);
    return { ok: true, value: next, skipped };
  }

  /** Moves an entry of a cluster's priority list to a new place (1-based). */
  async rank(identity: Identity, cluster: string, entry: string, place: number): Promise<Result<string[]>> {
    if (!identity.coordinatedClusters.includes(cluster)) return { ok: false, problem: 'not-allowed' };
    const list = await this.deps.store.needs.priorities(cluster);
    const from = list.entries.indexOf(entry);
    if (from === -1) return { ok: false, problem: 'not-found' };
    const entries = list.entries.filter((e) => e !== entry);
    const to = Math.min(Math.max(Math.round(place) - 1, 0), entries.length);
    if (to === from) return { ok: true, value: list.entries };
    if (!(await this.allow(identity))) return { ok: false, problem: 'slow-down' };
    entries.splice(to, 0, entry);
    await this.commit([this.deps.store.needs.prioritiesOp({ ...list, entries, updatedAt: this.now(), updatedBy: identity.personId })], []);
    return { ok: true, value: entries };
  }

  actors(identity: Identity, need: Need): ActorKind[] {
    return actorsFor(identity, need, this.deps.directory);
  }

  /** The per-person burst limit for changes. */
  private allow(identity: Identity): boolean | Promise<boolean> {
    return changeLimiter(this.deps).allow(identity.personId, this.deps.clock.now());
  }

  private async commit(ops: Op[], messages: OutboxMessage[]): Promise<void> {
    await this.deps.store.needs.commit([...ops, ...messages.map((m) => this.deps.store.outbox.op(m))]);
    if (messages.some((m) => m.status === 'pending')) this.deps.outbox.kick();
  }
}
