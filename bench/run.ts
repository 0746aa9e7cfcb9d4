// `npm run bench`: this bot beside the bare stack built the same way, measured in the same run
// (ratios), at two scales, on this machine. See README "Benchmarks".
//
// BENCH_SCALES=10k,50k   which scales (default both)
// BENCH_ONLY=start,turns,store,broadcast,pg   which parts (default all; pg: the same turns and
//                                           broadcasts on PostgreSQL, 1 and 3 instances, a throwaway server)
// BENCH_STARTS, BENCH_TURNS, BENCH_ROUNDS, BENCH_CLIENTS, BENCH_RECIPIENTS   the load
// BENCH_NODE_ARGS   Node flags for both bots (the same for both, as the comparison must be)
// BENCH_BOT_ARGS    extra Node flags for the KSF bot only (profiling: --cpu-prof, --heap-prof)
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FakeConnector } from '../test/support/connector.js';
import { TeamsClient, type User } from '../test/support/teams-client.js';
import { PEOPLE } from '../test/support/harness.js';
import { bigDirectory } from '../test/support/big-directory.js';
import { freePort } from '../test/support/bot-process.js';
import { openStore } from '../src/store/store.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { seedStore, type SeedOptions } from './seed.js';
import { startOwnPostgres, type TestPostgres } from '../test/support/postgres.js';
import { loadIntoPostgres, seedPostgres } from '../test/support/pg-seed.js';
import { startProxy } from '../test/support/proxy.js';
import { analyse, peakPerWindow, TEAMS_LIMIT_PER_TENANT } from '../test/support/broadcast-records.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const TURNS = Number(process.env.BENCH_TURNS ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1000);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const BOT_ARGS = (process.env.BENCH_BOT_ARGS ?? '').split(' ').filter(Boolean);
const PARTS = new Set((process.env.BENCH_ONLY ?? 'start,turns,store,broadcast,pg').split(','));

/** The scales: today's seed, and a national one (every municipality, a few years of needs). */
const SCALES: Record<string, Omit<SeedOptions, 'file' | 'serviceUrl'>> = {
  '10k': { needs: 10_000, people: 2_000, calls: 100, answersPerCall: 300 },
  '50k': { needs: 50_000, people: 20_000, calls: 400, answersPerCall: 300 },
};
const scales = (process.env.BENCH_SCALES ?? '10k,50k').split(',').filter(Boolean);
for (const s of scales) if (!SCALES[s]) throw new Error(`BENCH_SCALES: unknown scale ${s} (${Object.keys(SCALES).join(', ')})`);

const ECHO = 'dist/echo-start.cjs';
const BOT = 'dist/start.cjs';
for (const f of [ECHO, BOT])
  if (!existsSync(join(PROJECT_ROOT, f))) throw new Error(`${f} is missing: run \`node scripts/build.mjs --echo\` (npm run bench does)`);

const dir = mkdtempSync(join(tmpdir(), 'ksf-bench-'));
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const ratio = (a: number, b: number) => round(a / b, 2);

interface Running {
  proc: ChildProcess;
  url: string;
  startMs: number;
  rssMb: number;
}

/** Starts a built loader (both bots the same way, same flags) and waits for /healthz. */
async function startProcess(loader: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const args = [...NODE_ARGS, ...(loader === BOT ? BOT_ARGS : []), loader];
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${loader} exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = performance.now() - t0;
  return { proc, url, startMs, rssMb: rssMb(proc.pid!) };
}

