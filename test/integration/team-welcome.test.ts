// The bot added to a team: what the channel sees (everyone reads it) and what it must not see.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, TENANT, type TeamsClient } from '../support/teams-client.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => w.close());

const CHANNEL = '19:general-ksf@thread.tacv2';

/** Posts what Teams sends into the team's General channel when `who` adds the bot; returns what the channel got. */
async function addToTeam(who: TeamsClient, type: 'conversationUpdate' | 'installationUpdate') {
  const before = (await w.connector.activities()).length;
  const res = await who.post(
    who.activity({
      type,
      ...(type === 'conversationUpdate' ? { membersAdded: [{ id: '28:ksf-bot' }] } : { action: 'add' }),
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: CHANNEL, name: 'KSF Notodden-klyngen' }, channel: { id: CHANNEL } },
    }),
  );
  expect(res.status).toBe(200);
  return (await w.connector.activities()).slice(before).filter((a) => a.conversationId === CHANNEL);
}

describe('the bot added to a team channel', () => {
  it('posts a team welcome without the installer’s name, roles or municipality', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const sent = await addToTeam(ingrid, 'conversationUpdate');
    const cards = cardsIn(sent);
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('KSF er lagt til i teamet');
    expect(text).toContain('Svarene vises for alle i kanalen');
    for (const personal of ['Ingrid', 'Haugen', 'koordinator i', 'Notodden', 'registrert som', 'mine data']) expect(text).not.toContain(personal);
    expect(JSON.stringify(sent.map((s) => [s.activity.text, s.activity.attachments]))).not.toMatch(/Ingrid|Notodden|koordinator/);
    // no language buttons or onboarding question in a channel
    expect(cards[0].body.some((b: any) => b.type === 'ActionSet')).toBe(false);
    // the channel is kept as a team conversation, not as the installer's personal chat
    const channel = await w.bot.deps.store.conversations.get(CHANNEL);
    expect(channel).toMatchObject({ scope: 'team' });
    expect(channel?.personId).toBeUndefined();
    expect(await w.bot.deps.store.conversations.personalOf('aad-ingrid')).toBeUndefined();
  });

  it('welcomes the team once, though Teams sends both install events', async () => {
    const kari = w.client(PEOPLE.contact);
    expect(cardsIn(await addToTeam(kari, 'installationUpdate'))).toHaveLength(1);
    expect(cardsIn(await addToTeam(kari, 'conversationUpdate'))).toHaveLength(0);
  });

  it('does not ask an unknown installer for their municipality in the channel', async () => {
    const nora = w.client({ ...PEOPLE.stranger, email: 'nora@elsewhere.example.no' });
    const cards = cardsIn(await addToTeam(nora, 'conversationUpdate'));
    expect(cards.map(cardText)).toEqual([expect.stringContaining('KSF er lagt til i teamet')]);
    expect(cards.map(cardText).join('\n')).not.toContain('Hvilken kommune jobber du i?');
  });

  it('still gives the person the personal welcome in their own chat', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    await addToTeam(ingrid, 'conversationUpdate');
    expect(cardText(cardsIn(await ingrid.install())[0])).toContain('Du er registrert som koordinator i Notodden.');
  });
});
