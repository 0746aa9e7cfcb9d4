// `npm run bench`: this bot beside the bare stack, measured in the same run (ratios), on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FakeConnector } from '../test/support/connector.js';
import { TeamsClient, type User } from '../test/support/teams-client.js';
import { PEOPLE } from '../test/support/harness.js';
import { bigDirectory } from '../test/support/big-directory.js';
import { freePort } from '../test/support/bot-process.js';
import { openStore } from '../src/store/store.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { seedStore } from './seed.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'ksf-bench-'));
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function startProcess(args: string[], env: Record<string, string>): Promise<{ proc: ChildProcess; url: string; startMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const extra = args[0] === 'dist/start.cjs' && process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const proc = spawn(process.execPath, [...extra, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) }, stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, url, startMs: performance.now() - t0 };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Latencies of each kind of turn, for the table's breakdown. */
const byKind = new Map<string, number[]>();

async function load(turn: (client: number, i: number) => Promise<string | void>, record: boolean): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (;;) {
      const i = next++;
      if (i >= TURNS) return;
      const t0 = performance.now();
      const kind = await turn(c, i);
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (kind && record) byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
  }));
  return latencies;
}

const needFields = { needId: '', title: 'Fallforebygging hos hjemmeboende eldre', description: 'Hvilke tiltak reduserer fall blant eldre som mottar hjemmesykepleie?', population: 'Eldre over 75', intervention: 'Styrketrening', comparison: '', outcome: 'Færre fall', serviceArea: 'home-care', decision: '', urgency: 'within-a-year', theme: 'helse-omsorg' };

async function turnCost(connector: FakeConnector) {
  const storeFile = join(dir, 'turns', 'ksf.json');
  const seeded = seedStore({ file: storeFile, serviceUrl: connector.url });
  const callId = Object.keys(JSON.parse(readFileSync(storeFile, 'utf8')).collections.calls)[0];
  const size = statSync(storeFile).size;

  const echo = await startProcess(['bench/echo-bot.mjs'], {});
  const echoRss = rssMb(echo.proc.pid!);
  const bot = await startProcess(['dist/start.cjs'], { KSF_STORE: storeFile, KSF_CHANGES_PER_MINUTE: 'off' }); // kari answers ~150 times a round
  const botRss = rssMb(bot.proc.pid!);

  const user = (i: number): User => ({ id: `29:${seeded.people[i].id}`, aadObjectId: seeded.people[i].id, name: `Person ${i}` });
  const echoClients = Array.from({ length: CLIENTS }, (_, c) => new TeamsClient(() => echo.url, connector, user(c)));
  const botClients = Array.from({ length: CLIENTS }, (_, c) => new TeamsClient(() => bot.url, connector, user(c)));
  const kari = new TeamsClient(() => bot.url, connector, PEOPLE.contact);
  await connector.roster([{ id: PEOPLE.contact.id, name: PEOPLE.contact.name, aadObjectId: PEOPLE.contact.aadObjectId, email: PEOPLE.contact.email }]);
  await kari.post(kari.activity({ type: 'message', text: 'meg' }));

  const echoTurn = (c: number) => echoClients[c].post(echoClients[c].activity({ type: 'message', text: 'mine behov' })).then(() => undefined);
  const botTurn = async (c: number, i: number) => {
    const kind = i % 3;
    if (kind === 0) await botClients[c].post(botClients[c].activity({ type: 'message', text: 'mine behov' }));
    else if (kind === 1) await botClients[c].click('need.submit', needFields);
    else await kari.click('call.answer', { callId, answer: i % 2 ? 'join' : 'interested', comment: '' });
    return ['mine behov (message)', 'need registration (card)', 'call answer (card)'][kind];
  };
  // warm up both (JIT, the similarity index is built on the first registration), then alternate rounds
  for (let i = 0; i < 30; i++) {
    await echoTurn(0);
    await botTurn(0, i);
  }
  // alternate rounds, so that a noisy moment on this shared machine falls on both alike
  const a: number[] = [];
  const botLat: number[] = [];
  byKind.clear();
  for (let round = 0; round < ROUNDS; round++) {
    a.push(...(await load(echoTurn, false)));
    botLat.push(...(await load(botTurn, true)));
  }
  a.push(...(await load(echoTurn, false)));
  const botRssAfter = rssMb(bot.proc.pid!);
  const echoRssAfter = rssMb(echo.proc.pid!);
  // and once the bot has been idle for a while (V8 gives heap back when idle)
  await new Promise((r) => setTimeout(r, 15_000));
  const botRssIdle = rssMb(bot.proc.pid!);
  echo.proc.kill('SIGKILL');
  bot.proc.kill('SIGTERM');
  await new Promise((r) => bot.proc.once('exit', r));
  return {
    echo: { median: round(q(a, 0.5), 2), p99: round(q(a, 0.99), 2), startMs: round(echo.startMs), rssMb: round(echoRss), rssAfterTurnsMb: round(echoRssAfter) },
    bot: { median: round(q(botLat, 0.5), 2), p99: round(q(botLat, 0.99), 2), startMs: round(bot.startMs), rssMb: round(botRss), rssAfterTurnsMb: round(botRssAfter), rssIdleMb: round(botRssIdle) },
    medianRatio: round(q(botLat, 0.5) / q(a, 0.5), 2),
    p99Ratio: round(q(botLat, 0.99) / q(a, 0.99), 2),
    startRatio: round(bot.startMs / echo.startMs, 2),
    storeMb: round(size / 1e6),
    botByKind: Object.fromEntries([...byKind].map(([k, xs]) => [k, { median: round(q(xs, 0.5), 2), p99: round(q(xs, 0.99), 2) }])),
    storeFile,
  };
}

