// `npm run package` as a person runs it: the script as a child process, its exit code and words.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
// @ts-expect-error plain ESM build script without types
import { ROOT } from '../../scripts/app-package.mjs';

let envDir: string;
// unique environment names: the zips land in appPackage/build/ (git-ignored) and must not clobber others
const tag = `t${process.pid}`;

function pack(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'app-package.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, APP_PACKAGE_ENV_DIR: envDir, npm_config_playground: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const zipOf = (name: string) => join(ROOT, 'appPackage', 'build', `appPackage.${name}.zip`);

beforeAll(() => {
  envDir = mkdtempSync(join(tmpdir(), 'ksf-package-'));
  writeFileSync(join(envDir, '.env.dev'), 'TEAMSFX_ENV=dev\nTEAMS_APP_ID=\nBOT_ID=\n');
  writeFileSync(join(envDir, `.env.${tag}noapp`), 'TEAMS_APP_ID=\nBOT_ID=3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21\n');
  writeFileSync(join(envDir, `.env.${tag}nobot`), 'TEAMS_APP_ID=0b8e1a6c-4f3d-4e2a-9b7c-1d2e3f4a5b6c\nBOT_ID=\n');
  writeFileSync(join(envDir, `.env.${tag}ok`), 'TEAMS_APP_ID=0b8e1a6c-4f3d-4e2a-9b7c-1d2e3f4a5b6c\n');
  writeFileSync(join(envDir, `.env.${tag}ok.user`), 'BOT_ID=3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21\n');
});

afterAll(() => {
  rmSync(envDir, { recursive: true, force: true });
  for (const n of [`${tag}noapp`, `${tag}nobot`, `${tag}ok`]) rmSync(zipOf(n), { force: true });
});

describe('npm run package', () => {
  it('without TEAMS_APP_ID names the key and the files to put it in, without a stack trace', async () => {
    const { code, out } = await pack([`${tag}noapp`]);
    expect(code).toBe(1);
    expect(out).toContain('TEAMS_APP_ID is not set');
    expect(out).toContain(`Put the values in env/.env.${tag}noapp or env/.env.${tag}noapp.user`);
    expect(out).not.toMatch(/\n\s+at /); // no stack frames
    expect(existsSync(zipOf(`${tag}noapp`))).toBe(false);
  });

  it('"dev" with nothing set names both keys', async () => {
    const { code, out } = await pack(['dev']);
    expect(code).toBe(1);
    expect(out).toContain('TEAMS_APP_ID is not set');
    expect(out).toContain('BOT_ID is empty: a package without a bot id cannot be uploaded to Teams');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('refuses an empty BOT_ID instead of writing a zero id, and says how to ask for a Playground package', async () => {
    const { code, out } = await pack([`${tag}nobot`]);
    expect(code).toBe(1);
    expect(out).toContain('BOT_ID is empty');
    expect(out).toContain('npm run package playground');
    expect(existsSync(zipOf(`${tag}nobot`))).toBe(false);
  });

  it('writes a zero bot id only when asked for a Playground package, and says so', async () => {
    const { code, out } = await pack([`${tag}nobot`, '--playground']);
    expect(code).toBe(0);
    expect(out).toContain('for the Agents Playground only');
    const manifest = JSON.parse(new AdmZip(zipOf(`${tag}nobot`)).readAsText('manifest.json'));
    expect(manifest.bots[0].botId).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('builds a real package from the environment and its .user file', async () => {
    const { code, out } = await pack([`${tag}ok`]);
    expect(code).toBe(0);
    expect(out).not.toContain('Playground only');
    const zip = new AdmZip(zipOf(`${tag}ok`));
    expect(JSON.parse(zip.readAsText('manifest.json')).bots[0].botId).toBe('3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21');
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'en-us.json', 'manifest.json', 'nn-no.json', 'outline.png']);
    expect(readFileSync(zipOf(`${tag}ok`)).length).toBeGreaterThan(0);
  });

  it('names an environment that does not exist', async () => {
    const { code, out } = await pack(['nope']);
    expect(code).toBe(1);
    expect(out).toContain('env/.env.nope does not exist');
  });
});
