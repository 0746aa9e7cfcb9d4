import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, previewCall, callIdOn, type TeamsClient, type User } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';
import type { Recorded } from '../support/connector.js';
import { AdjustableClock } from '../../src/clock.js';

/** The Notodden cluster's contact persons besides Kari and Astrid. */
const LARS: User = { id: '29:lars', aadObjectId: 'aad-lars', name: 'Lars Moen', email: 'lars.moen@notodden.example.no' };
const ERIK: User = { id: '29:erik', aadObjectId: 'aad-erik', name: 'Erik Dahl', email: 'erik.dahl@kongsberg.example.no' };

const callForm = {
  title: 'Velferdsteknologi i hjemmetjenesten',
  summary: 'USN søker tre kommuner til en studie om digitalt tilsyn.',
  body: 'Studien varer i ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function notoddenWorld() {
  const clock = new AdjustableClock(new Date('2026-12-03T09:00:00+01:00'));
  w = await world({}, clock);
  await w.connector.roster([LARS, ERIK].map((u) => ({ ...u, aadObjectId: u.aadObjectId, userPrincipalName: u.email })));
  return w;
}

/** Ingrid sends the call; the call's id and the detail card she opens from her delivery card once the outbox is done. */
async function sendCall(w: World, ingrid: TeamsClient, form: Record<string, unknown> = callForm) {
  const preview = await previewCall(ingrid, form);
  const id = callIdOn(preview.card);
  const sent = await press(ingrid, preview.card, 'Send nå');
  await w.settle();
  return { id, detail: (await press(ingrid, sent.card, 'Åpne')).card };
}

const posts = (sent: Recorded[]) => sent.filter((r) => r.method === 'POST' && !r.fault);
const conversationsOf = (sent: Recorded[]) => sent.map((r) => r.conversationId).sort();
const chat = (u: User) => `a:personal-${u.aadObjectId}`;

describe('sending a call again to those not reached', () => {
  it('reaches exactly the failed, the dead chat that came back and the newly arrived, after a confirmation; nobody served gets a second copy; a second time sends nothing and says so', async () => {
    w = await notoddenWorld();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    const lars = w.client(LARS);
    const astrid = w.client(PEOPLE.contactSeljord);
    for (const c of [lars, astrid]) await c.install();
    // Astrid has blocked the bot (her chat is dropped); Lars' delivery is rejected once
    await w.connector.faults([
      { conversationId: astrid.conversationId, status: 403, times: 100 },
      { conversationId: lars.conversationId, status: 400, times: 1 },
    ]);
    const { id, detail } = await sendCall(w, ingrid, { ...callForm, audience: 'all' });
    expect(cardText(detail)).toContain('Astrid Lie (Seljord): Ikke nåbar');
    await w.connector.faults([]);
    // Erik installs after the broadcast: the open call reaches him on its own
    await w.client(ERIK).install();
    await w.settle();
    // Nora, new in Krødsherad, registers after the broadcast; Astrid unblocks and writes again
    const nora = w.client(PEOPLE.stranger);
    await press(nora, cardsIn(await nora.say('hei'))[0], 'Registrer meg', { municipality: '3318' });
    await astrid.say('hjelp');
    await w.settle();
    const before = (await w.bot.deps.store.outbox.bySubject(id)).filter((m) => m.kind === 'call' && m.status === 'sent').length;
    await w.connector.clear();

    const confirm = (await press(ingrid, detail, 'Send igjen til dem som ikke fikk den')).card;
    expect(cardText(confirm)).toContain('Send igjen til 3 som ikke fikk den?');
    expect(cardText(confirm)).toMatch(/\d+ personer? har ikke installert boten ennå/);
    expect(buttons(confirm)).toEqual(['Send igjen', 'Avbryt']);
    expect(posts(await w.connector.activities())).toEqual([]); // nothing before the confirmation

    const done = (await press(ingrid, confirm, 'Send igjen')).card;
    expect(cardText(done)).toContain('Sendt igjen til 3 personer.');
    await w.settle();
    const resent = posts(await w.connector.activities()).filter((r) => JSON.stringify(r.activity).includes('"verb":"call.answer"'));
    expect(conversationsOf(resent)).toEqual([chat(PEOPLE.contactSeljord), chat(LARS), chat(PEOPLE.stranger)].sort());
    expect(cardText(cardsIn([resent.find((r) => r.conversationId === chat(PEOPLE.stranger))!])[0])).toContain('Velferdsteknologi i hjemmetjenesten');
    const after = (await w.bot.deps.store.outbox.bySubject(id)).filter((m) => m.kind === 'call' && m.status === 'sent');
    expect(after).toHaveLength(before + 3);
    expect(new Set(after.map((m) => m.personId)).size).toBe(after.length); // one sent copy per person

    // again right after: nothing is sent, and the card says so; the old confirmation pressed again sends nothing either
    await w.connector.clear();
    expect(cardText((await press(ingrid, done, 'Send igjen til dem som ikke fikk den')).card)).toContain('Ingen å sende igjen til');
    expect(cardText((await press(ingrid, confirm, 'Send igjen')).card)).toContain('Ingen å sende igjen til');
    await w.settle();
    expect(posts(await w.connector.activities()).filter((r) => r.conversationId !== chat(PEOPLE.coordinator))).toEqual([]);
  }, 60_000);
});

