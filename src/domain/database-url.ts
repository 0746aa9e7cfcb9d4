/**
 * `KSF_DATABASE_URL`: a PostgreSQL connection URL. It carries the database password, so nothing here
 * ever puts the given text (or a parser's message, which quotes it) into a problem or a log line.
 */

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

export type DatabaseUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/** Checks a PostgreSQL URL: postgres:// or postgresql://, a host and a database name. */
export function checkDatabaseUrl(text: string): DatabaseUrlCheck {
  const example = 'such as postgres://ksf:PASSWORD@db.example.com:5432/ksf?sslmode=require';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: false, problem: `must be a URL ${example}` };
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    return { ok: false, problem: `must start with postgres:// or postgresql:// (it starts with ${scheme}://)` };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    // URL's own message quotes the input, password and all
    return { ok: false, problem: `is not a valid URL (a password with @ : / ? # % must be percent-encoded, # as %23), ${example}` };
  }
  if (u.hash) return { ok: false, problem: 'holds a # (a # in the password must be written %23)' };
  const socketHost = u.searchParams.get('host');
  if (!u.hostname && !socketHost) return { ok: false, problem: `names no host, ${example}` };
  let database: string;
  try {
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  } catch {
    return { ok: false, problem: 'has a malformed %-escape in the database name' };
  }
  if (!database) return { ok: false, problem: `names no database (the path after the host, such as /ksf), ${example}` };
  if (database.includes('/')) return { ok: false, problem: 'must name one database after the host (such as /ksf), not a path' };
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) return { ok: false, problem: `sslmode must be one of ${SSL_MODES.join(', ')}` };
  return { ok: true, url: text };
}

/** The URL with its password replaced by `***`, for logs and `/healthz`; `(unparseable)` if it is not one. */
export function redactDatabaseUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === 'password') u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}
