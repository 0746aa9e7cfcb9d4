// How an entry point becomes what production runs (used by scripts/build.mjs for the bot and for the
// bench's echo bot, so both are built and started the same way): one esbuild bundle, the loader
// src/boot.cjs beside it, and one start that writes V8's code cache for the bundle.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthy } from './healthz.mjs';
import { stubProblems, unusedPlugin } from './stubs.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dist = join(root, 'dist');
/**
 * Bundles `entry` into dist/`bundleName` and writes the loader dist/`loaderName` (src/boot.cjs,
 * pointed at that bundle). The bundle's old code cache is removed: `writeCodeCache` makes the new one.
 */
export async function bundle({ entry, bundleName, loaderName }) {
  mkdirSync(dist, { recursive: true });
  const out = join(dist, bundleName);
  rmSync(`${out}.v8cache`, { force: true });
  const result = await build({
    entryPoints: [entry],
    outfile: out,
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
  const problems = stubProblems(result.metafile);
  if (problems.length) {
    console.error(`The bundle would reach a left-out language-model package (scripts/stubs.mjs):\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exit(1);
  }
  // esbuild leaves a few non-ASCII characters inside regular expressions of dependencies: escape them
  writeFileSync(
    out,
    readFileSync(out, 'utf8').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const loader = readFileSync(join(root, 'src', 'boot.cjs'), 'utf8');
  const pointed = loader.replace("path.join(__dirname, 'ksf-bot.cjs')", `path.join(__dirname, '${basename(out)}')`);
  if (!loader.includes("path.join(__dirname, 'ksf-bot.cjs')")) throw new Error('src/boot.cjs no longer names its bundle as scripts/bundle.mjs expects');
  writeFileSync(join(dist, loaderName), pointed);
}

/**
 * Starts dist/`loaderName` once (with `env`, none of the caller's KSF_*, BOT_* settings) until its
 * /healthz answers, which makes the loader write the code cache and proves the bundle starts; then
 * stops it.
 */
export async function writeCodeCache({ loaderName, env = {} }) {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = s.address();
      s.close(() => resolve(free));
    });
  });
  const scratch = mkdtempSync(join(tmpdir(), 'ksf-build-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(KSF_|BOT_|PORT$|NODE_ENV$)/.test(k)));
  const all = { ...inherited, PORT: String(port), BOT_ID: '', LOG_LEVEL: 'warn', KSF_STORE: join(scratch, 'ksf.json'), NODE_ENV: 'development', ...env };
  const child = spawn(process.execPath, [join(dist, loaderName)], { cwd: root, env: all, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    if (!(await healthy(`http://127.0.0.1:${port}/healthz`, 60_000, () => child.exitCode === null))) {
      throw new Error(child.exitCode === null ? `dist/${loaderName} did not start` : `dist/${loaderName} exited with ${child.exitCode}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    rmSync(scratch, { recursive: true, force: true });
  }
}
