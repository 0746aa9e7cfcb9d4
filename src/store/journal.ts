import { constants } from 'node:fs';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { writeAtomic } from './durable-json-file.js';
import { StoreCorruptError } from './errors.js';
import type { Op } from './types.js';

export interface JournalEntry {
  s: number;
  ops: Op[];
}

/**
 * Reads the journal. A torn last line (the process died mid-write, so it was never acknowledged)
 * is cut off; any other unreadable line makes the store refuse to start.
 */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: JournalEntry[] = [];
  let offset = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) {
      await truncate(file, Buffer.byteLength(text.slice(0, offset), 'utf8'));
      break;
    }
    const line = text.slice(offset, nl);
    try {
      const entry = JSON.parse(line) as JournalEntry;
      if (typeof entry.s !== 'number' || !Array.isArray(entry.ops)) throw new Error('not a journal entry');
      entries.push(entry);
    } catch (err) {
      const lineNo = text.slice(0, offset).split('\n').length;
      throw new StoreCorruptError(file, `line ${lineNo} is not a valid journal entry (${(err as Error).message})`);
    }
    offset = nl + 1;
  }
  return entries;
}

/**
 * Opened for appending with O_DSYNC: a write returns once its data is on disk, in one system call
 * (one trip through libuv's thread pool instead of write + fdatasync: under load every trip waits
 * its turn in the event loop).
 */
const DSYNC = constants.O_DSYNC as number | undefined;
const APPEND_DSYNC = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (DSYNC ?? 0);

/** The journal file: appends are on disk before they count. */
export class Journal {
  bytes = 0;

  private constructor(private readonly file: string, private fh: FileHandle) {}

  static async open(file: string): Promise<Journal> {
    const fh = await open(file, APPEND_DSYNC, 0o644);
    const j = new Journal(file, fh);
    j.bytes = (await fh.stat()).size;
    return j;
  }

  async write(text: string): Promise<void> {
    await this.fh.write(text);
    // where the platform has no O_DSYNC (Windows), an explicit fdatasync
    if (DSYNC === undefined) await this.fh.datasync();
    this.bytes += Buffer.byteLength(text);
  }

  /** Atomically replaces the journal with `text` (the entries a new snapshot does not hold). */
  async replace(text: string): Promise<void> {
    await writeAtomic(this.file, text);
    await this.fh.close();
    this.fh = await open(this.file, APPEND_DSYNC, 0o644);
    this.bytes = Buffer.byteLength(text);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