async function storeCost(seedFile: string) {
  const file = join(dir, 'store', 'ksf.json');
  mkdirSync(join(dir, 'store'), { recursive: true });
  copyFileSync(seedFile, file);
  const t0 = performance.now();
  const store = await openStore(file);
  const loadMs = performance.now() - t0;
  const ids = store.needs.all().slice(0, 500).map((n) => n.id);
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const lat: number[] = [];
  for (let i = 0; i < 500; i++) {
    const n = store.needs.get(ids[i])!;
    const t = performance.now();
    await store.needs.commit([store.needs.op({ ...n, title: `${n.title} ${i}` })]);
    lat.push(performance.now() - t);
  }
  // a compaction of the whole 10,000-need state while writes go on
  const during: number[] = [];
  const compaction = (store.engine as unknown as { compact(): Promise<void> }).compact();
  for (let i = 0; i < 50; i++) {
    const n = store.needs.get(ids[i])!;
    const t = performance.now();
    await store.needs.commit([store.needs.op({ ...n, title: `${n.title} c${i}` })]);
    during.push(performance.now() - t);
  }
  await compaction;
  lag.disable();
  await store.close();
  return { loadMs: round(loadMs), p50: round(q(lat, 0.5), 2), p99: round(q(lat, 0.99), 2), p99DuringCompaction: round(q(during, 0.99), 2), maxEventLoopStallMs: round(lag.max / 1e6, 1), fileMb: round(statSync(file).size / 1e6) };
}

async function broadcast(connector: FakeConnector) {
  const bdir = join(dir, 'broadcast');
  mkdirSync(bdir, { recursive: true });
  const big = bigDirectory(bdir, 41);
  const storeFile = join(bdir, 'ksf.json');
  const seeded = seedStore({ file: storeFile, serviceUrl: connector.url, needs: 0, calls: 0, people: RECIPIENTS });
  const bot = await startProcess(['dist/start.cjs'], { KSF_STORE: storeFile, KSF_DIRECTORY: big.file });
  // a running bot, not one still preparing its templates and holiday calendar (the first ~2 s)
  await new Promise((r) => setTimeout(r, 3_000));
  const ingrid = new TeamsClient(() => bot.url, connector, PEOPLE.coordinator);
  await connector.roster([{ id: PEOPLE.coordinator.id, name: PEOPLE.coordinator.name, aadObjectId: PEOPLE.coordinator.aadObjectId, email: PEOPLE.coordinator.email }]);
  await ingrid.post(ingrid.activity({ type: 'message', text: 'meg' }));
  await connector.clear();
  await connector.limits({ perConversation: 7, global: 50, windowMs: 1000, randomFaultRate: 0.05, seed: 7 });
  const preview = await ingrid.click('call.preview', { callId: '', title: 'Bench', summary: 'Bench', body: '', sender: 'USN', link: '', deadline: '2099-01-01', kind: 'announcement', target: 'cluster:big', audience: 'all', municipalities: '' });
  const callId = preview.card!.actions.find((x: { verb?: string }) => x.verb === 'call.send').data.callId;
  const t0 = Date.now();
  await ingrid.click('call.send', { callId });
  const targets = new Set(seeded.people.map((p) => `a:personal-${p.id}`));
  let last = 0;
  let records: Awaited<ReturnType<FakeConnector['activities']>>;
  for (;;) {
    records = (await connector.activities(true)).filter((r) => r.method === 'POST' && targets.has(r.conversationId));
    const delivered = new Map<string, number>();
    for (const r of records) if (!r.fault) {
      delivered.set(r.conversationId, (delivered.get(r.conversationId) ?? 0) + 1);
      last = Math.max(last, r.at);
    }
    if (process.env.BENCH_DEBUG) console.log(Date.now() - t0, 'ms', delivered.size, 'delivered of', targets.size, records.length, 'requests');
    if (delivered.size >= targets.size || Date.now() - t0 > 120_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 1500));
  records = (await connector.activities(true)).filter((r) => r.method === 'POST' && targets.has(r.conversationId));
  if (process.env.BENCH_DEBUG) writeFileSync(join(dir, 'broadcast-requests.json'), JSON.stringify({ t0, at: records.map((r) => [r.at, r.fault ?? 0]) }));
  const ok = records.filter((r) => !r.fault);
  const dup = ok.length - new Set(ok.map((r) => r.conversationId)).size;
  const first = Math.min(...records.map((r) => r.at));
  // the rate while sending: first request to last delivery (the time before the first message is reported apart)
  const seconds = (last - first) / 1000;
  await connector.limits(null);
  bot.proc.kill('SIGTERM');
  return {
    recipients: targets.size,
    delivered: delivered.size,
    lost: targets.size - delivered.size,
    duplicated: dup,
    throttled429: records.filter((r) => (r as { throttled?: boolean }).throttled).length,
    injectedFaults: records.filter((r) => (r as { random?: boolean }).random).length,
    firstMessageAfterMs: first - t0,
    secondsFromClick: round((last - t0) / 1000, 2),
    seconds: round(seconds, 2),
    requestsPerSecond: round((records.length - 1) / seconds, 1),
    perSecond: round((delivered.size - 1) / seconds, 1),
    ratioOfLimit: round((delivered.size - 1) / seconds / 50, 2),
  };
}

