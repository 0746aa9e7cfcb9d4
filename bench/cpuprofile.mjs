// Sums a V8 .cpuprofile of the built bot (BENCH_BOT_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof") by
// source-mapped function: self time, inclusive time and time per file, over a window of seconds
// (the busy milliseconds of every second are printed first, to find the turn rounds).
//
//   node bench/cpuprofile.mjs /tmp/prof/CPU….cpuprofile [--from 9] [--to 20] [--top 40] [--under "needView"] [--map dist/ksf-bot.cjs.map]
//
// --under NAME: what the frames directly below NAME cost (inclusive), instead of the tables.
// Keep the map of the build that was profiled (a rebuild moves every position).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: '1e9' },
    top: { type: 'string', default: '40' },
    under: { type: 'string' },
    map: { type: 'string', default: 'dist/ksf-bot.cjs.map' },
  },
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const map = new SourceMap(JSON.parse(readFileSync(values.map, 'utf8')));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const names = new Map();
/** "function file:line", the bundle's positions mapped back to the sources. */
function name(id) {
  let v = names.get(id);
  if (v) return v;
  const cf = byId.get(id).callFrame;
  let where = `${cf.url.replace(/.*\//, '')}:${cf.lineNumber + 1}`;
  if (cf.url.endsWith('.cjs')) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber);
    if (e?.originalSource) where = `${e.originalSource.replace(/.*node_modules\//, 'nm:').replace(/.*\/src\//, 'src/')}:${e.originalLine + 1}`;
  }
  names.set(id, (v = `${cf.functionName || '(anon)'} ${where}`));
  return v;
}
const fileOf = (id) =>
  byId.get(id).callFrame.url
    ? name(id)
        .split(' ')
        .pop()
        .replace(/:\d+$/, '')
        .replace(/^(nm:(@[^/]+\/)?[^/]+).*/, '$1')
    : '(native)';

const self = new Map();
const incl = new Map();
const files = new Map();
const perSecond = new Map();
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const sec = (t - profile.startTime) / 1e6;
  const leaf = profile.samples[i];
  if (byId.get(leaf).callFrame.functionName === '(idle)') continue;
  add(perSecond, Math.floor(sec), ms);
  if (sec < Number(values.from) || sec > Number(values.to)) continue;
  total += ms;
  const chain = [];
  for (let id = leaf; id !== undefined; id = parent.get(id)) chain.push(id);
  if (values.under) {
    const k = chain.findIndex((id) => name(id).includes(values.under));
    if (k > 0) add(incl, name(chain[k - 1]), ms);
    else if (k === 0) add(incl, `${name(chain[0])} (self)`, ms);
    continue;
  }
  add(self, name(leaf), ms);
  add(files, fileOf(leaf), ms);
  for (const k of new Set(chain.map(name))) add(incl, k, ms);
}
const top = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(1).padStart(8)}  ${k}`)
    .join('\n');
console.log('busy ms per second:', [...perSecond].map(([s, v]) => `${s}:${Math.round(v)}`).join(' '));
console.log(`busy ms in the window: ${Math.round(total)}`);
const n = Number(values.top);
if (values.under) console.log(`--- below ${values.under}\n${top(incl, n)}`);
else console.log(`--- self\n${top(self, n)}\n--- inclusive\n${top(incl, n)}\n--- by file\n${top(files, 25)}`);
