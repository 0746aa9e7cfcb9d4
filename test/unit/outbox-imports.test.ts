import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The project files `file` imports (type-only imports and re-exports included), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every file reachable from `roots` through relative imports, each with the chain that reaches it. */
function reachable(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    for (const next of importsOf(file)) {
      if (seen.has(next)) continue;
      seen.set(next, [...seen.get(file)!, next]);
      queue.push(next);
    }
  }
  return seen;
}

describe('the outbox sends what features built', () => {
  it('reaches no feature, catalog or card code through its imports, nor deps.ts (which names the features)', () => {
    const outbox = readdirSync(join(SRC, 'outbox'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(SRC, 'outbox', f));
    expect(outbox.length).toBeGreaterThan(2);
    const forbidden = (f: string) => /^(features|i18n|cards)\//.test(relative(SRC, f)) || relative(SRC, f) === 'deps.ts';
    const offending = [...reachable(outbox)].filter(([f]) => forbidden(f)).map(([, chain]) => chain.map((c) => relative(SRC, c)).join(' → '));
    expect(offending).toEqual([]);
  });

  it('has no import cycle between deps.ts and the outbox', () => {
    const fromDeps = reachable([join(SRC, 'deps.ts')]);
    const backToDeps = [...fromDeps.keys()].filter((f) => relative(SRC, f).startsWith('outbox/') && importsOf(f).includes(join(SRC, 'deps.ts')));
    expect(backToDeps.map((f) => relative(SRC, f))).toEqual([]);
  });
});
