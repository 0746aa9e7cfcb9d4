/** The store file exists but cannot be used; the file is left untouched. */
export class StoreCorruptError extends Error {
  constructor(public readonly file: string, reason: string) {
    super(`The store file ${file} cannot be read: ${reason}. The bot will not start and has not changed the file; restore it from a backup or move it away.`);
    this.name = 'StoreCorruptError';
  }
}

/** Another live process owns the store. */
export class StoreLockedError extends Error {
  constructor(public readonly file: string, holder: string) {
    super(`The store ${file} is already in use by ${holder}. Only one bot may own a store: stop the other one or set KSF_STORE to another path.`);
    this.name = 'StoreLockedError';
  }
}
