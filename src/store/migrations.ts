import type { Migration } from './types.js';

export const CURRENT_SCHEMA_VERSION = 1;

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
  },
];