const connector = await FakeConnector.start();
if (process.env.BENCH_ONLY === 'broadcast') {
  console.log(await broadcast(connector));
  await connector.stop();
  process.exit(0);
}
console.log('measuring turn cost, start and memory (this bot on 10,000 needs vs a bare echo bot)…');
const turns = await turnCost(connector);
if (process.env.BENCH_ONLY === 'turns') {
  console.log(turns);
  await connector.stop();
  process.exit(0);
}
console.log('measuring the store…');
const store = await storeCost(turns.storeFile);
console.log(`measuring a ${RECIPIENTS}-recipient broadcast under Teams' limits with 5 % faults…`);
const cast = await broadcast(connector);
await connector.stop();

const rows: [string, string, string, string][] = [
  ['turn latency median (ms)', String(turns.echo.median), String(turns.bot.median), `${turns.medianRatio}× (target ≤ 1.5)`],
  ['turn latency p99 (ms)', String(turns.echo.p99), String(turns.bot.p99), `${turns.p99Ratio}×`],
  ['cold start to listening (ms)', String(turns.echo.startMs), String(turns.bot.startMs), `${turns.startRatio}× (target ≤ 1.3)`],
  ['RSS after start (MB)', String(turns.echo.rssMb), String(turns.bot.rssMb), '(target ≤ 200)'],
  ['RSS right after the turns / after 15 s idle (MB)', String(turns.echo.rssAfterTurnsMb), `${turns.bot.rssAfterTurnsMb} / ${turns.bot.rssIdleMb}`, ''],
  ['store: one write p50 / p99 (ms)', '', `${store.p50} / ${store.p99}`, '(target p99 ≤ 50)'],
  ['store: write p99 during compaction (ms)', '', String(store.p99DuringCompaction), ''],
  ['store: longest event-loop stall (ms)', '', String(store.maxEventLoopStallMs), ''],
  ['store: file size (MB) / load (ms)', '', `${store.fileMb} / ${store.loadMs}`, ''],
  ['broadcast: first message after the click (ms)', '', String(cast.firstMessageAfterMs), ''],
  ['broadcast: delivered/s while sending (limit 50)', '', String(cast.perSecond), `${cast.ratioOfLimit} of the limit (target ≥ 0.9)`],
  ['broadcast: requests/s incl. retries / all done after (s)', '', `${cast.requestsPerSecond} / ${cast.secondsFromClick}`, ''],
  ['broadcast: lost / duplicated', '', `${cast.lost} / ${cast.duplicated}`, '(must be 0 / 0)'],
  ['broadcast: throttled 429 / injected faults', '', `${cast.throttled429} / ${cast.injectedFaults}`, ''],
];
console.log(`\n| measure | bare echo bot | KSF bot | ratio / target |\n|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const results = { date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, turns: { ...turns, storeFile: undefined }, store, broadcast: cast, settings: { TURNS, ROUNDS, CLIENTS, RECIPIENTS } };
writeFileSync(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
process.exit(0);
