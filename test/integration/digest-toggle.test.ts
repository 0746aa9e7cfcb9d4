import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardText } from '../support/teams-client.js';

let w: World;
afterEach(async () => {
  await w?.close();
  w = undefined as unknown as World;
});

describe('the digest button', () => {
  it('turns the digest off for the coordinator who presses it', async () => {
    w = await world();
    const r = await w.client(PEOPLE.coordinator).click('digest.off', {});
    expect(cardText(r.card)).toContain('Ukesoppsummeringen er slått av.');
    expect((await w.bot.deps.store.people.get(PEOPLE.coordinator.aadObjectId))?.digest).toBe(false);
  });

  it('asks someone the bot does not know yet for their municipality and changes nothing', async () => {
    w = await world();
    const r = await w.client(PEOPLE.stranger).click('digest.off', {});
    expect(r.card).toBeUndefined();
    expect(r.message).toBe('Før du kan bruke boten, må du velge hvilken kommune du jobber i.');
    expect(await w.bot.deps.store.people.get(PEOPLE.stranger.aadObjectId)).toBeUndefined();
  });
});
