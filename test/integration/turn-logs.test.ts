import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import { createLogger } from '../../src/logger.js';
import { FakeConnector } from '../support/connector.js';
import { TeamsClient, textsIn } from '../support/teams-client.js';
import { PEOPLE } from '../support/harness.js';

interface Line {
  msg: string;
  activityId?: string;
  conversation?: string;
  personId?: string;
}

let dir: string;
let connector: FakeConnector;
let bot: RunningBot;
let lines: Line[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ksf-logs-'));
  connector = await FakeConnector.start();
  await connector.roster(
    Object.values(PEOPLE).map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })),
  );
  lines = [];
  // what pino writes, one JSON line per call, as an operator's log collector would read it
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const config = loadConfig({ PORT: '0', KSF_STORE: join(dir, 'ksf.json'), LOG_LEVEL: 'info' });
  bot = await startBot(config, { logger: createLogger('info', sink) });
});

afterEach(async () => {
  await bot.stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

const idOf = async (email: string) => (await bot.deps.store.people.findByEmail(email))?.id;
const client = (user: (typeof PEOPLE)[keyof typeof PEOPLE]) => new TeamsClient(() => bot.url, connector, user);

describe('log lines written during a turn', () => {
  it("carry that turn's activity id and conversation, also deep in a feature and after awaits", async () => {
    const kari = client(PEOPLE.contact);
    await kari.say('meg');
    const sent = await kari.say('status'); // a contact person is not an admin: the admin feature logs a refusal
    expect(textsIn(sent)).toEqual(['Du har ikke tilgang til dette.']);

    const refused = lines.find((l) => l.msg === 'refused: not an admin');
    expect(refused).toMatchObject({ activityId: 'act-aad-kari-2', conversation: 'a:personal-aad-kari' });
    // written by identity/ after it asked Teams for the roster: an await on real I/O in between
    const linked = lines.find((l) => l.msg === 'linked person to the directory');
    expect(linked).toMatchObject({ activityId: 'act-aad-kari-1', conversation: 'a:personal-aad-kari' });
  });

  it('keep two turns that run at the same time apart', async () => {
    const kari = client(PEOPLE.contact);
    const astrid = client(PEOPLE.contactSeljord);
    await Promise.all([kari.say('meg'), astrid.say('meg')]);
    const linked = lines.filter((l) => l.msg === 'linked person to the directory');
    expect(linked.map((l) => `${l.personId} ${l.conversation}`).sort()).toEqual(
      [`${await idOf(PEOPLE.contact.email)} a:personal-aad-kari`, `${await idOf(PEOPLE.contactSeljord.email)} a:personal-aad-astrid`].sort(),
    );
  });

  it('outside a turn name no activity', () => {
    const listening = lines.find((l) => l.msg === 'KSF bot listening');
    expect(listening).toBeDefined();
    expect(listening).not.toHaveProperty('activityId');
    expect(listening).not.toHaveProperty('conversation');
  });
});
