import type { Migration } from './types.js';

export const CURRENT_SCHEMA_VERSION = 3;

/**
 * Schema migrations, applied in order to a snapshot with a lower `schemaVersion` and persisted at
 * once, so each runs exactly once per store.
 */
export const migrations: Migration[] = [
  {
    // v0: a prototype layout with top-level arrays (`{ "people": [ … ] }`); v1 keeps records by id.
    to: 1,
    migrate(data) {
      const legacy = data as unknown as Record<string, unknown>;
      const collections: Record<string, Record<string, unknown>> = { ...(data.collections ?? {}) };
      for (const [key, value] of Object.entries(legacy)) {
        if (!Array.isArray(value)) continue;
        collections[key] = Object.fromEntries(value.map((rec, i) => [String((rec as { id?: unknown }).id ?? i), rec]));
      }
      return { schemaVersion: 1, seq: data.seq ?? 0, collections };
    },
  },
  {
    // v2: histories move out of the records they describe (needs, call answers, participation)
    // into their own collections, one record per event, so an event costs O(1) to write.
    to: 2,
    migrate(data) {
      const collections = { ...data.collections };
      const moves: [string, string][] = [
        ['needs', 'needEvents'],
        ['callAnswers', 'answerEvents'],
        ['participation', 'participationEvents'],
      ];
      for (const [from, to] of moves) {
        const records = collections[from];
        if (!records) continue;
        const events: Record<string, unknown> = { ...(collections[to] ?? {}) };
        const stripped: Record<string, unknown> = {};
        for (const [id, rec] of Object.entries(records)) {
          const { history, ...rest } = rec as { history?: unknown };
          stripped[id] = rest;
          if (!Array.isArray(history)) continue;
          history.forEach((entry, n) => {
            const eid = `${id}#${n}`;
            events[eid] = { ...(entry as object), id: eid, subject: id, n };
          });
        }
        collections[from] = stripped;
        collections[to] = events;
      }
      return { ...data, schemaVersion: 2, collections };
    },
  },
  {
    // v3: outbox records may be render requests (drawn when sent) or in-place updates (PUT), which
    // an older bot would post as empty messages, hence the bump. Reminders still waiting were
    // drawn when queued: they become render requests, so they follow a language changed since.
    to: 3,
    migrate(data) {
      const outbox = data.collections.outbox;
      if (!outbox) return { ...data, schemaVersion: 3 };
      const migrated: Record<string, unknown> = {};
      for (const [id, rec] of Object.entries(outbox)) migrated[id] = reminderAsRenderRequest(rec as Record<string, unknown>);
      return { ...data, schemaVersion: 3, collections: { ...data.collections, outbox: migrated } };
    },
  },
];

/** The render request (REMINDER ids in domain/reminders.ts; each feature registers its renderer) for a pending v2 reminder, or the record as it was. */
function reminderAsRenderRequest(rec: Record<string, unknown>): Record<string, unknown> {
  if (rec.status !== 'pending' || !rec.activity || typeof rec.subject !== 'string') return rec;
  const subject = rec.subject;
  const cut = subject.lastIndexOf(':');
  const data: Record<string, Record<string, unknown> | undefined> = {
    'reminder.digest': { week: subject },
    'reminder.need': { needId: subject },
    'reminder.call': { callId: subject, municipality: rec.municipality },
    'reminder.participation': cut > 0 ? { cluster: subject.slice(0, cut), municipality: subject.slice(cut + 1) } : undefined,
  };
  const kind = String(rec.kind);
  if (!data[kind]) return rec;
  const { activity: _a, ...rest } = rec;
  return { ...rest, render: { renderer: kind, data: data[kind] } };
}
