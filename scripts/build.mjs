// `npm run build`: bundles the bot into dist/ksf-bot.cjs with esbuild, copies the loader to
// dist/start.cjs, and starts the bot once so V8's code cache for the bundle is written.
// `node scripts/build.mjs --echo` also builds the bench's echo bot (dist/echo-start.cjs) the same way.
//
// Why a bundle: resolving and compiling ~2,000 files of teams-ai, botbuilder and their
// dependencies took 3.2 s of a 3.3 s start here; one file with a code cache starts in ~1.1 s.
// Left out of the bundle (replaced by a stub that throws if ever called): the parts of teams-ai and
// botbuilder-dialogs for language models and prompts, which this bot does not use and which cost
// ~0.5 s at every start (gpt-tokenizer builds its tables when loaded). The build fails if a module
// not known to be such a part imports one, or a card template calls a timex function (scripts/stubs.mjs).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, dist, root, writeCodeCache } from './bundle.mjs';
import { sourceHash } from './source-hash.mjs';
import { timexCalls } from './stubs.mjs';

const timex = timexCalls(join(root, 'cards'));
if (timex.length) {
  console.error(`A card template would reach a left-out language-model package (scripts/stubs.mjs):\n${timex.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
// taken before bundling, written once the bundle has started: a half-made dist/ never looks fresh
const built = sourceHash(root);
rmSync(join(dist, '.build-hash'), { force: true });
await bundle({ entry: join(root, 'src', 'index.ts'), bundleName: 'ksf-bot.cjs', loaderName: 'start.cjs' });
// One start in local mode on an empty store writes the code cache, and proves the bundle starts.
await writeCodeCache({ loaderName: 'start.cjs' });
writeFileSync(join(dist, '.build-hash'), built);
console.log('built dist/ksf-bot.cjs and its code cache; run it with: node dist/start.cjs');

if (process.argv.includes('--echo')) {
  await bundle({ entry: join(root, 'bench', 'echo-bot.ts'), bundleName: 'echo-bot.cjs', loaderName: 'echo-start.cjs' });
  await writeCodeCache({ loaderName: 'echo-start.cjs' });
  console.log('built dist/echo-bot.cjs (the bench baseline) and its code cache');
}
