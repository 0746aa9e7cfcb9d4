import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// A view is a function from a view model to a card. It never receives Deps, never reads the store
// or a service, never sends (outbox), never builds an Identity it was not given.
const SRC = resolve(import.meta.dirname, '../../../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
/** Every views.ts and every file named *view* under src/features, the waiting card, and the card renderers in src/cards. */
const VIEWS = [
  ...files(join(SRC, 'features')).filter((f) => /\.ts$/.test(f) && /view/i.test(f.split('/').pop()!)),
  join(SRC, 'features/onboarding/waiting.ts'),
  ...files(join(SRC, 'cards')).filter((f) => /\.ts$/.test(f)),
];

const FORBIDDEN_IMPORTS: [RegExp, string][] = [
  [/\/deps\.js'$/, 'Deps'],
  [/\/store\//, 'the store'],
  [/\/outbox\//, 'the outbox'],
  [/\/(service|queries|lists)\.js'$/, 'a service or query'],
  [/\/identity\//, 'the turn (identity/)'],
];

/** What is wrong with one view file, in words. */
function problems(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?('[^']+')/gm)) {
    for (const [pattern, what] of FORBIDDEN_IMPORTS) if (pattern.test(m[1])) found.push(`imports ${what}: ${m[1]}`);
  }
  if (/\bdeps\b/.test(text)) found.push('names `deps`');
  if (/\bas Identity\b/.test(text)) found.push('casts to Identity');
  if (/\bcontext\s*:\s*TurnContext\b/.test(text)) found.push('takes a TurnContext');
  return found;
}

describe('views are pure', () => {
  it('finds the views', () => {
    const names = VIEWS.map((f) => relative(SRC, f));
    for (const v of [
      'features/calls/views.ts',
      'features/needs/views.ts',
      'features/needs/list-views.ts',
      'features/participation/views.ts',
      'features/reminders/views.ts',
      'features/profile/views.ts',
      'features/privacy/views.ts',
    ])
      expect(names).toContain(v);
  });

  it.each(VIEWS.map((f) => [relative(SRC, f), f]))('%s takes a view model: no Deps, store, service, outbox or turn', (_name, file) => {
    expect(problems(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('would see a view that reads the store', () => {
    expect(problems("import type { Deps } from '../../deps.js';\nexport const v = (deps: Deps) => deps.store.calls.all();")).toEqual([
      "imports Deps: '../../deps.js'",
      'names `deps`',
    ]);
  });
});
