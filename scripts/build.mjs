// `npm run build`: bundles the bot into dist/ksf-bot.cjs with esbuild, copies the loader to
// dist/start.cjs, and starts the bot once so V8's code cache for the bundle is written.
//
// Why a bundle: resolving and compiling ~2,000 files of teams-ai, botbuilder and their
// dependencies took 3.2 s of a 3.3 s start here; one file with a code cache starts in ~1.1 s.
// Left out of the bundle (replaced by a stub that throws if ever called): the parts of teams-ai and
// botbuilder-dialogs for language models and prompts, which this bot does not use and which cost
// ~0.5 s at every start (gpt-tokenizer builds its tables when loaded). The build fails if a module
// not known to be such a part imports one (scripts/stubs.mjs).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthy } from './healthz.mjs';
import { sourceHash } from './source-hash.mjs';
import { stubProblems, timexCalls, unusedPlugin } from './stubs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

mkdirSync(dist, { recursive: true });
rmSync(join(dist, 'ksf-bot.cjs.v8cache'), { force: true });
// taken before bundling, written once the bundle has started: a half-made dist/ never looks fresh
const built = sourceHash(root);
rmSync(join(dist, '.build-hash'), { force: true });
const result = await build({
  entryPoints: [join(root, 'src', 'index.ts')],
  outfile: join(dist, 'ksf-bot.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  sourcemap: 'linked',
  // No comments and no whitespace, names kept (stack traces stay readable; the source map has the rest).
  // Pure ASCII also matters: one non-ASCII character in a comment makes V8 hold the 11 MB source
  // as a two-byte string, 11 MB more memory for as long as the bot runs.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  charset: 'ascii',
  // restify's optional DTrace probes are native: left to node's require at run time
  external: ['dtrace-provider'],
  define: { 'import.meta.url': '__ksfImportMetaUrl' },
  banner: { js: "const __ksfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [unusedPlugin],
  metafile: true,
  logLevel: 'warning',
});
// A stub fails only when called, so a new use of a left-out package would pass every test and fail
// in production: refuse any importer of a stub that is not known to be a language-model part.
const problems = [...stubProblems(result.metafile), ...timexCalls(join(root, 'cards'))];
if (problems.length) {
  console.error(`The bundle would reach a left-out language-model package (scripts/stubs.mjs):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
// esbuild leaves a few non-ASCII characters inside regular expressions of dependencies: escape them
const out = join(dist, 'ksf-bot.cjs');
writeFileSync(out, readFileSync(out, 'utf8').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
copyFileSync(join(root, 'src', 'boot.cjs'), join(dist, 'start.cjs'));

// One start in local mode on an empty store writes the code cache, and proves the bundle starts;
// then stop it. The caller's bot settings (KSF_*, BOT_*) are left out: this start is always the same.
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = s.address();
    s.close(() => resolve(free));
  });
});
const scratch = mkdtempSync(join(tmpdir(), 'ksf-build-'));
const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(KSF_|BOT_|PORT$|NODE_ENV$)/.test(k)));
const env = { ...inherited, PORT: String(port), BOT_ID: '', LOG_LEVEL: 'warn', KSF_STORE: join(scratch, 'ksf.json'), NODE_ENV: 'development' };
const bot = spawn(process.execPath, [join(dist, 'start.cjs')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  if (!(await healthy(`http://127.0.0.1:${port}/healthz`, 60_000, () => bot.exitCode === null))) {
    throw new Error(bot.exitCode === null ? 'the bundled bot did not start' : `the bundled bot exited with ${bot.exitCode}`);
  }
} finally {
  bot.kill('SIGTERM');
  await new Promise((r) => (bot.exitCode !== null ? r() : bot.once('exit', r)));
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync(join(dist, '.build-hash'), built);
console.log('built dist/ksf-bot.cjs and its code cache; run it with: node dist/start.cjs');
