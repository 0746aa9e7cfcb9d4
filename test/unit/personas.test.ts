// The demo personas of `npm start` (scripts/personas.mjs): who they are, their Playground configs,
// and the start script's refusals, run as a person runs it.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
// @ts-expect-error plain ESM script without types
import { PERSONAS, playgroundConfig, selectPersonas } from '../../scripts/personas.mjs';
import { loadDirectory } from '../../src/directory/load.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the demo personas', () => {
  it('are people of the demo directory with the roles and municipality npm start prints (Nora excepted)', () => {
    const directory = loadDirectory(join(ROOT, 'src', 'directory', 'demo-directory.json'));
    for (const p of PERSONAS) {
      const entry = directory.personByEmail(p.email);
      if (p.key === 'nora') {
        expect(entry).toBeUndefined();
        expect(p.about).toBe('not in the directory');
        continue;
      }
      expect(entry?.name).toBe(p.name);
      const municipality = directory.municipality(entry!.municipality)!;
      const role = entry!.roles.includes('coordinator') ? 'coordinator' : entry!.roles.includes('contact') ? 'contact' : 'employee';
      expect(p.about.startsWith(`${role}, `)).toBe(true);
      if (role !== 'coordinator') expect(p.about).toContain(municipality.name);
      if (municipality.languageForm === 'nn') expect(p.about).toContain('nynorsk');
    }
  });

  it('give each Playground exactly five other people and conversation ids of its own', () => {
    const ids = new Set<string>();
    for (const p of PERSONAS) {
      const c = playgroundConfig(p);
      expect(c.currentUser.email).toBe(p.email);
      expect(c.users).toHaveLength(5); // the Playground exits at start otherwise
      expect(c.users.map((u: { email: string }) => u.email)).not.toContain(p.email);
      for (const id of [c.personalChat.id, c.groupChat.id, c.team.id, ...c.team.channels.map((ch: { id: string }) => ch.id)]) {
        expect(ids.has(id), id).toBe(false);
        ids.add(id);
      }
    }
  });

  it('match .m365agentsplayground.yml for a Playground started on its own (Ingrid)', () => {
    const file = parse(readFileSync(join(ROOT, '.m365agentsplayground.yml'), 'utf8'));
    expect(file).toEqual(playgroundConfig(PERSONAS[0]));
  });

  it('can be picked with KSF_PERSONAS, in port order', () => {
    expect(selectPersonas('kari, Ingrid').personas.map((p: { key: string }) => p.key)).toEqual(['ingrid', 'kari']);
    expect(selectPersonas('').personas).toHaveLength(PERSONAS.length);
    expect(selectPersonas('kari,ola').error).toContain('unknown persona ola');
  });
});

function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm start refuses in words', () => {
  it('an unknown persona', async () => {
    const { code, out } = await start({ KSF_PERSONAS: 'kari,ola' });
    expect(code).toBe(1);
    expect(out).toContain('KSF_PERSONAS: unknown persona ola (known: ingrid, kari, sigrid, astrid, lars, jon, nora)');
  });

  it('a Playground port that is taken (the Playground would silently move to a random one)', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, r));
    const port = (busy.address() as AddressInfo).port;
    try {
      // Kari is the second persona: her port is PLAYGROUND_PORT + 1
      const { code, out } = await start({ KSF_PERSONAS: 'kari', PLAYGROUND_PORT: String(port - 1) });
      expect(code).toBe(1);
      expect(out).toContain(`Port ${port} (the Playground of Kari Nordmann) is in use`);
      expect(out).toContain('PLAYGROUND_PORT');
    } finally {
      busy.close();
    }
  });
});
