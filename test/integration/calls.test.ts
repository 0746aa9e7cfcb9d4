import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, textsIn, previewCall, callIdOn } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';
import { bigDirectory } from '../support/big-directory.js';
import type { Recorded } from '../support/connector.js';
import { waitFor } from '../support/wait.js';
import { runningClock } from '../support/clocks.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});
/** Business time that moves with real time from a settable starting point (retries need time to pass). */
const clock = runningClock();
const setClock = (iso: string | number) => {
  clock.t = new Date(iso).getTime();
  clock.since = Date.now();
};
const START = new Date('2026-11-30T09:00:00Z').getTime();

const callForm = {
  callId: '',
  title: 'Velferdsteknologi i hjemmetjenesten',
  summary: 'USN søker tre kommuner til en studie om digitalt tilsyn.',
  body: '**Studien** varer i ett år.\n\n- to samlinger\n- data fra fagsystemet',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:big',
  audience: 'contacts',
  municipalities: '',
};

const callCards = (sent: Recorded[]) =>
  cardsIn(sent.filter((r) => r.method === 'POST')).filter(
    (c) => JSON.stringify(c).includes('"verb":"call.answer"') || JSON.stringify(c).includes('Velferdsteknologi'),
  );

async function bigWorld(size = 20, limits?: Parameters<typeof world>[2]) {
  const dir = mkdtempSync(join(tmpdir(), 'ksf-dir-'));
  const big = bigDirectory(dir, size);
  setClock(START);
  w = await world({ KSF_DIRECTORY: big.file }, clock, limits);
  await w.connector.roster(big.contacts.map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })));
  return { ...big, w };
}

/** A big world where every contact person has installed the bot. */
async function installedWorld(size: number, limits?: Parameters<typeof world>[2]) {
  const big = await bigWorld(size, limits);
  for (const c of big.contacts) await big.w.client(c).install();
  return big;
}

/** Ingrid composes the standard call, previews it and presses «Send nå»; resolves when the outbox is done, with the card she sees. */
async function sentCall(w: World) {
  const ingrid = w.client(PEOPLE.coordinator);
  const preview = await previewCall(ingrid, callForm);
  const id = callIdOn(preview.card);
  const sent = await press(ingrid, preview.card, 'Send nå');
  await w.settle();
  return { ingrid, id, sent: sent.card };
}

describe('composing and authorisation', () => {
  it('lets only coordinators compose; a forged preview or send from anyone else is refused', async () => {
    const { w } = await bigWorld(5);
    expect(textsIn(await w.client(PEOPLE.employeeNynorsk).say('ny utlysning'))).toEqual(['Berre koordinatorar kan sende utlysingar.']);
    // forged: a contact person gets no compose form to press «Forhåndsvis» on
    const forged = await forge(w.client(PEOPLE.contact), 'call.preview', callForm);
    expect(forged.message).toBe('Bare koordinatorer kan sende utlysninger.');
    // forged: the other coordinator's form does not offer Ingrid's cluster as a target
    const otherCoordinator = await forge(w.client(PEOPLE.otherCoordinator), 'call.preview', callForm);
    expect(cardText(otherCoordinator.card)).toContain('Mottakere: velg et av alternativene.');

    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, callForm);
    const id = callIdOn(preview.card);
    for (const forger of [PEOPLE.contact, PEOPLE.otherCoordinator, PEOPLE.employeeNynorsk]) {
      // forged: others replay Ingrid's draft id on buttons they were never sent
      const r = await forge(w.client(forger), 'call.send', { callId: id });
      expect(r.message).toMatch(/Fant ikke utlysningen|Fann ikkje utlysinga/);
      expect((await forge(w.client(forger), 'call.open', { callId: id })).message).toMatch(/Fant ikke|Fann ikkje/);
    }
    expect((await w.bot.deps.store.calls.get(id))!.status).toBe('draft');
    expect(await w.bot.deps.store.outbox.all()).toEqual([]);
  });

  it('reports a call as sent at once when nobody has installed the bot', async () => {
    const { w } = await bigWorld(3);
    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, callForm);
    const r = await press(ingrid, preview.card, 'Send nå');
    expect(cardText(r.card)).toContain('Status: Sendt');
    expect(cardText(r.card)).toMatch(/Har ikke installert boten: [1-9]/);
    expect(cardText(r.card)).toContain('Har fått den: 0');
  });

  it('names problems in words and keeps the input: missing title, http link, past deadline', async () => {
    const { w } = await bigWorld(5);
    // forged: Teams would not send the form with the required title empty; the server must refuse it anyway
    const r = await forge(w.client(PEOPLE.coordinator), 'call.preview', { ...callForm, title: '', link: 'http://usn.no', deadline: '2026-11-01' });
    const text = cardText(r.card);
    expect(text).toContain('Tittel: må fylles ut.');
    expect(text).toContain('Lenke: må være en https-lenke.');
    expect(await w.bot.deps.store.calls.all()).toEqual([]);
    const r2 = await previewCall(w.client(PEOPLE.coordinator), { ...callForm, deadline: '2026-11-01' });
    expect(cardText(r2.card)).toContain('Svarfrist: må være en dato fram i tid.');
    expect(r2.card!.body.find((b: any) => b.id === 'summary').value).toBe(callForm.summary);
  });
});

