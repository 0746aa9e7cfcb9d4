// What the bundle in dist/ is built from, as one hash: the build writes it to dist/.build-hash,
// and the tests that run the bundle rebuild it only when the sources have changed since.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const INPUTS = [
  'src',
  'scripts/build.mjs',
  'scripts/bundle.mjs',
  'scripts/healthz.mjs',
  'scripts/source-hash.mjs',
  'scripts/stubs.mjs',
  'package-lock.json',
  'tsconfig.json',
];

function files(root, path) {
  const full = join(root, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => files(root, relative(root, join(full, e.name))));
}

/** The sha-256 of every input's path and content, in a stable order. */
export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const f of INPUTS.flatMap((p) => files(root, p)).sort())
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(root, f)))
      .update('\0');
  return hash.digest('hex');
}