async function stopProcess(p: Running): Promise<void> {
  if (p.proc.exitCode !== null) return;
  const exited = new Promise((r) => p.proc.once('exit', r));
  p.proc.kill('SIGTERM');
  await exited;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** A fresh copy of the seeded store for one start (a start must not find the last one's journal). */
function freshStore(seedFile: string, name: string): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  const file = join(d, 'ksf.json');
  copyFileSync(seedFile, file);
  return file;
}

const botEnv = (store: string) => ({ KSF_STORE: store, KSF_CHANGES_PER_MINUTE: 'off' }); // kari answers many times a round

/** Cold starts, alternating echo and bot; the medians. */
async function starts(seedFile: string) {
  const echo: Running[] = [];
  const bot: Running[] = [];
  for (let i = 0; i < STARTS; i++) {
    const e = await startProcess(ECHO, {});
    await stopProcess(e);
    echo.push(e);
    const b = await startProcess(BOT, botEnv(freshStore(seedFile, 'start')));
    await stopProcess(b);
    bot.push(b);
  }
  const ms = (xs: Running[]) => xs.map((x) => round(x.startMs));
  const rss = (xs: Running[]) => xs.map((x) => round(x.rssMb));
  return {
    echo: { startMs: round(median(ms(echo))), rssMb: round(median(rss(echo))), runs: { startMs: ms(echo), rssMb: rss(echo) } },
    bot: { startMs: round(median(ms(bot))), rssMb: round(median(rss(bot))), runs: { startMs: ms(bot), rssMb: rss(bot) } },
    startRatio: ratio(median(ms(bot)), median(ms(echo))),
  };
}

/** Runs `TURNS` turns over `CLIENTS` concurrent clients; latencies by kind. */
async function load(turn: (client: number, i: number) => Promise<string>): Promise<Map<string, number[]>> {
  const byKind = new Map<string, number[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (;;) {
        const i = next++;
        if (i >= TURNS) return;
        const t0 = performance.now();
        const kind = await turn(c, i);
        const ms = performance.now() - t0;
        byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
      }
    }),
  );
  return byKind;
}

const needFields = {
  needId: '',
  title: 'Fallforebygging hos hjemmeboende eldre',
  description: 'Hvilke tiltak reduserer fall blant eldre som mottar hjemmesykepleie?',
  population: 'Eldre over 75',
  intervention: 'Styrketrening',
  comparison: '',
  outcome: 'Færre fall',
  serviceArea: 'home-care',
  decision: '',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
};

/** The KSF bot's turn kinds, each against the echo's equivalent. */
const KINDS = [
  { kind: 'message', ksf: '`mine behov` (message → card POSTed)', echo: 'message' },
  { kind: 'registration', ksf: 'need registration (card → invoke response)', echo: 'invoke' },
  { kind: 'callAnswer', ksf: 'call answer (card → invoke response)', echo: 'invoke' },
] as const;

