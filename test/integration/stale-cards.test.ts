import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, previewCall, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { runningClock } from '../support/clocks.js';
import { needForm } from '../support/need-form.js';

let w: World;
/** Business time that moves with real time from a settable starting point (the outbox needs time to pass). */
const clock = runningClock();
const setClock = (iso: string) => {
  clock.t = new Date(iso).getTime();
  clock.since = Date.now();
};
beforeEach(async () => {
  setClock('2026-11-30T09:00:00Z');
  w = await world({}, clock);
});
afterEach(async () => w.close());

const need = needForm('Fallforebygging i hjemmetjenesten', 'Hvilke tiltak reduserer fall blant hjemmeboende eldre?');

/** The person fills in the form from `nytt behov` and presses «Send inn». */
async function submitNeed(client: TeamsClient) {
  const [form] = cardsIn(await client.say('nytt behov'));
  const { needId: _ignored, ...typed } = need;
  return press(client, form, 'Send inn', typed);
}

/** The person lists the needs they see and opens one; the need as they see it. */
async function openNeed(client: TeamsClient, ref: string) {
  const [list] = cardsIn(await client.say('behov'));
  return (await press(client, list, `Åpne ${ref}`)).card!;
}

/** Kari (contact person) assesses the need and Ingrid (coordinator) prioritises it, on the cards they open. */
const assess = async () =>
  press(w.client(PEOPLE.contact), await openNeed(w.client(PEOPLE.contact), 'KB-2026-0001'), 'Merk som vurdert', { note: 'Relevant for klyngen' });
const prioritise = async () => press(w.client(PEOPLE.coordinator), await openNeed(w.client(PEOPLE.coordinator), 'KB-2026-0001'), 'Prioriter');

/** Nora (employee, Krødsherad) registers a need; returns her receipt card and the need's id. */
async function receipt(nora: TeamsClient) {
  await press(nora, cardsIn(await nora.say('hei'))[0], 'Registrer meg', { municipality: '3318' });
  const r = await submitNeed(nora);
  expect(cardText(r.card)).toContain('Takk! Behovet er registrert som KB-2026-0001.');
  return { card: r.card!, id: (await w.bot.deps.store.needs.all())[0].id };
}

describe('a need card that is seen again', () => {
  it('withdrawing a need that was prioritised meanwhile asks nothing: it says why not, on the current card', async () => {
    const nora = w.client(PEOPLE.stranger);
    const { card, id } = await receipt(nora);
    expect(buttons(card)).toContain('Trekk behovet');
    await assess();
    await prioritise();

    const r = await press(nora, card, 'Trekk behovet');
    const text = cardText(r.card);
    expect(text).not.toContain('Dette kan ikke angres');
    expect(text).toContain('KB-2026-0001 kan ikke trekkes lenger: behovet har status «Prioritert».');
    expect(text).toContain('Status: Prioritert');
    expect(buttons(r.card)).not.toContain('Trekk behovet');
    expect(buttons(r.card)).not.toContain('Endre');
    expect((await w.bot.deps.store.needs.get(id))!.status).toBe('prioritised');
  });

  it('still asks before withdrawing while the need may be withdrawn', async () => {
    const nora = w.client(PEOPLE.stranger);
    const { card } = await receipt(nora);
    const r = await press(nora, card, 'Trekk behovet');
    expect(cardText(r.card)).toContain('Dette kan ikke angres');
    expect(buttons(r.card)).toEqual(['Ja, trekk behovet', 'Nei, behold det']);
  });

  it('the receipt refreshes for its author to the status the contact person gave it', async () => {
    const nora = w.client(PEOPLE.stranger);
    const { card, id } = await receipt(nora);
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'need.refresh', data: { needId: id } }, userIds: [PEOPLE.stranger.id] });
    await assess();

    const seen = await nora.reopen(card);
    const text = cardText(seen.card);
    expect(text).toContain('Status: Vurdert');
    expect(text).not.toContain('Status: Mottatt');
    expect(text).toContain('Kari Nordmann');
    expect(buttons(seen.card)).not.toContain('Trekk behovet');
  });

  it('a coordinator is not offered to link a similar need that was declined (linking would be refused)', async () => {
    const nora = w.client(PEOPLE.stranger);
    await receipt(nora);
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await submitNeed(sigrid);
    const ingrid = w.client(PEOPLE.coordinator);
    const before = await openNeed(ingrid, 'KB-2026-0001');
    expect(buttons(before)).toContain('Koble med KB-2026-0002');
    await press(ingrid, await openNeed(ingrid, 'KB-2026-0002'), 'Avslå', { note: 'Dekkes av KB-2026-0001' });
    const after = await ingrid.reopen(before);
    expect(cardText(after.card)).toContain('KB-2026-0002');
    expect(buttons(after.card)).not.toContain('Koble med KB-2026-0002');
  });

  it('a refresh from someone who may not see the need shows neither the need nor any action', async () => {
    const nora = w.client(PEOPLE.stranger);
    const { card } = await receipt(nora);
    const jon = w.client(PEOPLE.otherCoordinator); // coordinator of another cluster
    await jon.say('hei');
    expect((await jon.reopen(card)).card).toBe(card); // Teams does not refresh it for him
    const forged = await jon.refresh(card);
    expect(forged.status).toBe(200);
    expect(cardText(forged.card)).toContain('Dette kortet er ikke til deg');
    expect(cardText(forged.card)).not.toContain(need.title);
    expect(buttons(forged.card)).toEqual([]);
  });
});

