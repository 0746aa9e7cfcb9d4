// The production entry point: `node dist/start.cjs` (this file, copied by scripts/build.mjs).
//
// It runs the bundle (dist/ksf-bot.cjs) compiled with V8's code cache (dist/ksf-bot.cjs.v8cache),
// so a start does not spend ~0.5 s parsing and compiling the same 11 MB of JavaScript again. The
// cache is made by the build, and made again here when it is missing or V8 rejects it (another
// Node version); a cache that cannot be written (read-only disk) only costs that time.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, 'ksf-bot.cjs');
const cacheFile = `${file}.v8cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
// eslint-disable-next-line no-useless-assignment -- drops the last reference, so the 6 MB can be collected
cachedData = undefined; // 6 MB the bot does not need once compiled

// Called by src/index.ts once the bot listens: by then the cache holds the functions a start runs.
globalThis.ksfStarted = () => {
  if (cacheUsed) return;
  try {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // a read-only installation: start without the cache next time
  }
};

const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
