import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { buttons, cardsIn, cardText, previewCall, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import type { User } from '../support/teams-client.js';
import { fixedClock } from '../support/clocks.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});
const clock = fixedClock('2026-11-30T09:00:00Z');
const callForm = {
  callId: '',
  title: 'Velferdsteknologi i hjemmetjenesten',
  summary: 'USN søker kommuner til en studie.',
  body: 'Studien varer i ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

/** Ingrid previews the call and presses «Send nå»; returns her progress card and, once delivered, the call card `contact` got. */
async function sendCall(ingrid: TeamsClient, contact: User) {
  const sent = await press(ingrid, (await previewCall(ingrid, callForm)).card, 'Send nå');
  await w!.settle();
  const card = cardsIn(await w!.inbox(contact)).find((c) => buttons(c).includes('Vi deltar'));
  return { sent: sent.card, card };
}

describe('a re-answered call keeps every answer in its history', () => {
  it('shows both answers in the CSV history, and answers a repeat of the same answer with "already recorded"', async () => {
    w = await world({}, clock);
    const ingrid = w.client(PEOPLE.coordinator);
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    const { sent, card } = await sendCall(ingrid, PEOPLE.contact);

    const first = await press(kari, card, 'Interessert', { comment: 'Må forankres' });
    clock.t += 60_000;
    const second = await press(kari, first.card, 'Vi deltar', { comment: 'Vedtatt' });
    expect(cardText(second.card)).toContain('Krødsherad har svart «Vi deltar» – Kari Nordmann');
    // what an answer writes, before and after (not a global count: the outbox writes meanwhile, the card updates)
    const answers = async () => {
      const [call] = await w!.bot.deps.store.calls.all();
      return JSON.stringify([await w!.bot.deps.store.calls.answers(call.id), await w!.bot.deps.store.calls.answerHistory(`${call.id}:3318`)]);
    };
    const before = await answers();
    const repeat = await press(kari, second.card, 'Vi deltar', { comment: 'Vedtatt' });
    expect(cardText(repeat.card)).toContain('Svaret var allerede registrert. Ingenting er endret.');
    expect(await answers()).toBe(before);

    const detail = await press(ingrid, sent, 'Åpne');
    expect(cardText(detail.card)).toContain('Krødsherad: Vi deltar – Kari Nordmann');
    const url: string = JSON.stringify(detail.card).match(/"url":"([^"]*exports\/calls[^"]*)"/)![1];
    const res = await fetch(`${w.bot.url}${new URL(url).pathname}`);
    expect(res.status).toBe(200);
    const row = (await res.text()).split('\r\n').find((l) => l.includes(';3318;'))!;
    expect(row).toContain('Kari Nordmann: Interessert «Må forankres» | ');
    expect(row).toContain('Kari Nordmann: Vi deltar «Vedtatt»');
    expect(row.match(/Kari Nordmann: (Interessert|Vi deltar|Ikke aktuelt)/g)).toHaveLength(2); // the repeat added nothing
  });

  it('tells a person who changes too much too fast to slow down, in their language, and saves nothing', async () => {
    w = await world({ KSF_CHANGES_PER_MINUTE: '3' }, clock);
    const ingrid = w.client(PEOPLE.coordinator);
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    let { card } = await sendCall(ingrid, PEOPLE.contact);
    for (const answer of ['Interessert', 'Vi deltar', 'Ikke aktuelt']) card = (await press(kari, card, answer)).card;
    const [sentCall] = await w!.bot.deps.store.calls.all();
    const answers = async () =>
      JSON.stringify([await w!.bot.deps.store.calls.answers(sentCall.id), await w!.bot.deps.store.calls.answerHistory(`${sentCall.id}:3318`)]);
    const before = await answers();
    const fourth = await press(kari, card, 'Vi deltar');
    expect(cardText(fourth.card)).toContain('Du har gjort mange endringer på kort tid. Vent et minutt og prøv igjen – ingenting ble lagret nå.');
    expect(await answers()).toBe(before);
    const [call] = await w.bot.deps.store.calls.all();
    expect((await w.bot.deps.store.calls.answer(`${call.id}:3318`))!.answer).toBe('not-relevant');
  });
});
