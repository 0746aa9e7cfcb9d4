import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statfsSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real small file system (tmpfs) the test mounts, to make the store meet a full or read-only disk. */
export interface SmallDisk {
  dir: string;
  /** Fills the disk with a filler file, then frees about `leaveBytes` of it. */
  fill(leaveBytes: number): void;
  /** Deletes the filler file: the space returns. */
  free(): void;
  /** Remounts the disk read-only (root ignores chmod; a read-only mount it cannot). */
  readOnly(): void;
  unmount(): void;
}

/** Why a tmpfs cannot be mounted here, or null when it can (tests that need one skip with this reason). */
export const smallDiskUnavailable: string | null = (() => {
  if (process.platform !== 'linux') return `not Linux (${process.platform}): no tmpfs to mount`;
  if (process.getuid?.() !== 0) return 'not root: mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'ksf-probe-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount -t tmpfs was refused: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** Mounts a tmpfs of `size` (e.g. "3m") in a fresh temp folder. */
export function mountSmallDisk(size = '3m'): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'ksf-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill(leaveBytes) {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      try {
        for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
          for (;;) {
            try {
              if (writeSync(fd, chunk, 0, size) < size) break;
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw err;
            }
          }
        }
        ftruncateSync(fd, Math.max(0, statSync(filler).size - leaveBytes));
      } finally {
        closeSync(fd);
      }
    },
    free() {
      unlinkSync(filler);
    },
    readOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Free bytes on the file system that holds `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
