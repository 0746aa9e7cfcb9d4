import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreCorruptError } from './errors.js';

/**
 * A lowdb adapter that writes atomically and durably: temp file, fsync, rename, fsync of the folder.
 * Unlike lowdb's JSONFile it refuses a file that does not parse instead of failing later on write.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      // read once, while the bot starts: the synchronous read is twice as fast for a large file.
      // Straight to a string (Node frees its read buffer at once): reading a Buffer and decoding it
      // left the Buffer and an external copy of the text, twice the file, in memory until a full
      // collection came (+330 MB of RSS after start on a 166 MB store); just as fast on Node 24,
      // whose UTF-8 decoding of an ASCII file (see `ascii`) is as quick as the Latin-1 copy.
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new StoreCorruptError(this.file, `not valid JSON (${(err as Error).message})`);
    }
  }

  async write(data: T): Promise<void> {
    await writeAtomic(this.file, await serializeYielding(data));
  }
}

/** The serialized snapshot in pieces, so it is written without building one huge string. */
export type Chunks = string[];

/**
 * JSON with every non-ASCII character written as a \u escape: the same JSON value, but a file
 * that is read and decoded faster at start ("Ærlig" is stored as "\u00c6rlig").
 */
export function ascii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON.stringify of a snapshot, one record at a time, giving the event loop back every few
 * milliseconds: a 15 MB store takes ~100 ms to serialize, which must not stall turns.
 * Collections are `{ name: { id: record } }` maps one level below the top.
 */
export async function serializeYielding(data: unknown, sliceMs = 8): Promise<Chunks> {
  const parts: string[] = [];
  let sliceStart = performance.now();
  const maybeYield = async () => {
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  };
  const top = data as Record<string, unknown>;
  parts.push('{');
  let firstKey = true;
  for (const [key, value] of Object.entries(top)) {
    parts.push(ascii(`${firstKey ? '' : ','}${JSON.stringify(key)}:`));
    firstKey = false;
    if (key !== 'collections' || !value || typeof value !== 'object') {
      parts.push(ascii(JSON.stringify(value)));
      continue;
    }
    parts.push('{');
    let firstColl = true;
    for (const [name, records] of Object.entries(value as Record<string, Record<string, unknown>>)) {
      parts.push(ascii(`${firstColl ? '' : ','}${JSON.stringify(name)}:{`));
      firstColl = false;
      let firstRec = true;
      for (const [id, rec] of Object.entries(records)) {
        parts.push(ascii(`${firstRec ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(rec)}`));
        firstRec = false;
        await maybeYield();
      }
      parts.push('}');
    }
    parts.push('}');
  }
  parts.push('}');
  return parts;
}

let tmpCounter = 0;

/** The temp file a write of `file` goes through first: `.ksf.json.<pid>.<n>.tmp` beside it. */
function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${tmpCounter++}.tmp`);
}

/**
 * Writes `text` to `file` so that a crash leaves either the old or the new content, never a mix.
 * When the write fails (a full disk) the temp file is removed and `file` is left as it was.
 */
export async function writeAtomic(file: string, text: string | Chunks): Promise<void> {
  const tmp = tempName(file);
  try {
    await writeDurably(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {
      /* never created, or already renamed */
    });
    throw err;
  }
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } catch {
    /* some file systems cannot fsync a folder */
  } finally {
    await dir.close();
  }
}

async function writeDurably(tmp: string, text: string | Chunks): Promise<void> {
  const fh = await open(tmp, 'w');
  try {
    if (typeof text === 'string') await fh.writeFile(text, 'utf8');
    else {
      // about 1 MB per write call; the event loop runs between them
      let buf: string[] = [];
      let size = 0;
      for (const part of text) {
        buf.push(part);
        size += part.length;
        if (size >= 1 << 20) {
          await writeAll(fh, buf.join(''));
          buf = [];
          size = 0;
        }
      }
      if (buf.length) await writeAll(fh, buf.join(''));
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** One write call may take fewer bytes than given (near a full disk): write the rest too. */
async function writeAll(fh: FileHandle, text: string): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length;) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'ENOSPC' });
    off += bytesWritten;
  }
}

/**
 * Removes the temp files an earlier process left beside `file` (and its journal) when it was
 * killed mid-write: they are never read and can be as large as the snapshot. Called by the store's
 * owner after taking the lock; a temp file of another live process is left alone.
 */
export function removeStaleTemps(file: string, alive: (pid: number) => boolean): string[] {
  const base = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${base}(?:\\.journal)?\\.(\\d+)\\.(?:\\d+|probe)\\.tmp$`);
  const removed: string[] = [];
  for (const name of readdirSync(dirname(file))) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && alive(pid)) continue;
    try {
      unlinkSync(join(dirname(file), name));
      removed.push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}
