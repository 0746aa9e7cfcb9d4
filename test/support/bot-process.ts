import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../../src/paths.js';
import { ensureBundle } from './bundle.js';
import { waitFor } from './wait.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The bot as its own OS process (so it can be killed with SIGKILL), run from the production build
 * (`npm run build`), which the first start of a run makes if the sources changed since the last one.
 */
export class BotProcess {
  private constructor(
    readonly proc: ChildProcess,
    readonly url: string,
    readonly output: () => string,
  ) {}

  static async start(env: Record<string, string>): Promise<BotProcess> {
    await ensureBundle();
    const port = await freePort();
    let out = '';
    const proc = spawn(process.execPath, ['dist/start.cjs'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    const up = async () => {
      if (proc.exitCode !== null) return 'exited';
      return (await fetch(`${url}/healthz`)).ok && 'up'; // a refused connection is "not yet"
    };
    const state = await waitFor(up, { timeout: 30_000, interval: 100, what: 'the bot to start' }).catch(() => 'late');
    if (state === 'exited') throw new Error(`bot exited with ${proc.exitCode}: ${out}`);
    if (state === 'late') throw new Error(`bot did not start: ${out}`);
    return new BotProcess(proc, url, () => out);
  }

  kill9(): Promise<void> {
    return new Promise((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGKILL');
    });
  }

  stop(): Promise<void> {
    if (this.proc.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGTERM');
    });
  }
}
