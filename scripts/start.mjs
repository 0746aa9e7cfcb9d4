// `npm start`: the bot (local mode) and one Microsoft 365 Agents Playground per demo persona
// (scripts/personas.mjs), on consecutive ports from PLAYGROUND_PORT (56150). Prints one line per
// persona with the address of their Playground.
//
//   KSF_PERSONAS=kari,sigrid   only these (each keeps its own port, so stored chats stay right)
//   TEAMSAPPTESTER_BROWSER=none  no browser is opened (otherwise the first persona's opens)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthy } from './healthz.mjs';
import { PERSONAS, playgroundConfig, selectPersonas } from './personas.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '3978';
const basePort = Number(process.env.PLAYGROUND_PORT || '56150');
const selected = selectPersonas(process.env.KSF_PERSONAS);
if (selected.error) fail(selected.error);
if (!Number.isInteger(basePort) || basePort < 1024 || basePort + PERSONAS.length - 1 > 65535) {
  fail(`PLAYGROUND_PORT: must be a port number between 1024 and ${65536 - PERSONAS.length} (the first of ${PERSONAS.length} consecutive ports)`);
}
const personas = selected.personas.map((p) => ({ ...p, port: basePort + PERSONAS.indexOf(p) }));

// In the Playground Ingrid (the coordinator) is also an admin, so `tid +3d` works.
const env = { ...process.env, PORT: port, BOT_ID: '', KSF_ADMINS: process.env.KSF_ADMINS || 'ingrid.haugen@notodden.example.no' };
const work = join(root, 'devTools', 'playground'); // git-ignored: generated configs and logs
const children = [];
let stopping = false;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function run(name, cmd, args, extraEnv = {}, output = 'inherit') {
  // The Playground exits when its standard input closes (as it does under CI or `&`): keep a pipe open.
  const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['pipe', output, output] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? code}); stopping the rest.`);
      stop(code || 1);
    }
  });
  return child;
}

function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/** True when nothing listens on the port (the Playground would silently take a random one). */
function free(p) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(p, () => server.close(() => resolve(true)));
  });
}

for (const p of personas) {
  if (!(await free(p.port))) {
    fail(
      `Port ${p.port} (the Playground of ${p.name}) is in use. Stop what uses it, or set PLAYGROUND_PORT to another first port (${PERSONAS.length} consecutive ports are used).`,
    );
  }
}

const started = Date.now();
run('The bot', process.execPath, [join(root, 'dist', 'start.cjs')]);
if (!(await healthy(`http://127.0.0.1:${port}/healthz`, 20_000))) {
  console.error(`The bot did not answer on http://127.0.0.1:${port}/healthz`);
  stop(1);
} else {
  mkdirSync(work, { recursive: true });
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const browser = process.env.TEAMSAPPTESTER_BROWSER ?? '';
  const ready = personas.map((p, i) => {
    const config = join(work, `${p.key}.yml`);
    // JSON is YAML: the Playground reads this like its usual .m365agentsplayground.yml.
    writeFileSync(config, `${JSON.stringify(playgroundConfig(p), null, 2)}\n`);
    const out = join(work, `${p.key}.out`);
    // A 1 MB young generation: ~17 MB less memory per Playground (133 → 116 MB here), no visible cost.
    const child = run(
      `The Playground of ${p.name} (see ${relative(root, out)} and ${relative(root, join(work, `${p.key}.log`))})`,
      process.execPath,
      ['--max-semi-space-size=1', cli, '-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', String(p.port), '--disable-telemetry'],
      {
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(work, `${p.key}.log`),
        TEAMSAPPTESTER_BROWSER: i === 0 ? browser : 'none',
      },
      'pipe',
    );
    const log = createWriteStream(out);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    return healthy(`http://127.0.0.1:${p.port}/`, 60_000, () => child.exitCode === null);
  });
  const ok = await Promise.all(ready);
  if (!stopping) {
    if (ok.every(Boolean)) {
      console.log(`\nKSF bot on http://127.0.0.1:${port}; one Agents Playground per person (ready in ${((Date.now() - started) / 1000).toFixed(1)} s):`);
      for (const p of personas) console.log(`  ${p.name} (${p.about}): http://localhost:${p.port}`);
      console.log('Open one in your browser to be that person. Ctrl+C stops them all.\n');
    } else {
      console.error(`A Playground did not start: see ${relative(root, work)}/*.out and *.log`);
      stop(1);
    }
  }
}
