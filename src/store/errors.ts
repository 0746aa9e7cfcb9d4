/** The store file exists but cannot be used; the file is left untouched. */
export class StoreCorruptError extends Error {
  constructor(
    public readonly file: string,
    reason: string,
  ) {
    super(`The store file ${file} cannot be read: ${reason}. The bot will not start and has not changed the file; restore it from a backup or move it away.`);
    this.name = 'StoreCorruptError';
  }
}

/** Another live process owns the store. */
export class StoreLockedError extends Error {
  constructor(
    public readonly file: string,
    holder: string,
  ) {
    super(
      `The store ${file} is already in use by ${holder}. Only one bot may own a store: stop the other one or set KSF_STORE to another path (several instances share a PostgreSQL database instead: KSF_DATABASE_URL).`,
    );
    this.name = 'StoreLockedError';
  }
}

/** Why the store cannot write: the disk is full, the file system is read-only, another I/O error, or the database cannot be reached. */
export type WriteFailure = 'disk-full' | 'read-only' | 'io-error' | 'database';

/** The PostgreSQL database cannot be reached (refused, lost, shutting down): the cause a `database` failure carries. */
export class DatabaseUnreachableError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    const c = cause as { code?: unknown; message?: unknown } | undefined;
    super(typeof c?.message === 'string' ? c.message : String(cause), { cause });
    this.name = 'DatabaseUnreachableError';
    this.code = typeof c?.code === 'string' ? c.code : undefined;
  }
}

/** What an errno code of a failed write means for the person and the operator. */
export function writeFailureOf(err: unknown): WriteFailure {
  if (err instanceof DatabaseUnreachableError) return 'database';
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  return 'io-error';
}

const FAILURE_TEXT: Record<WriteFailure, string> = {
  'disk-full': 'no space left on the disk',
  'read-only': 'the file system is read-only or not writable',
  'io-error': 'a disk write failed',
  database: 'the PostgreSQL database cannot be reached',
};

/**
 * The store could not make a change durable, or refuses changes until it can write again. The
 * change was not saved and readers no longer see it; the store recovers by itself once it can write.
 */
export class StoreUnavailableError extends Error {
  readonly failure: WriteFailure;
  constructor(
    cause: unknown,
    readonly since: Date = new Date(),
  ) {
    const failure = writeFailureOf(cause);
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`The store cannot write: ${FAILURE_TEXT[failure]}${code ? ` (${code})` : ''}. Changes are refused until it can write again.`, { cause });
    this.name = 'StoreUnavailableError';
    this.failure = failure;
  }
}

/** The store cannot be opened for writing (read-only folder, no permission, a full disk). */
export class StoreUnwritableError extends Error {
  constructor(
    public readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(
      `The store ${file} cannot be written: ${FAILURE_TEXT[writeFailureOf(cause)]}${code ? ` (${code})` : ''}. The bot will not start and has not changed the store; make its folder writable (or free space), or set KSF_STORE to another path.`,
      { cause },
    );
    this.name = 'StoreUnwritableError';
  }
}

/** True for errno codes that mean the store's folder or disk cannot take writes. */
export function isUnwritable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
}

/**
 * A record this unit of work read was changed by someone else before its commit (another turn,
 * another instance): nothing was written. The use case runs again on fresh data when it has not
 * written or sent anything yet (see unit.ts); otherwise the person is asked to try again.
 */
export class ConflictError extends Error {
  constructor(readonly keys: string[]) {
    super(`Changed meanwhile by someone else: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`);
    this.name = 'ConflictError';
  }
}
