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
  /** Bytes of whole lines in the file: where a failed append is cut back to. */
  bytes = 0;
  /** A failed append whose partial bytes could not be cut off yet: no append until they are. */
  private torn = false;

  private constructor(
    private readonly file: string,
    private fh: FileHandle,
  ) {}

  static async open(file: string): Promise<Journal> {
    const fh = await open(file, APPEND_DSYNC, 0o644);
    const j = new Journal(file, fh);
    j.bytes = (await fh.stat()).size;
    return j;
  }

  /**
   * Appends `text` and resolves only when all of it is on disk. A write may take fewer bytes than
   * asked (near a full disk): the rest is written by the next call, and when a write fails the file
   * is cut back to its last whole line, so a later append never follows a torn line.
   */
  async write(text: string): Promise<void> {
    await this.repair();
    const buf = Buffer.from(text, 'utf8');
    try {
      for (let off = 0; off < buf.length;) {
        const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
        if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'ENOSPC' });
        off += bytesWritten;
      }
      // where the platform has no O_DSYNC (Windows), an explicit fdatasync
      if (DSYNC === undefined) await this.fh.datasync();
    } catch (err) {
      this.torn = true;
      await this.repair().catch(() => {
        /* cut again before the next append (see repair) */
      });
      throw err;
    }
    this.bytes += buf.length;
  }

  /** Cuts off what a failed append left after the last whole line (truncating needs no free space). */
  async repair(): Promise<void> {
    if (!this.torn) return;
    await this.fh.truncate(this.bytes);
    await this.fh.datasync();
    this.torn = false;
  }

  /** Atomically replaces the journal with `text` (the entries a new snapshot does not hold). */
  async replace(text: string): Promise<void> {
    await writeAtomic(this.file, text);
    const fh = await open(this.file, APPEND_DSYNC, 0o644);
    const old = this.fh;
    this.fh = fh;
    this.bytes = Buffer.byteLength(text);
    this.torn = false;
    await old.close();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
