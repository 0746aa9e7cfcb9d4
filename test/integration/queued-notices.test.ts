import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, textsIn } from '../support/teams-client.js';
import { AdjustableClock } from '../../src/clock.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Monday night: the digest falls due, but quiet hours hold it until Tuesday 08:00. */
async function digestQueuedOvernight() {
  const clock = new AdjustableClock(new Date('2026-11-30T22:30:00+01:00'));
  w = await world({ KSF_QUIET_HOURS: 'on' }, clock);
  const ingrid = w.client(PEOPLE.coordinator);
  await ingrid.install();
  await w.bot.deps.lifecycle.runSweeps();
  await w.bot.deps.outbox.idle(); // nothing due before 08:00
  const queued = (await w.bot.deps.store.outbox.pending()).filter((m) => m.kind === 'reminder.digest' && m.personId);
  expect(queued).toHaveLength(1);
  await w.connector.clear();
  return { clock, ingrid, w };
}

const digestsIn = async (w: World) =>
  cardsIn(await w.inbox(PEOPLE.coordinator))
    .map(cardText)
    .filter((t) => /Ukesoppsummering|Vekeoppsummering|Weekly digest/.test(t));

describe('a notice that waits in the outbox is drawn when it is sent', () => {
  it('a digest queued while Ingrid read bokmål arrives in nynorsk after she switched to nynorsk before it was sent', async () => {
    const { clock, ingrid, w } = await digestQueuedOvernight();
    expect(textsIn(await ingrid.say('språk nynorsk'))).toEqual(['No snakkar boten nynorsk med deg.']);
    await w.connector.clear();
    clock.moveTo(new Date('2026-12-01T08:05:00+01:00'));
    await w.settle();
    const digests = await digestsIn(w);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain('Vekeoppsummering for Kongsbergregionen, Midt- og Vest-Telemark – 2026-W49');
    expect(digests[0]).toContain('Du får denne fordi du er koordinator. Du kan slå ho av.');
    expect(digests[0]).not.toContain('Ukesoppsummering');
  }, 30_000);

  it('a digest queued before Ingrid turned the digest off is not sent', async () => {
    const { clock, ingrid, w } = await digestQueuedOvernight();
    await ingrid.say('ukesoppsummering av');
    await w.connector.clear();
    clock.moveTo(new Date('2026-12-01T08:05:00+01:00'));
    await w.settle();
    expect(await digestsIn(w)).toEqual([]);
    expect((await w.bot.deps.store.outbox.all()).filter((m) => m.kind === 'reminder.digest').map((m) => m.status)).toEqual(['cancelled']);
  }, 30_000);
});
