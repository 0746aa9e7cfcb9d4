// `npm start`: the bot (local mode) and the Microsoft 365 Agents Playground pointed at it.
// TEAMSAPPTESTER_BROWSER=none keeps the Playground from opening a browser.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthy } from './healthz.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '3978';
// In the Playground Ingrid (the coordinator you are) is also an admin, so `tid +3d` works.
const env = { ...process.env, PORT: port, BOT_ID: '', KSF_ADMINS: process.env.KSF_ADMINS || 'ingrid.haugen@notodden.example.no' };
const children = [];

function run(cmd, args, extraEnv = {}) {
  // The Playground exits when its standard input closes (as it does under CI or `&`): keep a pipe open.
  const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['pipe', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${cmd} ${args[0] ?? ''} stopped (${signal ?? code}); stopping the rest.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run(process.execPath, [join(root, 'dist', 'start.cjs')]);
if (!(await healthy(`http://127.0.0.1:${port}/healthz`, 20_000))) {
  console.error(`The bot did not answer on http://127.0.0.1:${port}/healthz`);
  stop(1);
} else {
  const playground = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const playgroundPort = process.env.PLAYGROUND_PORT || '56150';
  run(process.execPath, [playground, '-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', playgroundPort, '--disable-telemetry'], {
    TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? '',
  });
}
