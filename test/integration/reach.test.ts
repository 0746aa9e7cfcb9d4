import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, previewCall, callIdOn, type TeamsClient, type User } from '../support/teams-client.js';
import { press } from '../support/press.js';
import type { Recorded } from '../support/connector.js';
import { AdjustableClock } from '../../src/clock.js';

/** The Notodden cluster's four contact persons: Kari (Krødsherad), Lars (Notodden), Astrid (Seljord), Erik (Kongsberg). */
const LARS: User = { id: '29:lars', aadObjectId: 'aad-lars', name: 'Lars Moen', email: 'lars.moen@notodden.example.no' };
const ERIK: User = { id: '29:erik', aadObjectId: 'aad-erik', name: 'Erik Dahl', email: 'erik.dahl@kongsberg.example.no' };

const callForm = {
  callId: '',
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

async function notoddenWorld(clock: AdjustableClock, env: Record<string, string> = {}) {
  w = await world(env, clock);
  await w.connector.roster([LARS, ERIK].map((u) => ({ ...u, aadObjectId: u.aadObjectId, userPrincipalName: u.email })));
  return w;
}

/** Waits for a condition the bot reaches on its own (a proactive send, an in-place update). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const callCardsIn = (sent: Recorded[]) => cardsIn(sent.filter((r) => r.method === 'POST')).filter((c) => cardText(c).includes('Velferdsteknologi'));

/** Nora, not in the directory, registers as an employee of Krødsherad and reports a need, through the cards the bot sends her. */
async function noraReportsANeed(nora: TeamsClient) {
  await press(nora, cardsIn(await nora.say('hei'))[0], 'Registrer meg', { municipality: '3318' });
  const [form] = cardsIn(await nora.say('nytt behov'));
  await press(nora, form, 'Send inn', {
    title: 'Ensomhet blant eldre',
    description: 'Besøksvenn',
    serviceArea: 'home-care',
    urgency: 'longer-term',
    theme: 'helse-omsorg',
  });
}

/** Ingrid previews the call and presses «Send nå» (on the message `replyToId`, when given); the call's id and her progress card. */
async function sendCall(ingrid: TeamsClient, replyToId?: string) {
  const preview = await previewCall(ingrid, callForm);
  const sent = await press(ingrid, preview.card, 'Send nå', {}, replyToId);
  return { id: callIdOn(preview.card), sent };
}

describe('a call to people who have not installed the bot yet', () => {
  it('counts delivered apart from not installed, delivers to a later installer while open, not after the deadline; a contact hears what waits', async () => {
    const clock = new AdjustableClock(new Date('2026-12-01T09:00:00+01:00'));
    w = await notoddenWorld(clock);
    // a need in Krødsherad waits for its contact person's assessment
    const nora = w.client(PEOPLE.stranger);
    await noraReportsANeed(nora);

    for (const u of [PEOPLE.contactSeljord, LARS]) await w.client(u).install();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    const { id, sent } = await sendCall(ingrid, 'progress-card');
    expect(cardText(sent.card)).not.toMatch(/ferdig|100 %/);
    await w.settle();

    const progress = cardText((await press(ingrid, sent.card, 'Oppdater')).card);
    expect(progress).toContain('2 av 4 har fått utlysningen (50 %)');
    expect(progress).toContain('Har fått den: 2');
    expect(progress).toContain('Har ikke installert boten: 2');
    expect(progress).toContain(
      'De som ikke har installert boten ennå, får utlysningen når de installerer den, så lenge fristen 15. januar 2027 ikke har gått ut.',
    );
    const detail = cardText((await press(ingrid, sent.card, 'Åpne')).card);
    expect(detail).toContain('Kari Nordmann (Krødsherad): Har ikke installert boten – får den når boten blir installert');

    // Kari installs: the welcome, then what waits for her; the call itself arrives through the outbox
    const kari = w.client(PEOPLE.contact);
    const installed = cardsIn(await kari.install());
    expect(cardText(installed[0])).toContain('Velkommen til KSF');
    const waiting = installed.find((c) => cardText(c).includes('Dette venter på deg'));
    expect(cardText(waiting)).toContain('Dette kom inn for Krødsherad før du installerte boten:');
    expect(cardText(waiting)).toContain('Behov som venter på vurdering: 1');
    expect(cardText(waiting)).toContain('Åpne utlysninger til deg: 1');
    expect(cardText(waiting)).toContain('Utlysningene kommer også som egne meldinger her i chatten.');
    expect(buttons(waiting)).toEqual(['Vis behovene', 'Vis utlysningene']);
    await w.settle();
    const [callCard] = callCardsIn(await w.inbox(PEOPLE.contact));
    expect(buttons(callCard)).toEqual(['Vi deltar', 'Interessert', 'Ikke aktuelt', 'Les mer']);
    expect(cardText(callCard)).toContain('Svar for Krødsherad');
    expect(cardText(cardsIn((await press(kari, waiting, 'Vis utlysningene')).sent!)[0])).toContain('Velferdsteknologi i hjemmetjenesten');
    expect(cardText(cardsIn((await press(kari, waiting, 'Vis behovene')).sent!)[0])).toContain('Ensomhet blant eldre');

    // the coordinator's delivery card is updated in place: not installed → delivered
    const updated = await until('the delivery card to show 3 of 4', async () => {
      const puts = (await w!.connector.activities()).filter((a) => a.method === 'PUT' && a.id === 'progress-card');
      const last = puts.length ? cardText(cardsIn([puts.at(-1)!])[0]) : '';
      return last.includes('3 av 4') ? last : undefined;
    });
    expect(updated).toContain('3 av 4 har fått utlysningen (75 %)');
    expect(updated).toContain('Har ikke installert boten: 1');
    const record = (await w.bot.deps.store.outbox.bySubject(id)).find((m) => m.recipientName === 'Kari Nordmann')!;
    expect(record.status).toBe('sent');
    expect((await w.bot.deps.store.outbox.bySubject(id)).filter((m) => m.kind === 'call')).toHaveLength(4);

    // after the deadline, a later installer does not get the call, and nothing is said to wait
    clock.moveTo(new Date('2027-01-16T09:00:00+01:00'));
    const erikInstall = cardsIn(await w.client(ERIK).install());
    expect(erikInstall.map(cardText).join('\n')).not.toContain('Dette venter på deg');
    await w.settle();
    expect(callCardsIn(await w.inbox(ERIK))).toEqual([]);
    expect((await w.bot.deps.store.outbox.bySubject(id)).find((m) => m.recipientName === 'Erik Dahl')!.status).toBe('not-installed');
    const closed = cardText((await press(ingrid, sent.card, 'Oppdater')).card);
    expect(closed).toContain('3 av 4 har fått utlysningen (75 %)');
    expect(closed).toContain('Fristen 15. januar 2027 har gått ut: de som installerer boten nå, får ikke utlysningen.');
  }, 60_000);

  it('does not deliver a stopped call to a later installer', async () => {
    const clock = new AdjustableClock(new Date('2026-12-01T09:00:00+01:00'));
    w = await notoddenWorld(clock);
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    await w.client(LARS).install();
    const preview = await previewCall(ingrid, callForm);
    const id = callIdOn(preview.card);
    await w.connector.delay(1_500); // keeps Lars' delivery in flight, so the call is still sending
    const started = await press(ingrid, preview.card, 'Send nå');
    const stopped = await press(ingrid, started.card, 'Stopp utsendingen');
    expect(cardText(stopped.card)).toContain('Status: Avbrutt');
    await w.connector.delay(0);
    await w.settle();
    const installed = cardsIn(await w.client(PEOPLE.contact).install());
    expect(installed.map(cardText).join('\n')).not.toContain('Dette venter på deg');
    await w.settle();
    expect(callCardsIn(await w.inbox(PEOPLE.contact))).toEqual([]);
    expect((await w.bot.deps.store.outbox.bySubject(id)).find((m) => m.recipientName === 'Kari Nordmann')!.status).toBe('not-installed');
  }, 30_000);
});

describe("proactive messages and a person's several chats", () => {
  it('sends to the newest chat; falls back past a dead one and drops it; shows the failures to the admin and the coordinator when all fail', async () => {
    const clock = new AdjustableClock(new Date('2026-12-01T09:00:00+01:00'));
    w = await notoddenWorld(clock, { KSF_ADMINS: PEOPLE.regionCoordinator.email });
    const ingridOld = w.client({ ...PEOPLE.coordinator, conversationId: 'a:personal-aad-ingrid-old' });
    await ingridOld.install();
    clock.moveTo(new Date('2026-12-01T10:00:00+01:00'));
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();
    // the old chat is gone (reinstall): Teams answers 404 there
    await w.connector.faults([{ conversationId: ingridOld.conversationId, status: 404, times: 100 }]);

    // 1. Monday's digest reaches the chat Ingrid uses now
    clock.moveTo(new Date('2026-12-07T09:00:00+01:00'));
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    const digests = cardsIn(await w.inbox(PEOPLE.coordinator))
      .map(cardText)
      .filter((t) => t.includes('2026-W50'));
    expect(digests).toHaveLength(1);
    expect((await w.bot.deps.store.outbox.all()).filter((m) => m.kind === 'reminder.digest' && m.subject === '2026-W50').map((m) => m.status)).toEqual([
      'sent',
    ]);

    // 2. Kari's newest chat is dead, her older one works: a notice falls back to the older one and the dead record goes
    const kariOld = w.client({ ...PEOPLE.contact, conversationId: 'a:personal-aad-kari-old' });
    await kariOld.install();
    clock.moveTo(new Date('2026-12-07T10:00:00+01:00'));
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    await w.connector.faults([
      { conversationId: ingridOld.conversationId, status: 404, times: 100 },
      { conversationId: kari.conversationId, status: 404, times: 100 },
    ]);
    const nora = w.client(PEOPLE.stranger);
    await noraReportsANeed(nora);
    await w.settle();
    const toOld = (await w.connector.activities()).filter((a) => a.conversationId === kariOld.conversationId && a.method === 'POST' && !a.fault);
    expect(cardsIn(toOld).map(cardText).join('\n')).toContain('Ensomhet blant eldre');
    expect(await w.bot.deps.store.conversations.get(kari.conversationId)).toBeUndefined();
    expect(await w.bot.deps.store.conversations.get(kariOld.conversationId)).toBeDefined();
    expect((await w.bot.deps.store.outbox.all()).filter((m) => m.kind === 'need.new').map((m) => m.status)).toEqual(['sent']);

    // 3. Astrid's two chats are both dead: the call cannot reach her, her coordinator and the admin see why
    const astridOld = w.client({ ...PEOPLE.contactSeljord, conversationId: 'a:personal-aad-astrid-old' });
    await astridOld.install();
    clock.moveTo(new Date('2026-12-07T11:00:00+01:00'));
    const astrid = w.client(PEOPLE.contactSeljord);
    await astrid.install();
    await w.connector.faults([
      { conversationId: astrid.conversationId, status: 404, times: 100 },
      { conversationId: astridOld.conversationId, status: 403, times: 100 },
    ]);
    await w.connector.clear();
    const { sent } = await sendCall(ingrid);
    await w.settle();
    const tried = (await w.connector.activities()).filter(
      (a) => a.method === 'POST' && [astrid.conversationId, astridOld.conversationId].includes(a.conversationId),
    );
    expect(tried.map((a) => [a.conversationId, a.fault])).toEqual([
      [astrid.conversationId, 404],
      [astridOld.conversationId, 403],
    ]);
    expect(await w.bot.deps.store.conversations.ofPerson(PEOPLE.contactSeljord.aadObjectId)).toEqual([]);
    const detail = cardText((await press(ingrid, sent.card, 'Åpne')).card);
    expect(detail).toContain('Astrid Lie (Seljord): Ikke nåbar: boten er blokkert eller fjernet');
    expect(detail).toContain('Har fått den: 1'); // Kari, in the chat that still works
    // Kari is not among those not reached: she is listed as delivered (no read receipt from her yet)
    expect(detail).not.toMatch(/Kari Nordmann \(Krødsherad\): (Ikke nåbar|Feilet|Har ikke installert)/);
    expect(detail).toContain('Kari Nordmann (Krødsherad): ukjent');

    const hilde = w.client(PEOPLE.regionCoordinator);
    const status = cardText(cardsIn(await hilde.say('status'))[0]);
    expect(status).toContain('Ikke levert siste 7 dager – boten er blokkert eller fjernet: 1');
    expect(status).toContain('Ikke levert siste 7 dager – samtalen finnes ikke lenger: 0');
    expect(status).toMatch(/Ikke levert siste 7 dager – har ikke installert boten: [2-9]/);
    const health = (await (await fetch(`${w.bot.url}/healthz`)).json()) as { undeliverableLast7Days: Record<string, number> };
    expect(health.undeliverableLast7Days).toMatchObject({ blocked: 1, 'conversation-gone': 0, rejected: 0, 'gave-up': 0 });
    expect(w.bot.deps.outbox.counters.rerouted).toBe(2);

    // Astrid writes again: her chat is stored anew
    await astrid.say('hjelp');
    expect((await w.bot.deps.store.conversations.personalOf(PEOPLE.contactSeljord.aadObjectId))?.id).toBe(astrid.conversationId);
  }, 60_000);
});