describe('editing and withdrawing a sent call', () => {
  it('edits after a confirmation: one PUT per delivered copy with the new deadline and «endret», nothing to the undelivered', async () => {
    w = await notoddenWorld();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    for (const u of [LARS, PEOPLE.contactSeljord]) await w.client(u).install();
    const { id, detail } = await sendCall(w, ingrid);
    const delivered = (await w.bot.deps.store.outbox.bySubject(id)).filter((m) => m.kind === 'call' && m.status === 'sent');
    expect(delivered).toHaveLength(2);
    await w.connector.clear();

    const form = (await press(ingrid, detail, 'Endre utlysningen')).card;
    expect(cardText(form)).toContain('Mottakere og type kan ikke endres etter utsending.');
    // a past deadline is refused as on the compose form
    const refused = (await press(ingrid, form, 'Se over endringen', { deadline: '2026-11-01' })).card;
    expect(cardText(refused)).toMatch(/Svarfrist/);
    expect(buttons(refused)).toContain('Se over endringen');
    const confirm = (await press(ingrid, form, 'Se over endringen', { deadline: '2027-02-01' })).card;
    expect(cardText(confirm)).toContain('2 leverte kopier oppdateres der de står.');
    expect(cardText(confirm)).toContain('Svarfrist: 1. februar 2027');
    expect((await w.connector.activities()).filter((r) => r.method === 'PUT' && r.conversationId !== chat(PEOPLE.coordinator))).toEqual([]);
    const done = (await press(ingrid, confirm, 'Lagre og oppdater')).card;
    expect(cardText(done)).toContain('2 leverte kopier oppdateres.');
    await w.settle();

    const sent = await w.connector.activities();
    const puts = sent.filter((r) => r.method === 'PUT' && r.conversationId !== chat(PEOPLE.coordinator));
    expect(puts.map((p) => p.id).sort()).toEqual(delivered.map((m) => m.activityId).sort());
    const putTo = (u: User) => cardText(cardsIn(puts.filter((p) => p.conversationId === chat(u)))[0]);
    expect(putTo(LARS)).toContain('Svarfrist: 1. februar 2027');
    expect(putTo(LARS)).toContain('endret 3. des.');
    expect(putTo(PEOPLE.contactSeljord)).toContain('endra 3. des.'); // Seljord reads nynorsk
    expect(posts(sent).filter((r) => r.conversationId !== chat(PEOPLE.coordinator))).toEqual([]);
    expect((await w.bot.deps.store.calls.get(id))?.deadline).toBe('2027-02-01');
  }, 60_000);

  it('withdraws after a confirmation: every copy replaced, answers refused in words; forged payloads from others change nothing', async () => {
    w = await notoddenWorld();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    const lars = w.client(LARS);
    for (const c of [lars, w.client(PEOPLE.contactSeljord)]) await c.install();
    const { id, detail } = await sendCall(w, ingrid);
    const [larsCard] = cardsIn(posts(await w.inbox(LARS))).filter((c) => cardText(c).includes('Velferdsteknologi'));
    const outboxBefore = (await w.bot.deps.store.outbox.bySubject(id)).length;

    // another cluster's coordinator and a contact person forge every step: refused, nothing changes
    for (const who of [PEOPLE.otherCoordinator, LARS]) {
      const c = w.client(who);
      for (const verb of ['call.resend.ask', 'call.resend', 'call.amend.form', 'call.withdraw.ask', 'call.withdraw'])
        expect((await forge(c, verb, { callId: id })).message).toBe('Fant ikke utlysningen, eller du har ikke tilgang til den.');
      const amend = await forge(c, 'call.amend', { callId: id, ...callForm, deadline: '2027-03-01' });
      expect(amend.message).toBe('Fant ikke utlysningen, eller du har ikke tilgang til den.');
    }
    expect((await forge(ingrid, 'call.withdraw', { callId: 'not-a-uuid' })).message).toBeTruthy();
    expect((await w.bot.deps.store.calls.get(id))?.status).toBe('sent');
    expect((await w.bot.deps.store.calls.get(id))?.deadline).toBe('2027-01-15');
    expect((await w.bot.deps.store.outbox.bySubject(id)).length).toBe(outboxBefore);
    await w.connector.clear();

    const confirm = (await press(ingrid, detail, 'Trekk tilbake')).card;
    expect(cardText(confirm)).toContain('Trekke tilbake');
    expect(cardText(confirm)).toContain('2 leverte kopier byttes ut med «Trukket tilbake».');
    const done = (await press(ingrid, confirm, 'Trekk tilbake')).card;
    expect(cardText(done)).toContain('er trukket tilbake');
    expect(cardText(done)).toContain('Status: Trukket tilbake');
    await w.settle();
    const puts = (await w.connector.activities()).filter((r) => r.method === 'PUT' && r.conversationId !== chat(PEOPLE.coordinator));
    expect(puts).toHaveLength(2);
    const putTo = (u: User) => cardText(cardsIn(puts.filter((p) => p.conversationId === chat(u)))[0]);
    expect(putTo(LARS)).toContain('Utlysningen er trukket tilbake 3. des.');
    expect(putTo(PEOPLE.contactSeljord)).toContain('Utlysinga er trekt tilbake 3. des.');
    expect(putTo(LARS)).not.toContain('Vi deltar');

    const answered = await press(lars, larsCard, 'Vi deltar');
    expect(cardText(answered.card)).toContain('Svar tas ikke lenger imot.');
    expect(await w.bot.deps.store.calls.answers(id)).toEqual([]);
    // nothing more can be done with it
    expect(buttons(done)).not.toContain('Endre utlysningen');
  }, 60_000);
});
