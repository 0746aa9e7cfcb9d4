import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { sourceHash } from '../../scripts/source-hash.mjs';
import { waitFor } from './wait.js';

const DIST = join(PROJECT_ROOT, 'dist');
const LOCK = join(DIST, '.build-lock');
/** Long enough for a build on a loaded machine (~7 s unloaded). */
export const BUILD_TIMEOUT = 240_000;

const fresh = () =>
  existsSync(join(DIST, 'start.cjs')) && existsSync(join(DIST, 'ksf-bot.cjs')) && readIf(join(DIST, '.build-hash')) === sourceHash(PROJECT_ROOT);

function readIf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A lock whose builder is gone (killed mid-build) is taken over; one without a pid yet is given 30 s to write it. */
function stale(): boolean {
  const pid = Number(readIf(join(LOCK, 'pid')));
  if (!pid) return Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 30_000;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const p = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code}):\n${out}`))));
  });
}

async function ensure(): Promise<void> {
  mkdirSync(DIST, { recursive: true });
  for (;;) {
    if (fresh()) return;
    // mkdir is atomic: of the test processes that find the bundle stale, one builds and the others wait
    try {
      mkdirSync(LOCK);
    } catch {
      await waitFor(() => !existsSync(LOCK) || stale(), { timeout: BUILD_TIMEOUT, interval: 100, what: 'another test process to finish the build' });
      if (existsSync(LOCK) && stale()) rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    try {
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      if (!fresh()) await runBuild();
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

let once: Promise<void> | undefined;

/**
 * Makes sure dist/ holds the production build of the current sources: built at most once per
 * change of src/ (or the build script, or the lock file), shared by every test process of a run.
 */
export function ensureBundle(): Promise<void> {
  once ??= ensure().catch((err: unknown) => {
    once = undefined;
    throw err;
  });
  return once;
}