describe('a 20-municipality broadcast through a Teams that fails and throttles', () => {
  it('delivers exactly one card to every reachable recipient, records 403/404 without retry, and makes one request per attempt', async () => {
    const { w, contacts } = await installedWorld(20);
    const conv = (i: number) => `a:personal-${contacts[i].aadObjectId}`;
    await w.connector.faults([
      { conversationId: conv(3), status: 429, times: 1, retryAfter: 1 },
      { conversationId: conv(5), status: 500, times: 2 },
      { conversationId: conv(7), status: 403, times: 5 },
      { conversationId: conv(9), status: 404, times: 5 },
    ]);
    await w.connector.clear();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    const preview = await previewCall(ingrid, callForm);
    expect(cardText(preview.card)).toContain('Går til 20 kommuner: 21 personer kan nås nå, 3 har ikke installert boten.');
    const id = callIdOn(preview.card);
    const started = await press(ingrid, preview.card, 'Send nå', {}, 'card-1');
    expect(cardText(started.card)).toContain('Status: Sendes');
    await w.settle();

    const all = await w.connector.activities();
    for (let i = 0; i < contacts.length; i++) {
      const got = all.filter((a) => a.conversationId === conv(i) && a.method === 'POST' && !a.fault);
      expect(got.length, contacts[i].name).toBe(i === 7 || i === 9 ? 0 : 1);
    }
    const attempts = all.filter((a) => a.method === 'POST' && a.conversationId !== ingrid.conversationId);
    // 21 recipients + 1 retried 429 + 2 retried 500 + 1 each for 403 and 404 (never retried)
    expect(attempts).toHaveLength(21 + 1 + 2);
    const deliveries = await w.bot.deps.store.outbox.bySubject(id);
    expect(deliveries.filter((m) => m.status === 'sent')).toHaveLength(19);
    expect(
      deliveries
        .filter((m) => m.status === 'unreachable')
        .map((m) => m.error)
        .sort(),
    ).toEqual(['conversation not found', 'forbidden (bot blocked or app removed)']);
    expect(
      deliveries
        .filter((m) => m.status === 'not-installed')
        .map((m) => m.recipientName)
        .sort(),
    ).toEqual(['Erik Dahl', 'Kari Nordmann', 'Lars Moen']);

    // The coordinator's card was updated in place with the final counts (the last update may wait out the 2 s between updates).
    const progressUpdates = async () =>
      (await w.connector.activities()).filter((a) => a.method === 'PUT' && a.conversationId === ingrid.conversationId && a.id === 'card-1');
    const updates = await waitFor(
      async () => {
        const all = await progressUpdates();
        return all.length && cardText(cardsIn([all.at(-1)!])[0]).includes('Status: Sendt') ? all : undefined;
      },
      { timeout: 10_000, what: "the coordinator's card to say Sendt" },
    );
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(5);
    const last = cardText(cardsIn([updates.at(-1)!])[0]);
    expect(last).toContain('Status: Sendt');
    expect(last).toContain('Har fått den: 19');
    expect(last).toContain('19 av 24 har fått utlysningen (79 %)');
    expect(last).toContain('Ikke nåbar: 2');
    expect(last).toContain('Har ikke installert boten: 3');
  }, 30_000);

  it("updates the coordinator's card through the same per-tenant limiter as the broadcast: never alongside a send, never over the limit, few PUTs, the last with the final numbers", async () => {
    // the limiter lets one request at a time and 4 a second; Teams (the fake) allows 5 a second, PUTs included
    const limit = 4;
    const { w } = await installedWorld(20, { perTenantPerSecond: limit, perConversationPerSecond: limit, concurrency: 1 });
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    const preview = await previewCall(ingrid, callForm);
    const id = callIdOn(preview.card);
    await w.connector.limits({ global: limit + 1, perConversation: limit + 1, windowMs: 1000 });
    await w.connector.delay(150); // each request takes longer than half the spacing: a PUT beside the limiter would overlap a send
    await w.connector.clear();
    await press(ingrid, preview.card, 'Send nå', {}, 'card-1');
    await w.settle();
    const progressRecord = async () => (await w!.bot.deps.store.outbox.all()).find((m) => m.kind === 'call.progress');
    // the card's last update is enqueued when the last delivery's outcome is recorded, a moment
    // after the call reads "sent": wait for it to have reached Teams too (or the deadline)
    const lastPut = async () => (await w!.connector.activities()).filter((a) => a.method === 'PUT').at(-1);
    const end = Date.now() + 15_000;
    while (
      ((await progressRecord())?.status !== 'sent' ||
        (await w.bot.deps.store.calls.get(id))!.status !== 'sent' ||
        (await w.bot.deps.store.outbox.pendingCount()) ||
        !JSON.stringify((await lastPut())?.activity ?? '').includes('Status: Sendt')) &&
      Date.now() < end
    )
      await new Promise((r) => setTimeout(r, 50));

    const all = (await w.connector.activities()).sort((a, b) => a.startedAt - b.startedAt);
    const puts = all.filter((a) => a.method === 'PUT');
    expect(all.filter((a) => a.fault)).toEqual([]);
    expect(all.filter((a) => a.method === 'POST' && a.conversationId !== ingrid.conversationId)).toHaveLength(21);
    // one request at a time: the progress PUTs never run beside a broadcast POST
    const overlapping = all.slice(1).filter((a, i) => a.startedAt < all[i].at);
    expect(overlapping.map((a) => `${a.method} ${a.conversationId}`)).toEqual([]);
    // no second holds more than Teams allows, PUTs counted
    const busiest = Math.max(...all.map((a) => all.filter((b) => b.startedAt >= a.startedAt && b.startedAt < a.startedAt + 1000).length));
    expect(busiest).toBeLessThanOrEqual(limit + 1);
    // coalesced: the card changed with each of 21 deliveries, a few PUTs went out, all to card-1, the last with the final numbers
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.length).toBeLessThan(6);
    expect(puts.every((p) => p.id === 'card-1' && p.conversationId === ingrid.conversationId)).toBe(true);
    const last = cardText(cardsIn([puts.at(-1)!])[0]);
    expect(last).toContain('Status: Sendt');
    expect(last).toContain('Har fått den: 21');
    expect(await progressRecord()).toMatchObject({ status: 'sent', replaces: 'card-1', activityId: 'card-1' });
  }, 40_000);

  it('collects answers per municipality: a later contact replaces the earlier, both in the history; silent ones are listed', async () => {
    const { w, contacts } = await installedWorld(5);
    const { ingrid, id, sent } = await sentCall(w);
    const [first, second] = contacts.filter((c) => c.municipality === '4005');
    const card = callCards(await w.inbox(first))[0];
    expect(buttons(card)).toEqual(['Vi deltar', 'Interessert', 'Ikke aktuelt', 'Les mer']);
    expect(cardText(card)).toContain('Svar for Notodden');

    const a1 = await press(w.client(first), card, 'Interessert', { comment: 'Må forankres' });
    expect(cardText(a1.card)).toContain('Takk! Svaret er registrert.');
    expect(cardText(a1.card)).toContain('Notodden har svart «Interessert» – Kontakt 0 4005');
    const a2 = await press(w.client(second), callCards(await w.inbox(second))[0], 'Vi deltar');
    expect(cardText(a2.card)).toContain('Notodden har svart «Vi deltar» – Kontakt 1 4005');
    // the answer card came back in the invoke response: no extra request to Teams to replace it
    const puts = (await w.connector.activities()).filter((r) => r.method === 'PUT' && r.conversationId === w.client(first).conversationId);
    expect(puts).toEqual([]);
    expect((await w.bot.deps.store.calls.answerHistory(`${id}:4005`)).map((h) => [h.answer, h.byName])).toEqual([
      ['interested', 'Kontakt 0 4005'],
      ['join', 'Kontakt 1 4005'],
    ]);

    const detail = cardText((await press(ingrid, sent, 'Åpne')).card);
    expect(detail).toContain('Notodden: Vi deltar – Kontakt 1 4005');
    // the deadline once, with the time answers close (not "15. januar 2027 (15. jan. 2027, 23:59)")
    expect(detail).toContain('Svarfrist: 15. januar 2027 kl. 23:59\n');
    expect(detail).toMatch(/Ikke svart: .+/);
    expect(detail).not.toMatch(/Ikke svart: .*Notodden/);
    const list = cardText(cardsIn(await ingrid.say('utlysninger'))[0]);
    expect(list).toContain('1 deltar, 0 interesserte, 0 ikke aktuelt, 4 ikke svart');
    // each call by its title, its reference once, on the line below (as in the needs list)
    expect(list).toContain('Utlysninger\nVelferdsteknologi i hjemmetjenesten\nUT-2026-0001 · Sendt · frist 15. januar 2027\n');

    // an employee of a targeted municipality may not answer a contacts-only call
    // forged: she was never sent the call, so she has no button to press
    const forged = await forge(w.client(PEOPLE.employeeNynorsk), 'call.answer', { callId: id, answer: 'join' });
    expect(forged.message ?? cardText(forged.card)).toMatch(/Fann ikkje|kan ikkje svare/);
  }, 30_000);

  it('closes answers after the deadline and reminds only the silent municipalities', async () => {
    const { w, contacts } = await installedWorld(4);
    const { ingrid, sent } = await sentCall(w);
    const cardOf = async (i: number) => callCards(await w.inbox(contacts[i]))[0];
    await press(w.client(contacts[0]), await cardOf(0), 'Vi deltar');
    const lateCard = await cardOf(2);
    await w.connector.clear();
    const detail = await press(ingrid, sent, 'Åpne');
    const reminded = await press(ingrid, detail.card, 'Send påminnelse til dem som ikke har svart');
    expect(cardText(reminded.card)).toContain('Påminnelse sendt til 3 personer i 3 kommuner.');
    await w.settle();
    // the coordinator's own weekly digest may fall due meanwhile (the 15 s sweep): only reminders count here
    const got = (await w.connector.activities()).filter((a) => a.method === 'POST' && a.conversationId !== ingrid.conversationId);
    expect(got.map((a) => a.conversationId).sort()).toEqual(
      contacts
        .slice(2)
        .map((c) => `a:personal-${c.aadObjectId}`)
        .sort(),
    );
    expect(cardText(cardsIn(got)[0])).toMatch(/Påminnelse: .+ har ikke svart ennå/);

    setClock('2027-01-16T00:30:00+01:00');
    const late = await press(w.client(contacts[2]), lateCard, 'Vi deltar');
    expect(cardText(late.card)).toContain('Du kan ikke svare på denne utlysningen.');
    expect(cardText(late.card)).toContain('Fristen gikk ut 15. januar 2027. Utlysningen er lukket.');
    expect(buttons(late.card)).toEqual(['Les mer']);
  }, 30_000);
});

