import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConnector } from './connector.js';
import { BotProcess } from './bot-process.js';
import { PEOPLE } from './harness.js';
import { TeamsClient, type User } from './teams-client.js';
import { timedHealth, timedPost } from './adversarial.js';

/** The bot as its own process (a frozen event loop must not freeze the test), Ingrid known and admin, Nora unknown. */
export async function adversarialBot() {
  const dir = mkdtempSync(join(tmpdir(), 'ksf-adv-'));
  const connector = await FakeConnector.start();
  await connector.roster(
    Object.values(PEOPLE).map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })),
  );
  const bot = await BotProcess.start({ KSF_STORE: join(dir, 'ksf.json'), KSF_ADMINS: PEOPLE.coordinator.email, KSF_QUIET_HOURS: 'off' });
  const client = (u: User) => new TeamsClient(() => bot.url, connector, u);
  // first turns pay for linking, card templates and the calendar: not what is measured here
  for (const [u, text] of [
    [PEOPLE.coordinator, 'meg'],
    [PEOPLE.coordinator, 'nytt behov'],
    [PEOPLE.coordinator, 'behov'],
    [PEOPLE.stranger, 'hei'],
    [PEOPLE.stranger, 'hjelp'],
  ] as const) {
    await client(u).say(text);
  }
  let worst = { turnMs: 0, healthMs: 0, what: '' };
  return {
    bot,
    connector,
    client,
    get worst() {
      return worst;
    },
    /**
     * Sends one activity while /healthz is asked at the same time; returns both timings and
     * whether the bot answered into the sender's conversation.
     */
    async attack(u: User, activity: Record<string, unknown>, what: string) {
      const before = (await connector.activities(true)).filter((a) => a.conversationId === `a:personal-${u.aadObjectId}`).length;
      // a real wait: /healthz is asked 20 ms into the turn, while the bot works on it
      const [turn, health] = await Promise.all([
        timedPost(`${bot.url}/api/messages`, activity),
        new Promise((r) => setTimeout(r, 20)).then(() => timedHealth(bot.url)),
      ]);
      const after = (await connector.activities(true)).filter((a) => a.conversationId === `a:personal-${u.aadObjectId}`).length;
      if (turn.ms > worst.turnMs) worst = { ...worst, turnMs: turn.ms, what };
      if (health.ms > worst.healthMs) worst = { ...worst, healthMs: health.ms };
      return { turn, health, answered: after > before || turn.body?.type !== undefined };
    },
    async close() {
      await bot.kill9();
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
