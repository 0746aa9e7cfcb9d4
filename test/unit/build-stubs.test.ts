import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { PROJECT_ROOT } from '../../src/paths.js';
import { stubProblems, timexCalls, unusedPlugin } from '../../scripts/stubs.mjs';

/** A metafile of inputs and what each imports, as esbuild writes it. */
const metafile = (graph: Record<string, string[]>): Metafile => ({
  inputs: Object.fromEntries(
    Object.entries(graph).map(([p, imports]) => [p, { bytes: 1, imports: imports.map((path) => ({ path, kind: 'require-call' as const })) }]),
  ),
  outputs: {},
});

describe('the build refuses a reachable use of a left-out language-model package', () => {
  it('names the new importer and the chain from the entry point that reaches it', () => {
    const problems = stubProblems(
      metafile({
        'src/index.ts': ['src/app.ts'],
        'src/app.ts': ['node_modules/@microsoft/teams-ai/lib/index.js', 'node_modules/botbuilder-dialogs/lib/prompts/numberPrompt.js'],
        'node_modules/@microsoft/teams-ai/lib/index.js': ['node_modules/@microsoft/teams-ai/lib/tokenizers/GPTTokenizer.js'],
        'node_modules/@microsoft/teams-ai/lib/tokenizers/GPTTokenizer.js': ['unused:gpt-tokenizer'],
        'node_modules/botbuilder-dialogs/lib/prompts/numberPrompt.js': ['unused:@microsoft/recognizers-text-number'],
        'unused:gpt-tokenizer': [],
        'unused:@microsoft/recognizers-text-number': [],
      }),
    );
    expect(problems).toHaveLength(1); // the dialogs prompt is on the allowlist
    expect(problems[0]).toContain('node_modules/@microsoft/teams-ai/lib/tokenizers/GPTTokenizer.js imports gpt-tokenizer');
    expect(problems[0]).toContain(
      ['src/index.ts', 'src/app.ts', 'node_modules/@microsoft/teams-ai/lib/index.js', 'node_modules/@microsoft/teams-ai/lib/tokenizers/GPTTokenizer.js'].join(
        '\n -> ',
      ),
    );
  });

  // The bot's own bundle is checked by every `npm run build`; here esbuild bundles a small new module.
  it('fails a real esbuild bundle in which a new module imports a stubbed package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-stubs-'));
    try {
      const fake = join(dir, 'new-feature.ts');
      writeFileSync(fake, `import OpenAI from 'openai';\nexport const client = new OpenAI();\n`);
      const result = await build({
        entryPoints: [fake],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'cjs',
        outfile: join(dir, 'out.cjs'),
        plugins: [unusedPlugin],
        logLevel: 'silent',
        absWorkingDir: PROJECT_ROOT,
      });
      const problems = stubProblems(result.metafile);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/new-feature\.ts imports openai, which the bundle replaces by a stub/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a card template that calls a timex function, and finds none in cards/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-cards-'));
    try {
      writeFileSync(join(dir, 'due.json'), JSON.stringify({ type: 'TextBlock', text: "${if(isDate(deadline), 'dato', '')}" }));
      expect(timexCalls(dir)).toEqual(['cards/due.json calls isDate(), which needs the timex parser the bundle leaves out']);
      expect(timexCalls(join(PROJECT_ROOT, 'cards'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
