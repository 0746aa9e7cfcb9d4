import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, draftCall, type TeamsClient } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';
import { AdjustableClock } from '../../src/clock.js';

let w: World;
afterEach(async () => w?.close());

const callForm = {
  callId: '',
  title: 'Velferdsteknologi',
  summary: 'USN søker kommuner.',
  body: 'Studien varer i ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

/** The name Teams gives a read receipt (a dot before readReceipt; teams-ai v1 expects a slash). */
const READ_RECEIPT = 'application/vnd.microsoft.readReceipt';

/** The person's Teams client sends a read receipt exactly as Teams does. */
const receipt = (c: TeamsClient, value: unknown, name = READ_RECEIPT) => c.post(c.activity({ type: 'event', name, value }));

/** Tuesday 1 December 2026, 10:00 in Oslo: Kari (Krødsherad) and Astrid (Seljord) have installed the bot; Ingrid sends a call to the cluster. */
async function setUp() {
  const clock = new AdjustableClock(new Date('2026-12-01T09:00:00Z'));
  w = await world({}, clock);
  const kari = w.client(PEOPLE.contact);
  const astrid = w.client(PEOPLE.contactSeljord);
  const ingrid = w.client(PEOPLE.coordinator);
  await kari.install();
  await astrid.install();
  const send = async (form: typeof callForm) => {
    const callId = await draftCall(ingrid, form);
    await ingrid.click('call.send', { callId });
    await w.settle();
    return callId;
  };
  return { clock, kari, astrid, ingrid, send };
}

/** The id Teams gave the call card in the person's chat. */
async function messageIdOf(user: (typeof PEOPLE)[keyof typeof PEOPLE], title: string): Promise<string> {
  const posts = (await w.inbox(user)).filter((r) => r.method === 'POST' && JSON.stringify(r.activity).includes(title));
  expect(posts).toHaveLength(1);
  return posts[0]!.id!;
}

const copyOf = async (callId: string, personId: string) => (await w.bot.deps.store.outbox.bySubject(callId)).find((m) => m.personId === personId);

/** Downloads a CSV through the signed link on a card, as the browser does. */
async function download(card: Record<string, any> | undefined): Promise<string[]> {
  const url = JSON.stringify(card).match(/"url":"([^"]*exports\/calls[^"]*)"/)![1]!;
  const res = await fetch(`${w.bot.url}${new URL(url).pathname}`);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
}

describe('read receipts', () => {
  it('marks a call read from the receipt Teams sends; the slash name and a malformed value change nothing; a repeat writes nothing', async () => {
    const { clock, kari, ingrid, send } = await setUp();
    const callId = await send(callForm);
    const id = await messageIdOf(PEOPLE.contact, 'Velferdsteknologi');
    expect(id).toMatch(/^\d+$/);
    const deliveries = async () => JSON.stringify(await w.bot.deps.store.outbox.bySubject(callId));
    const before = await deliveries();

    // the edge lets these through (200), and they change nothing
    for (const [value, name] of [
      [{ lastReadMessageId: id }, 'application/vnd.microsoft/readReceipt'],
      [{ lastReadMessageId: Number(id) }, READ_RECEIPT],
      [{ lastReadMessageId: '' }, READ_RECEIPT],
      [{}, READ_RECEIPT],
    ] as const) {
      expect((await receipt(kari, value, name)).status).toBe(200);
    }
    expect(await deliveries()).toBe(before);
    // a receipt up to an earlier message does not cover the call
    await receipt(kari, { lastReadMessageId: String(BigInt(id) - 1n) });
    expect((await copyOf(callId, 'aad-kari'))!.readAt).toBeUndefined();

    expect((await receipt(kari, { lastReadMessageId: id })).status).toBe(200);
    const readAt = (await copyOf(callId, 'aad-kari'))!.readAt;
    expect(readAt).toMatch(/^2026-12-01T09:/);
    expect((await copyOf(callId, 'aad-astrid'))!.readAt).toBeUndefined();

    clock.moveTo(new Date('2026-12-01T12:00:00Z'));
    await receipt(kari, { lastReadMessageId: id });
    expect((await copyOf(callId, 'aad-kari'))!.readAt).toBe(readAt);

    // the call detail: per municipality delivered / read / answered, per person; Astrid never sent a receipt: unknown, not unread
    const detail = cardText((await ingrid.click('call.open', { callId })).card);
    expect(detail).toContain('Levert, lest og svart per kommune');
    expect(detail).toContain('Krødsherad: 1 levert · 1 lest · 0 ikke lest · 0 ukjent · ikke svart');
    expect(detail).toContain('Seljord: 1 levert · 0 lest · 0 ikke lest · 1 ukjent · ikke svart');
    expect(detail).toMatch(/• Kari Nordmann \(Krødsherad\): lest 1\. des\. 2026(,| kl\.) 10:\d\d/);
    expect(detail).toContain('• Astrid Lie (Seljord): ukjent (ingen lesekvitteringer fra personen)');
    expect(detail).not.toContain('Astrid Lie (Seljord): ikke lest');

    // the coordinator's delivery card counts them too
    const progress = cardText((await ingrid.click('call.progress', { callId })).card);
    expect(progress).toContain('Lest (etter lesekvittering): 1');
    expect(progress).toContain('Ukjent om lest: 1');
    expect(progress).toContain('Seljord: 1 levert · 0 lest · 0 ikke lest · 1 ukjent · ikke svart');

    // Kari answers: the detail says so beside the reads
    await kari.click('call.answer', { callId, answer: 'join', comment: '' });
    expect(cardText((await ingrid.click('call.open', { callId })).card)).toContain('Krødsherad: 1 levert · 1 lest · 0 ikke lest · 0 ukjent · svar: Vi deltar');

    // the CSV: a read-at column in local time (Oslo), "ukjent" for Astrid
    const csv = await download((await ingrid.click('call.open', { callId })).card);
    expect(csv[0]!.split(';').at(-1)).toBe('Lest');
    expect(
      csv
        .find((l) => l.includes(';3318;'))!
        .split(';')
        .at(-1),
    ).toMatch(/^Kari Nordmann: 2026-12-01 10:\d\d$/);
    expect(
      csv
        .find((l) => l.includes(';4022;'))!
        .split(';')
        .at(-1),
    ).toBe('Astrid Lie: ukjent');
  }, 30_000);

  it('says "not opened" in a reminder only when receipts prove it, and filters "delivered, not read" for the call\'s coordinator only', async () => {
    const { clock, kari, ingrid, send } = await setUp();
    const first = await send(callForm);
    await receipt(kari, { lastReadMessageId: await messageIdOf(PEOPLE.contact, 'Velferdsteknologi') });
    // a second call, due on Friday: reminders fall due at once (3 working days before)
    const second = await send({ ...callForm, title: 'Fallforebygging', deadline: '2026-12-04' });
    expect((await copyOf(first, 'aad-kari'))!.readAt).toBeDefined();

    const detail = (await ingrid.click('call.open', { callId: second })).card;
    expect(cardText(detail)).toContain('• Kari Nordmann (Krødsherad): ikke lest');
    expect(cardText(detail)).toContain('• Astrid Lie (Seljord): ukjent (ingen lesekvitteringer fra personen)');

    const filtered = await press(ingrid, detail, 'Vis levert, ikke lest');
    const text = cardText(filtered.card);
    expect(text).toContain('Levert, ikke lest');
    expect(text).toContain('• Kari Nordmann (Krødsherad): ikke lest');
    expect(text).not.toContain('Astrid Lie (Seljord)');
    expect(text).toContain('1 mottaker uten lesekvitteringer er ikke med (ukjent om lest).');
    expect(text).toContain('[Vis alle som har fått den]');
    // another coordinator, a contact person, a malformed filter: refused in words
    expect((await forge(w.client(PEOPLE.otherCoordinator), 'call.reads', { callId: second, readFilter: 'unread' })).message).toBe(
      'Fant ikke utlysningen, eller du har ikke tilgang til den.',
    );
    expect((await forge(kari, 'call.reads', { callId: second, readFilter: 'unread' })).message).toBe(
      'Fant ikke utlysningen, eller du har ikke tilgang til den.',
    );
    expect((await forge(ingrid, 'call.reads', { callId: second, readFilter: 'silent' })).message).toBe(
      'Kortet du sendte inn, ble ikke forstått. Start på nytt med «hjelp».',
    );

    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    const reminders = async (user: (typeof PEOPLE)[keyof typeof PEOPLE]) =>
      cardsIn(await w.inbox(user))
        .map(cardText)
        .filter((t) => /Påminn(else|ing):/.test(t));
    const [kariReminder] = await reminders(PEOPLE.contact);
    expect(kariReminder).toContain('Påminnelse: Krødsherad har ikke svart ennå. Fristen er 4. desember 2026. Du har ikke åpnet utlysningen.');
    const [astridReminder] = await reminders(PEOPLE.contactSeljord);
    expect(astridReminder).toContain('Påminning: Seljord har ikkje svart enno.');
    expect(astridReminder).not.toMatch(/opna|åpnet/);

    // Kari reads the second call (and the reminder): the last reminder does not claim she has not opened it
    const latest = (await w.inbox(PEOPLE.contact)).filter((r) => r.method === 'POST').at(-1)!.id!;
    await receipt(kari, { lastReadMessageId: latest });
    expect((await copyOf(second, 'aad-kari'))!.readAt).toBeDefined();
    clock.moveTo(new Date('2026-12-03T08:00:00Z'));
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    const kariReminders = await reminders(PEOPLE.contact);
    expect(kariReminders).toHaveLength(2);
    expect(kariReminders[1]).toContain('Påminnelse: Krødsherad har ikke svart ennå.');
    expect(kariReminders[1]).not.toContain('åpnet');
  }, 30_000);
});