/** The turn mix against the echo; the KSF bot on a fresh copy of the seeded JSON store, or with `env` (PostgreSQL). */
async function turns(connector: FakeConnector, seedFile: string, seeded: { people: { id: string }[] }, env?: Record<string, string>) {
  const callId = Object.keys((JSON.parse(readFileSync(seedFile, 'latin1')) as { collections: { calls: object } }).collections.calls)[0];
  const echo = await startProcess(ECHO, {});
  const bot = await startProcess(BOT, env ?? botEnv(freshStore(seedFile, 'turns')));
  const user = (i: number): User => ({ id: `29:${seeded.people[i].id}`, aadObjectId: seeded.people[i].id, name: `Person ${i}` });
  const echoClients = Array.from({ length: CLIENTS }, (_, c) => new TeamsClient(() => echo.url, connector, user(c)));
  const botClients = Array.from({ length: CLIENTS }, (_, c) => new TeamsClient(() => bot.url, connector, user(c)));
  const kari = new TeamsClient(() => bot.url, connector, PEOPLE.contact);
  await connector.roster([{ id: PEOPLE.contact.id, name: PEOPLE.contact.name, aadObjectId: PEOPLE.contact.aadObjectId, email: PEOPLE.contact.email }]);
  await kari.post(kari.activity({ type: 'message', text: 'meg' }));

  // the same mix for both: one message to two card actions
  const echoTurn = async (c: number, i: number) => {
    if (i % 3 === 0) {
      const r = await echoClients[c].post(echoClients[c].activity({ type: 'message', text: 'mine behov' }));
      if (r.status !== 200) throw new Error(`echo message: HTTP ${r.status}`);
      return 'message';
    }
    const r = await echoClients[c].click(i % 3 === 1 ? 'need.submit' : 'call.answer', needFields);
    if (!r.card) throw new Error(`echo invoke: HTTP ${r.status}, no card`);
    return 'invoke';
  };
  const botTurn = async (c: number, i: number) => {
    const kind = KINDS[i % 3].kind;
    if (kind === 'message') {
      const r = await botClients[c].post(botClients[c].activity({ type: 'message', text: 'mine behov' }));
      if (r.status !== 200) throw new Error(`mine behov: HTTP ${r.status}`);
    } else if (kind === 'registration') {
      const r = await botClients[c].click('need.submit', needFields);
      if (!r.card && !r.message) throw new Error(`need.submit: HTTP ${r.status}`);
    } else {
      const r = await kari.click('call.answer', { callId, answer: i % 2 ? 'join' : 'interested', comment: '' });
      if (!r.card && !r.message) throw new Error(`call.answer: HTTP ${r.status}`);
    }
    return kind;
  };
  // warm up both (JIT; the similarity index is built on the first registration)
  for (let i = 0; i < 30; i++) {
    await echoTurn(0, i);
    await botTurn(0, i);
  }
  await connector.clear();
  // alternate rounds, so that a noisy moment on this shared machine falls on both alike
  const rounds: { echo: Record<string, number>; bot: Record<string, number> }[] = [];
  const all = { echo: new Map<string, number[]>(), bot: new Map<string, number[]>() };
  const medians = (m: Map<string, number[]>, into: Map<string, number[]>) => {
    for (const [k, xs] of m) into.set(k, [...(into.get(k) ?? []), ...xs]);
    return Object.fromEntries([...m].map(([k, xs]) => [k, median(xs)]));
  };
  for (let r = 0; r < ROUNDS; r++) {
    const e = medians(await load(echoTurn), all.echo);
    const b = medians(await load(botTurn), all.bot);
    rounds.push({ echo: e, bot: b });
    await connector.clear(); // the fake connector keeps what it receives
  }
  const botRssAfter = rssMb(bot.proc.pid!);
  const echoRssAfter = rssMb(echo.proc.pid!);
  await stopProcess(echo);
  await stopProcess(bot);
  // per kind: the median over rounds of each round's median, and the ratio to the echo's equivalent
  const ofRounds = (who: 'echo' | 'bot', k: string) => median(rounds.map((x) => x[who][k]));
  const kinds = Object.fromEntries(
    KINDS.map(({ kind, ksf, echo: e }) => [
      kind,
      {
        label: ksf,
        echoKind: e,
        echoMedianMs: round(ofRounds('echo', e), 2),
        botMedianMs: round(ofRounds('bot', kind), 2),
        ratio: ratio(ofRounds('bot', kind), ofRounds('echo', e)),
        // the ratio in each round: how much it moves on this machine
        roundRatios: rounds.map((x) => ratio(x.bot[kind], x.echo[e])),
        botP99Ms: round(q(all.bot.get(kind)!, 0.99), 2),
        echoP99Ms: round(q(all.echo.get(e)!, 0.99), 2),
      },
    ]),
  );
  return { kinds, rssAtStartMb: round(bot.rssMb), rssAfterTurnsMb: { echo: round(echoRssAfter), bot: round(botRssAfter) } };
}

/** The store in this process: one write, and a compaction of the whole state while writes go on. */
async function storeCost(seedFile: string) {
  const file = freshStore(seedFile, 'store');
  const t0 = performance.now();
  const store = await openStore(file);
  const loadMs = performance.now() - t0;
  const ids = (await store.needs.all()).slice(0, 500).map((n) => n.id);
  const lat: number[] = [];
  for (let i = 0; i < 500; i++) {
    const n = (await store.needs.get(ids[i]))!;
    const t = performance.now();
    await store.needs.commit([store.needs.op({ ...n, title: `${n.title} ${i}` })]);
    lat.push(performance.now() - t);
  }
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const during: number[] = [];
  const t1 = performance.now();
  let done = false;
  const compaction = (store.engine as unknown as { compact(): Promise<void> }).compact().then(() => {
    done = true;
  });
  for (let i = 0; !done; i++) {
    const n = (await store.needs.get(ids[i % ids.length]))!;
    const t = performance.now();
    await store.needs.commit([store.needs.op({ ...n, title: `${n.title} c${i}` })]);
    during.push(performance.now() - t);
  }
  await compaction;
  const compactionMs = performance.now() - t1;
  lag.disable();
  await store.close();
  return {
    loadMs: round(loadMs),
    writeP50Ms: round(q(lat, 0.5), 2),
    writeP99Ms: round(q(lat, 0.99), 2),
    compactionMs: round(compactionMs),
    writesDuringCompaction: during.length,
    writeP99DuringCompactionMs: round(q(during, 0.99), 2),
    compactionStallMs: round(lag.max / 1e6, 1),
    fileMb: round(statSync(file).size / 1e6),
  };
}