describe('scheduling and cancelling', () => {
  it('sends a scheduled call when its time comes, and never a cancelled one', async () => {
    const { w, contacts } = await installedWorld(3);
    const ingrid = w.client(PEOPLE.coordinator);
    const previewA = await previewCall(ingrid, callForm);
    const previewB = await previewCall(ingrid, { ...callForm, title: 'Kunngjøring', kind: 'announcement' });
    const [a, b] = [callIdOn(previewA.card), callIdOn(previewB.card)];
    const when = (date: string) => ({ 'Dato for utsending': date, 'Klokkeslett (norsk tid)': '08:00' });
    const past = await press(ingrid, previewA.card, 'Planlegg', when('2026-11-29'));
    expect(cardText(past.card)).toContain('Velg dato og klokkeslett fram i tid.');
    const sa = await press(ingrid, past.card, 'Planlegg', when('2026-12-01'));
    expect(cardText(sa.card)).toContain('Planlagt til 1. des. 2026, 08:00.');
    const sb = await press(ingrid, previewB.card, 'Planlegg', when('2026-12-01'));
    const cancelled = await press(ingrid, sb.card, 'Avbryt planlagt utsending');
    expect(cardText(cancelled.card)).toContain('Status: Avbrutt');

    await w.bot.deps.lifecycle.runSweeps();
    expect((await w.bot.deps.store.calls.get(a))!.status).toBe('scheduled');
    setClock('2026-12-01T07:00:01Z');
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    expect((await w.bot.deps.store.calls.get(a))!.status).toMatch(/sending|sent/);
    expect((await w.bot.deps.store.calls.get(b))!.status).toBe('cancelled');
    expect(await w.bot.deps.store.outbox.bySubject(b)).toEqual([]);
    expect((await w.bot.deps.store.outbox.bySubject(a)).filter((m) => m.status === 'sent')).toHaveLength(contacts.length);
  }, 30_000);

  it('stops a running broadcast: what was not handed to Teams is not sent, what was on its way keeps its outcome and is not tried again', async () => {
    // three requests with Teams at a time; Teams (the fake) holds them unanswered until released
    const { w, contacts } = await installedWorld(20, { perTenantPerSecond: 20, perConversationPerSecond: 7, concurrency: 3 });
    await w.connector.clear();
    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, callForm);
    await w.connector.hold(); // after the compose form and its preview reached Ingrid's chat
    const id = callIdOn(preview.card);
    const started = await press(ingrid, preview.card, 'Send nå');
    expect(contacts).toHaveLength(21); // 21 who installed the bot: 3 on their way, 18 not yet handed over
    await waitFor(async () => (await w.connector.held()) === 3, { timeout: 10_000, what: 'three deliveries to be with Teams' });

    const stopped = cardText((await press(ingrid, started.card, 'Stopp utsendingen')).card);
    expect(stopped).toContain('er stoppet. 18 meldinger ble ikke sendt. 3 meldinger var allerede på vei til Teams; de telles som sendt hvis de kommer fram.');

    // Teams acknowledges two of the three; the third gets a 500, which would be retried were the call not stopped
    await w.connector.faults([{ status: 500, times: 1 }]);
    await w.connector.release();
    await w.settle();

    const posts = (await w.connector.activities()).filter((a) => a.method === 'POST' && a.conversationId !== ingrid.conversationId);
    const delivered = posts.filter((a) => !a.fault);
    expect(delivered).toHaveLength(2);
    expect(posts).toHaveLength(3); // nothing after the stop: no retry, no second copy
    expect(new Set(delivered.map((a) => a.conversationId)).size).toBe(2);
    const deliveries = (await w.bot.deps.store.outbox.bySubject(id)).filter((m) => m.kind === 'call');
    expect(deliveries.filter((m) => m.status === 'not-installed')).toHaveLength(3); // the demo directory's own contacts
    expect(
      deliveries
        .filter((m) => m.status === 'sent')
        .map((m) => m.conversationId)
        .sort(),
    ).toEqual(delivered.map((a) => a.conversationId).sort());
    expect(deliveries.filter((m) => m.status === 'cancelled')).toHaveLength(19);
    expect((await w.bot.deps.store.calls.get(id))!.status).toBe('cancelled');

    // the coordinator's card, updated in place once the three settled, counts what really happened
    await waitFor(
      async () => {
        const puts = (await w.connector.activities()).filter((a) => a.method === 'PUT' && a.conversationId === ingrid.conversationId);
        const text = puts.length ? cardText(cardsIn([puts.at(-1)!])[0]) : '';
        return text.includes('Ikke sendt (stoppet): 19') && text.includes('Har fått den: 2');
      },
      { timeout: 10_000, what: "the coordinator's card to count 2 received and 19 stopped" },
    );
    // and says that those who install later will not get a stopped call (its deadline has not passed)
    const puts = (await w.connector.activities()).filter((a) => a.method === 'PUT' && a.conversationId === ingrid.conversationId);
    const last = cardText(cardsIn([puts.at(-1)!])[0]);
    expect(last).toContain('Utlysningen er stoppet: de som installerer boten nå, får den ikke.');
    expect(last).not.toContain('har gått ut');
  }, 30_000);
});

describe('recipients', () => {
  it('lists open calls addressed to me and opens one with my answer buttons', async () => {
    const { w, contacts } = await installedWorld(3);
    await sentCall(w);
    const me = w.client(contacts[2]);
    const list = cardsIn(await me.say('åpne utlysninger'))[0];
    expect(cardText(list)).toContain('Velferdsteknologi i hjemmetjenesten');
    const view = await press(me, list, 'Åpne UT-2026-0001');
    expect(buttons(view.card)).toContain('Vi deltar');
  }, 30_000);
});
