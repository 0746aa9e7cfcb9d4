import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The import graph of src/, read from the sources (type-only imports included: a cycle through
// types still ties two modules together). Fast and without dependencies; lint's import-cycle rule
// says the same, this test says it in every `npm test`.
const SRC = resolve(import.meta.dirname, '../../src');
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?'(\.[^']+)'/gm;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

/** module (path relative to src/, with .ts) → the src/ modules it imports. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => relative(SRC, resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))));
    g.set(relative(SRC, file), deps);
  }
  return g;
}

/** Every cycle, as the strongly connected components (Tarjan) with more than one module or a self-import. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The edges inside each cycle, "a.ts -> b.ts": what to break. */
const edgesOf = (g: Map<string, string[]>, scc: string[]) => scc.flatMap((v) => (g.get(v) ?? []).filter((w) => scc.includes(w)).map((w) => `${v} -> ${w}`));

const feature = (m: string) => /^features\/([^/]+)\//.exec(m)?.[1];

describe('the import graph of src/', () => {
  const g = graph();

  it('finds the modules and their imports', () => {
    expect(g.size).toBeGreaterThan(100);
    expect(g.get('bot.ts')).toContain('app.ts');
  });

  it('has no import cycle', () => {
    expect(cycles(g).map((c) => edgesOf(g, c))).toEqual([]);
  });

  it('identity/ and app.ts import nothing from features/', () => {
    const offenders = [...g]
      .filter(([m]) => m === 'app.ts' || m.startsWith('identity/'))
      .flatMap(([m, deps]) => deps.filter((d) => d.startsWith('features/')).map((d) => `${m} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  it('no feature imports another feature’s files (what they share lives in the domain or in features/*.ts)', () => {
    const offenders = [...g].flatMap(([m, deps]) =>
      deps.filter((d) => feature(m) && feature(d) && feature(d) !== feature(m) && feature(m) !== undefined).map((d) => `${m} -> ${d}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one', () => {
    const broken = new Map(g);
    broken.set('domain/people.ts', [...(g.get('domain/people.ts') ?? []), 'features/calls/views.ts']);
    expect(cycles(broken).some((c) => c.includes('domain/people.ts') && c.includes('features/calls/views.ts'))).toBe(true);
  });
});