async function broadcast(connector: FakeConnector) {
  const bdir = join(dir, 'broadcast');
  mkdirSync(bdir, { recursive: true });
  const big = bigDirectory(bdir, 41);
  const storeFile = join(bdir, 'ksf.json');
  const seeded = seedStore({ file: storeFile, serviceUrl: connector.url, needs: 0, calls: 0, people: RECIPIENTS });
  const bot = await startProcess(BOT, { KSF_STORE: storeFile, KSF_DIRECTORY: big.file });
  // a running bot, not one still preparing its templates and holiday calendar (the first ~2 s)
  await new Promise((r) => setTimeout(r, 3_000));
  const ingrid = new TeamsClient(() => bot.url, connector, PEOPLE.coordinator);
  await connector.roster([
    { id: PEOPLE.coordinator.id, name: PEOPLE.coordinator.name, aadObjectId: PEOPLE.coordinator.aadObjectId, email: PEOPLE.coordinator.email },
  ]);
  await ingrid.post(ingrid.activity({ type: 'message', text: 'meg' }));
  await connector.clear();
  await connector.limits({ perConversation: 7, global: 50, windowMs: 1000, randomFaultRate: 0.05, seed: 7 });
  const preview = await ingrid.click('call.preview', {
    callId: '',
    title: 'Bench',
    summary: 'Bench',
    body: '',
    sender: 'USN',
    link: '',
    deadline: '2099-01-01',
    kind: 'announcement',
    target: 'cluster:big',
    audience: 'all',
    municipalities: '',
  });
  const callId = preview.card!.actions.find((x: { verb?: string }) => x.verb === 'call.send').data.callId;
  const t0 = Date.now();
  await ingrid.click('call.send', { callId });
  const targets = new Set(seeded.people.map((p) => `a:personal-${p.id}`));
  let last = 0;
  let records: Awaited<ReturnType<FakeConnector['activities']>>;
  let delivered: Map<string, number>;
  for (;;) {
    records = (await connector.activities(true)).filter((r) => r.method === 'POST' && targets.has(r.conversationId));
    delivered = new Map<string, number>();
    for (const r of records)
      if (!r.fault) {
        delivered.set(r.conversationId, (delivered.get(r.conversationId) ?? 0) + 1);
        last = Math.max(last, r.at);
      }
    if (process.env.BENCH_DEBUG) console.log(Date.now() - t0, 'ms', delivered.size, 'delivered of', targets.size, records.length, 'requests');
    if (delivered.size >= targets.size || Date.now() - t0 > 120_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 1500));
  records = (await connector.activities(true)).filter((r) => r.method === 'POST' && targets.has(r.conversationId));
  const ok = records.filter((r) => !r.fault);
  const dup = ok.length - new Set(ok.map((r) => r.conversationId)).size;
  const first = Math.min(...records.map((r) => r.at));
  // the rate while sending: first request to last delivery (the time before the first message is reported apart)
  const seconds = (last - first) / 1000;
  await connector.limits(null);
  await stopProcess(bot);
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

/**
 * The same broadcast on PostgreSQL with `instances` bot processes on one database behind a
 * round-robin proxy: the outbox and the rate limit are shared; measured at the connector.
 */
async function broadcastPg(connector: FakeConnector, server: TestPostgres, instances: number) {
  const bdir = join(dir, `broadcast-pg-${instances}`);
  mkdirSync(bdir, { recursive: true });
  const big = bigDirectory(bdir, 41);
  const url = await server.createDatabase();
  const seeded = await seedPostgres(url, { serviceUrl: connector.url, needs: 0, calls: 0, people: RECIPIENTS });
  const bots = await Promise.all(
    Array.from({ length: instances }, (_, i) => startProcess(BOT, { KSF_DATABASE_URL: url, KSF_INSTANCE_ID: `b${i}`, KSF_DIRECTORY: big.file })),
  );
  const proxy = await startProxy(() => bots.map((b) => b.url));
  await new Promise((r) => setTimeout(r, 3_000));
  const ingrid = new TeamsClient(() => proxy.url, connector, PEOPLE.coordinator);
  await connector.roster([
    { id: PEOPLE.coordinator.id, name: PEOPLE.coordinator.name, aadObjectId: PEOPLE.coordinator.aadObjectId, email: PEOPLE.coordinator.email },
  ]);
  await ingrid.post(ingrid.activity({ type: 'message', text: 'meg' }));
  await connector.clear();
  await connector.limits({ perConversation: 7, global: 50, windowMs: 1000, randomFaultRate: 0.05, seed: 7 });
  const preview = await ingrid.click('call.preview', {
    callId: '',
    title: 'Bench',
    summary: 'Bench',
    body: '',
    sender: 'USN',
    link: '',
    deadline: '2099-01-01',
    kind: 'announcement',
    target: 'cluster:big',
    audience: 'all',
    municipalities: '',
  });
  const callId = preview.card!.actions.find((x: { verb?: string }) => x.verb === 'call.send').data.callId;
  const t0 = Date.now();
  await ingrid.click('call.send', { callId });
  const targets = new Set(seeded.people.map((p) => `a:personal-${p.id}`));
  const ours = (r: { method: string; conversationId: string }) => r.method === 'POST' && targets.has(r.conversationId);
  for (;;) {
    const got = new Set((await connector.activities(true)).filter((r) => ours(r) && !r.fault).map((r) => r.conversationId));
    if (got.size >= targets.size || Date.now() - t0 > 120_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 1500));
  const all = await connector.activities(true);
  const a = analyse(all.filter(ours));
  const peak = peakPerWindow(all, 1000);
  await connector.limits(null);
  await proxy.stop();
  await Promise.all(bots.map(stopProcess));
  const delivered = new Set(all.filter((r) => ours(r) && !r.fault).map((r) => r.conversationId)).size;
  return {
    instances,
    recipients: targets.size,
    delivered,
    lost: targets.size - delivered,
    duplicated: a.duplicates,
    throttled429: a.throttled,
    injectedFaults: a.injected,
    seconds: a.seconds,
    requestsPerSecond: a.requestsPerSecond,
    perSecond: a.deliveredPerSecond,
    ratioOfLimit: round(a.requestsPerSecond / TEAMS_LIMIT_PER_TENANT, 2),
    peakPerTenant: peak.perTenant,
    peakPerConversation: peak.perConversation,
  };
}

const began = performance.now();
const connector = await FakeConnector.start();
let pgServer: TestPostgres | null = null;
if (PARTS.has('pg')) {
  const started = await startOwnPostgres();
  if (started.server) pgServer = started.server;
  else console.log(`PostgreSQL parts skipped: ${started.reason}`);
}
const results: Record<string, unknown> = {};
for (const scale of scales) {
  const o = SCALES[scale];
  const seedFile = join(dir, `seed-${scale}.json`);
  const t = performance.now();
  const seeded = seedStore({ file: seedFile, serviceUrl: connector.url, ...o });
  const seed = { ...o, storeMb: round(statSync(seedFile).size / 1e6), seedMs: round(performance.now() - t) };
  console.log(
    `${scale}: ${o.needs} needs, ${o.people} people, ${o.calls} calls × ${o.answersPerCall} answers, ${seed.storeMb} MB store (seeded in ${seed.seedMs} ms)`,
  );
  const r: Record<string, unknown> = { seed };
  if (PARTS.has('start')) {
    console.log(`  ${STARTS} cold starts each, alternating…`);
    r.start = await starts(seedFile);
  }
  if (PARTS.has('turns')) {
    console.log(`  ${ROUNDS} alternating rounds of ${TURNS} turns each, ${CLIENTS} clients…`);
    r.turns = await turns(connector, seedFile, seeded);
  }
  if (PARTS.has('store')) {
    console.log('  the store: writes and a compaction…');
    r.store = await storeCost(seedFile);
  }
  if (pgServer) {
    const url = await pgServer.createDatabase();
    const t0 = performance.now();
    const records = await loadIntoPostgres(url, seedFile);
    const loadMs = round(performance.now() - t0);
    console.log(`  PostgreSQL: ${records} records loaded in ${loadMs} ms; ${ROUNDS} alternating rounds of ${TURNS} turns…`);
    r.pg = {
      records,
      loadMs,
      turns: await turns(connector, seedFile, seeded, { KSF_DATABASE_URL: url, KSF_INSTANCE_ID: 'bench', KSF_CHANGES_PER_MINUTE: 'off' }),
    };
  }
  rmSync(seedFile, { force: true });
  results[scale] = r;
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify(r, null, 2));
}
let cast: Awaited<ReturnType<typeof broadcast>> | undefined;
if (PARTS.has('broadcast')) {
  console.log(`a ${RECIPIENTS}-recipient broadcast under Teams' limits with 5 % faults…`);
  cast = await broadcast(connector);
}
const castsPg: Awaited<ReturnType<typeof broadcastPg>>[] = [];
if (pgServer) {
  for (const n of [1, 3]) {
    console.log(`a ${RECIPIENTS}-recipient broadcast on PostgreSQL with ${n} instance${n > 1 ? 's' : ''} behind a round-robin proxy…`);
    castsPg.push(await broadcastPg(connector, pgServer, n));
  }
  await pgServer.stop();
}
await connector.stop();
rmSync(dir, { recursive: true, force: true });

