import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, withoutDigest, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { fixedClock } from '../support/clocks.js';
import { needForm } from '../support/need-form.js';

let w: World;
const clock = fixedClock('2026-11-30T09:00:00Z');
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({}, clock);
});
afterEach(async () => w.close());

const fields = (title: string) => needForm(title, 'Hvilke tiltak reduserer fall blant eldre som bor hjemme?');
/** The person fills in the form from `nytt behov` and presses «Send inn»; the need's id is read off the receipt's edit button. */
async function register(client: TeamsClient, title: string): Promise<string> {
  const [form] = cardsIn(await client.say('nytt behov'));
  const { needId: _ignored, ...typed } = fields(title);
  const r = await press(client, form, 'Send inn', typed);
  return r.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
}
/** The person lists the needs they see and opens one. */
async function openNeed(client: TeamsClient, ref: string) {
  const [list] = cardsIn(await client.say('behov'));
  return (await press(client, list, `Åpne ${ref}`)).card;
}

/** Kari (Krødsherad, Notodden cluster) and Jon (Skien, Grenland) each register a need; Hilde (region) links them. */
async function linkedAcrossClusters() {
  const kari = w.client(PEOPLE.contact);
  const jon = w.client(PEOPLE.otherCoordinator);
  await kari.install();
  await jon.install();
  const notodden = await register(kari, 'Fallforebygging i Krødsherad');
  const grenland = await register(jon, 'Fallforebygging i Skien');
  const hilde = w.client(PEOPLE.regionCoordinator);
  const linked = await press(hilde, await openNeed(hilde, 'KB-2026-0001'), 'Koble med KB-2026-0002');
  expect(cardText(linked.card)).toContain('KB-2026-0001 er koblet med KB-2026-0002');
  await w.settle();
  const before = (await w.inbox(PEOPLE.otherCoordinator)).length;
  return { notodden, grenland, before };
}

describe('group actions change only what the person may change', () => {
  it('declines only the Notodden need when Notodden’s coordinator declines it; the linked Grenland need and its author are left alone, and she is told', async () => {
    const { notodden, grenland, before } = await linkedAcrossClusters();
    const ingrid = w.client(PEOPLE.coordinator);
    const r = await press(ingrid, await openNeed(ingrid, 'KB-2026-0001'), 'Avslå', { note: 'Utenfor temaet i år' });
    const text = cardText(r.card);
    expect(text).toContain('KB-2026-0001 har nå status «Avslått».');
    expect(text).toContain('Koblede behov utenfor klyngene du koordinerer ble ikke endret (1): KB-2026-0002 (Skien).');

    const store = w.bot.deps.store.needs;
    expect((await store.get(notodden))!.status).toBe('declined');
    expect((await store.get(grenland))!.status).toBe('received');
    expect((await store.history(grenland)).map((h) => h.kind)).toEqual(['created', 'linked']);
    await w.settle();
    expect(withoutDigest((await w.inbox(PEOPLE.otherCoordinator)).slice(before))).toEqual([]);
    expect(
      cardsIn(await w.inbox(PEOPLE.contact))
        .map(cardText)
        .some((t) => t.includes('har nå status «Avslått»')),
    ).toBe(true);
  });

  it('still changes every linked need for a region coordinator, who coordinates both', async () => {
    const { grenland } = await linkedAcrossClusters();
    const hilde = w.client(PEOPLE.regionCoordinator);
    const r = await press(hilde, await openNeed(hilde, 'KB-2026-0001'), 'Prioriter', { note: 'Felles tilsynssak' });
    expect(cardText(r.card)).not.toContain('ble ikke endret');
    expect((await w.bot.deps.store.needs.get(grenland))!.status).toBe('prioritised');
    await w.settle();
    expect(
      cardsIn(await w.inbox(PEOPLE.otherCoordinator))
        .map(cardText)
        .some((t) => t.includes('har nå status «Prioritert»')),
    ).toBe(true);
  });

  it('leaves the Grenland need in its group when Notodden’s coordinator unlinks hers, and says so', async () => {
    const { notodden, grenland } = await linkedAcrossClusters();
    const groupId = (await w.bot.deps.store.needs.get(grenland))!.groupId;
    const ingrid = w.client(PEOPLE.coordinator);
    const r = await press(ingrid, await openNeed(ingrid, 'KB-2026-0001'), /^Fjern kobling/);
    expect(cardText(r.card)).toContain(
      'Koblingen for KB-2026-0001 er fjernet. Koblede behov utenfor klyngene du koordinerer ble ikke endret (1): KB-2026-0002 (Skien).',
    );
    expect((await w.bot.deps.store.needs.get(notodden))!.groupId).toBeUndefined();
    expect((await w.bot.deps.store.needs.get(grenland))!.groupId).toBe(groupId);
    expect((await w.bot.deps.store.needs.history(grenland)).map((h) => h.kind)).toEqual(['created', 'linked']);
  });

  it('answers a repeated transition by the same person with "already recorded" and writes nothing', async () => {
    const id = await register(w.client(PEOPLE.contact), 'Fallforebygging');
    const ingrid = w.client(PEOPLE.coordinator);
    const opened = await openNeed(ingrid, 'KB-2026-0001');
    await press(ingrid, opened, 'Prioriter', { note: 'Haster' });
    // what the change touches, before and after (not a global write count: the 15 s sweep may write meanwhile)
    const snapshot = async () =>
      JSON.stringify([await w.bot.deps.store.needs.get(id), await w.bot.deps.store.needs.history(id), await w.bot.deps.store.needs.priorities('notodden')]);
    const before = await snapshot();
    // she presses «Prioriter» again on the card she opened (a second tap, or the card in another window)
    const again = await press(ingrid, opened, 'Prioriter', { note: 'Haster' });
    expect(cardText(again.card)).toContain('Dette er allerede registrert. Ingenting er endret.');
    expect(await snapshot()).toBe(before);
    expect(await w.bot.deps.store.needs.history(id)).toHaveLength(2);
  });
});
