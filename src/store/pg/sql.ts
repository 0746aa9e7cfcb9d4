/** Whether an error from node-postgres means the database cannot be reached (rather than a bad query). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code)) return true;
  // SQLSTATE 08: connection exception; 57P01-03: the server shuts down, crashed or is starting; 53300: no connection slots
  if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true;
  return !code && typeof e?.message === 'string' && LOST_CONNECTION.test(e.message);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOENT']);
const LOST_CONNECTION = /connection terminated|timeout exceeded when trying to connect|not queryable|connection error/i;

/** Whether PostgreSQL aborted a transaction that may simply run again (a deadlock, a serialization failure). */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === '40P01' || code === '40001';
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(a malformed URL)';
  }
}

/** `(c, id)` pairs as two parallel text arrays, for `unnest($1::text[], $2::text[])`. */
export function pairs(keys: readonly { c: string; id: string }[]): [string[], string[]] {
  return [keys.map((k) => k.c), keys.map((k) => k.id)];
}