// the table, one column per scale
type Scale = {
  seed: { storeMb: number };
  start?: Awaited<ReturnType<typeof starts>>;
  turns?: Awaited<ReturnType<typeof turns>>;
  store?: Awaited<ReturnType<typeof storeCost>>;
  pg?: { records: number; loadMs: number; turns: Awaited<ReturnType<typeof turns>> };
};
const cols = scales.map((s) => results[s] as Scale);
const RSS_TARGET: Record<string, number> = { '10k': 200, '50k': 350 };
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const rows: string[][] = [];
const row = (label: string, f: (s: Scale, name: string) => string) => rows.push([label, ...cols.map((c, i) => f(c, scales[i]))]);
row('store file (MB)', (s) => String(s.seed.storeMb));
if (PARTS.has('turns')) {
  for (const { kind, ksf, echo } of KINDS) {
    row(`${ksf} vs echo ${echo}: median ms (echo / KSF)`, (s) => `${s.turns!.kinds[kind].echoMedianMs} / ${s.turns!.kinds[kind].botMedianMs}`);
    row(`— ratio (target ≤ 1.5×), per round`, (s) => {
      const k = s.turns!.kinds[kind];
      return `**${k.ratio}×** ${met(k.ratio <= 1.5)} (${k.roundRatios.join(', ')})`;
    });
    row(`— p99 ms (echo / KSF)`, (s) => `${s.turns!.kinds[kind].echoP99Ms} / ${s.turns!.kinds[kind].botP99Ms}`);
  }
}
if (PARTS.has('start')) {
  row('cold start to listening, median ms (echo / KSF)', (s) => `${s.start!.echo.startMs} / ${s.start!.bot.startMs}`);
  row('— ratio (target ≤ 1.5×)', (s) => `**${s.start!.startRatio}×** ${met(s.start!.startRatio <= 1.5)}`);
  row(
    'RSS right after start, median MB (echo / KSF)',
    (s, n) => `${s.start!.echo.rssMb} / **${s.start!.bot.rssMb}** ${met(s.start!.bot.rssMb <= RSS_TARGET[n])} (≤ ${RSS_TARGET[n]})`,
  );
}
if (PARTS.has('turns')) row('RSS after the turns MB (echo / KSF)', (s) => `${s.turns!.rssAfterTurnsMb.echo} / ${s.turns!.rssAfterTurnsMb.bot}`);
if (PARTS.has('store')) {
  row('store: open (ms)', (s) => String(s.store!.loadMs));
  row('store: one write p50 / p99 (ms)', (s) => `${s.store!.writeP50Ms} / ${s.store!.writeP99Ms}`);
  row(
    'store: compaction (ms) / writes meanwhile / their p99 (ms)',
    (s) => `${s.store!.compactionMs} / ${s.store!.writesDuringCompaction} / ${s.store!.writeP99DuringCompactionMs}`,
  );
  row('store: compaction stall, longest event-loop delay (ms)', (s) => String(s.store!.compactionStallMs));
}
console.log(`\n| measure | ${scales.join(' | ')} |\n|---|${scales.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (cast) {
  console.log(`\n| broadcast of ${cast.recipients} | |\n|---|---|`);
  console.log(`| first message after the click (ms) | ${cast.firstMessageAfterMs} |`);
  console.log(`| delivered/s while sending (limit 50) | ${cast.perSecond} (${cast.ratioOfLimit} of the limit, target ≥ 0.9) |`);
  console.log(`| requests/s incl. retries / all done after (s) | ${cast.requestsPerSecond} / ${cast.secondsFromClick} |`);
  console.log(`| lost / duplicated (must be 0 / 0) | ${cast.lost} / ${cast.duplicated} |`);
  console.log(`| throttled 429 / injected faults | ${cast.throttled429} / ${cast.injectedFaults} |`);
}
if (pgServer) {
  const pgRows: string[][] = [];
  const pgRow = (label: string, f: (s: NonNullable<Scale['pg']>, name: string) => string) =>
    pgRows.push([label, ...cols.map((c, i) => (c.pg ? f(c.pg, scales[i]) : '–'))]);
  pgRow('records loaded into PostgreSQL / in (ms)', (p) => `${p.records} / ${p.loadMs}`);
  for (const { kind, ksf, echo } of KINDS) {
    pgRow(`${ksf} vs echo ${echo}: median ms (echo / KSF on PostgreSQL)`, (p) => `${p.turns.kinds[kind].echoMedianMs} / ${p.turns.kinds[kind].botMedianMs}`);
    pgRow(`— ratio (target ≤ 2×), per round`, (p) => {
      const k = p.turns.kinds[kind];
      return `**${k.ratio}×** ${met(k.ratio <= 2)} (${k.roundRatios.join(', ')})`;
    });
    pgRow(`— p99 ms (echo / KSF on PostgreSQL)`, (p) => `${p.turns.kinds[kind].echoP99Ms} / ${p.turns.kinds[kind].botP99Ms}`);
  }
  pgRow('RSS per instance after start / after the turns (MB, target ≤ 200)', (p) => {
    const after = p.turns.rssAfterTurnsMb.bot;
    return `${p.turns.rssAtStartMb} / **${after}** ${met(Math.max(after, p.turns.rssAtStartMb) <= 200)}`;
  });
  console.log(`\n| PostgreSQL | ${scales.join(' | ')} |\n|---|${scales.map(() => '---').join('|')}|`);
  for (const r of pgRows) console.log(`| ${r.join(' | ')} |`);
}
if (castsPg.length) {
  const castCols = [
    ...(cast ? [{ name: 'JSON, 1 instance', c: { ...cast, peakPerTenant: NaN } }] : []),
    ...castsPg.map((c) => ({ name: `PostgreSQL, ${c.instances} instance${c.instances > 1 ? 's' : ''}`, c })),
  ];
  console.log(`\n| broadcast of ${RECIPIENTS} | ${castCols.map((x) => x.name).join(' | ')} |\n|---|${castCols.map(() => '---').join('|')}|`);
  const castRow = (label: string, f: (c: (typeof castCols)[number]['c']) => string) => console.log(`| ${label} | ${castCols.map((x) => f(x.c)).join(' | ')} |`);
  castRow(
    'requests/s incl. retries (Teams counts these; limit 50)',
    (c) => `${c.requestsPerSecond} (${round(c.requestsPerSecond / 50, 2)} of the limit, target ≥ 0.9)`,
  );
  castRow('delivered/s while sending', (c) => String(c.perSecond));
  castRow('peak requests in any 1 s at the connector (≤ 50)', (c) => (Number.isNaN(c.peakPerTenant) ? '–' : String(c.peakPerTenant)));
  castRow('lost / duplicated (must be 0 / 0)', (c) => `${c.lost} / ${c.duplicated}`);
  castRow('throttled 429 / injected faults', (c) => `${c.throttled429} / ${c.injectedFaults}`);
}
const out = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  settings: { STARTS, TURNS, ROUNDS, CLIENTS, RECIPIENTS, NODE_ARGS, BOT_ARGS, parts: [...PARTS], scales },
  benchSeconds: round((performance.now() - began) / 1000),
  scales: results,
  broadcast: cast,
  broadcastPostgres: castsPg,
};
// a partial run (BENCH_ONLY, BENCH_SCALES) is printed, not written over the full results
const full = scales.length === Object.keys(SCALES).length && ['start', 'turns', 'store', 'broadcast', 'pg'].every((p) => PARTS.has(p));
if (full || process.env.BENCH_WRITE) {
  writeFileSync(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwritten to bench/results.json');
} else console.log(`\n(a partial run: bench/results.json left as it was; BENCH_WRITE=1 writes it) ${out.benchSeconds} s`);
process.exit(0);
