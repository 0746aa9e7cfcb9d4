import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreLockedError } from './errors.js';

const heldInThisProcess = new Set<string>();

/** True when a process with this pid runs on this host (EPERM: it runs as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock file beside the store. A lock left by a dead process (kill -9) is taken over.
 * Returns the release function.
 */
export function acquireLock(storeFile: string): () => void {
  const lockFile = `${storeFile}.lock`;
  if (heldInThisProcess.has(lockFile)) throw new StoreLockedError(storeFile, 'this same process');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      heldInThisProcess.add(lockFile);
      return () => {
        heldInThisProcess.delete(lockFile);
        try {
          unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(lockFile, 'utf8'));
      } catch {
        /* a torn lock file is stale */
      }
      const sameHost = !holder.host || holder.host === hostname();
      if (holder.pid && sameHost && holder.pid !== process.pid && alive(holder.pid)) {
        throw new StoreLockedError(storeFile, `process ${holder.pid} (since ${holder.since ?? 'unknown'})`);
      }
      if (holder.pid && !sameHost) {
        throw new StoreLockedError(storeFile, `process ${holder.pid} on host ${holder.host}`);
      }
      try {
        unlinkSync(lockFile);
      } catch {
        /* raced with another taker; retry */
      }
    }
  }
  throw new StoreLockedError(storeFile, 'another process (the lock could not be taken)');
}