describe('a call card that is seen again', () => {
  async function sentCall() {
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, {
      callId: '',
      title: 'Velferdsteknologi',
      summary: 'USN søker kommuner til en studie.',
      body: '',
      sender: 'USN',
      link: '',
      deadline: '2026-12-15',
      kind: 'participation',
      target: 'cluster:notodden',
      audience: 'contacts',
      municipalities: '',
    });
    await press(ingrid, preview.card, 'Send nå');
    await w.settle();
    const card = cardsIn(await w.inbox(PEOPLE.contact)).find((c) => cardText(c).includes('Velferdsteknologi'))!;
    return { kari, card };
  }

  it('after the deadline it has no answer buttons and says the call is closed', async () => {
    const { kari, card } = await sentCall();
    expect(buttons(card)).toEqual(['Vi deltar', 'Interessert', 'Ikke aktuelt']);
    expect(card.refresh).toMatchObject({ action: { verb: 'call.refresh' }, userIds: [PEOPLE.contact.id] });
    const answered = await press(kari, card, 'Interessert');
    expect(cardText(answered.card)).toContain('Du kan endre svaret fram til fristen.');

    setClock('2026-12-16T08:00:00Z');
    const seen = await kari.reopen(answered.card!);
    const text = cardText(seen.card);
    expect(text).toContain('Fristen gikk ut 15. desember 2026. Utlysningen er lukket.');
    expect(text).not.toContain('Du kan endre svaret');
    expect(text).toContain('Interessert');
    expect(buttons(seen.card)).toEqual([]);
  });

  it('a refresh from someone it was not sent to has no actions', async () => {
    const { card } = await sentCall();
    const marit = w.client({ id: '29:marit', aadObjectId: 'aad-marit', name: 'Marit Aas', email: 'marit.aas@skien.example.no' });
    await w.connector.roster([marit.member]);
    await marit.say('hei');
    const forged = await marit.refresh(card);
    expect(cardText(forged.card)).toContain('Dette kortet er ikke til deg');
    expect(buttons(forged.card)).toEqual([]);
  });

  it("the coordinator's preview does not refresh into a recipient's card", async () => {
    const preview = await previewCall(w.client(PEOPLE.coordinator), {
      callId: '',
      title: 'T',
      summary: 'S',
      body: '',
      sender: 'USN',
      link: '',
      deadline: '2026-12-15',
      kind: 'participation',
      target: 'cluster:notodden',
      audience: 'contacts',
      municipalities: '',
    });
    expect(buttons(preview.card)).toContain('Send nå');
    expect(preview.card!.refresh).toBeUndefined();
  });
});

describe('the participation card', () => {
  it('refreshes for the contact person to the step recorded since', async () => {
    const kari = w.client(PEOPLE.contact);
    const [card] = cardsIn(await kari.say('deltakelse'));
    expect(card.refresh).toMatchObject({
      action: { verb: 'participation.refresh', data: { cluster: 'notodden', municipality: '3318' } },
      userIds: [PEOPLE.contact.id],
    });
    await press(kari, card, 'Registrer steget', { meetingDate: '2026-12-10' });
    const seen = await kari.reopen(card);
    expect(cardText(seen.card)).toContain('Møtedato');
    expect(cardText(seen.card)).not.toBe(cardText(card));
    const forged = await w.client(PEOPLE.otherCoordinator).refresh(card);
    expect(buttons(forged.card)).toEqual([]);
  });
});
