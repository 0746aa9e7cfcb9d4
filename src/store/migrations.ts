import type { Migration } from './types.js';

export const CURRENT_SCHEMA_VERSION = 2;

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
        collections[key] = Object.fromEntries(
          value.map((rec, i) => [String((rec as { id?: unknown }).id ?? i), rec]),
        );
      }
      return { schemaVersion: 1, seq: data.seq ?? 0, collections };
    },
  },  {
    // v2: histories move out of the records they describe (needs, call answers, participation)
    // into their own collections, one record per event, so an event costs O(1) to write.
    to: 2,
    migrate(data) {
      const collections = { ...data.collections };
      const moves: [string, string][] = [['needs', 'needEvents'], ['callAnswers', 'answerEvents'], ['participation', 'participationEvents']];
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
];
