import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, textsIn, previewCall } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';
import { bigDirectory } from '../support/big-directory.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';

/** The world of the running test (each test starts its own). */
let w: World;
afterEach(async () => {
  await w?.close();
  w = undefined as unknown as World;
});

describe('cluster participation', () => {
  it('a contact person records decision → signature → confirmation, and the coordinator sees it', async () => {
    const clock = new AdjustableClock(new Date('2026-04-20T10:00:00+02:00'));
    w = await world({}, clock);
    const kari = w.client(PEOPLE.contact);
    const ingrid = w.client(PEOPLE.coordinator);
    const [card] = cardsIn(await kari.say('deltakelse'));
    expect(cardText(card)).toContain('Deltakelse: Krødsherad i Kongsbergregionen, Midt- og Vest-Telemark');
    expect(cardText(card)).toContain('Nå: Invitert');
    expect(cardText(card)).toContain('Neste steg: saken skal opp i formannskapet.');
    const where = { cluster: 'notodden', municipality: '3318' };

    // forged: Teams would not send the step with the required meeting date empty; the server must refuse it anyway
    const missing = await forge(kari, 'participation.record', { ...where, step: 'decision-pending' });
    expect(cardText(missing.card)).toContain('Fyll ut: møtedato.');
    const s1 = await press(kari, card, 'Registrer steget', { meetingDate: '2026-04-23' });
    expect(cardText(s1.card)).toContain('Registrert: Krødsherad er nå «Sak til behandling».');
    // forged: the card only offers the next step, never the signature before the decision
    const skip = await forge(kari, 'participation.record', { ...where, step: 'agreement-signed', signedDate: '2026-06-01', signedBy: 'Kommunedirektør' });
    expect(cardText(skip.card)).toContain('Dette steget kan ikke registreres nå (status: Sak til behandling).');
    clock.moveTo(new Date('2026-06-03T09:00:00+02:00'));
    const s2 = await press(kari, s1.card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/123', outcome: 'join' });
    const s3 = await press(kari, s2.card, 'Registrer steget', { signedDate: '2026-06-02', signedBy: 'Kommunedirektør Hans Hansen' });
    const done = await press(kari, s3.card, 'Bekreft deltakelse');
    expect(cardText(done.card)).toContain('Registrert: Krødsherad er nå «Aktiv».');
    // nothing more to record; the last step can still be taken back by the one who recorded it
    expect(buttons(done.card)).toEqual(['Angre siste steg']);

    const overview = cardText(cardsIn(await ingrid.say('klynge'))[0]);
    expect(overview).toContain('Aktiv: █░░░░░░░░░░░ 1');
    expect(overview).toContain('Invitert: ███████████░ 16');
    const p = await w.bot.deps.store.participation.get('notodden', '3318');
    expect(p).toMatchObject({ state: 'active', caseNumber: '26/123', outcome: 'join', signedBy: 'Kommunedirektør Hans Hansen' });
    expect((await w.bot.deps.store.participation.history(p.id)).map((h) => `${h.from}→${h.to} ${h.byName}`)).toEqual([
      'invited→decision-pending Kari Nordmann',
      'decision-pending→decided Kari Nordmann',
      'decided→agreement-signed Kari Nordmann',
      'agreement-signed→active Kari Nordmann',
    ]);
  });

  it('lets the coordinator record on a municipality’s behalf only with a note; no one else may', async () => {
    w = await world();
    const where = { cluster: 'notodden', municipality: '4022' };
    const ingrid = w.client(PEOPLE.coordinator);
    // forged: the note is a required input on her card, so Teams would not send the step without it
    const noNote = await forge(ingrid, 'participation.record', {
      ...where,
      step: 'decided',
      decisionDate: '2026-05-21',
      caseNumber: '26/9',
      outcome: 'decline',
    });
    expect(cardText(noNote.card)).toContain('Fyll ut: merknad.');
    const [overview] = cardsIn(await ingrid.say('klynge'));
    const seljord = await press(ingrid, (await press(ingrid, overview, 'Neste side')).card, 'Registrer steg for Seljord');
    const note = 'Referert i telefon med rådmannen';
    const pending = await press(ingrid, seljord.card, 'Registrer steget', { meetingDate: '2026-04-23', note });
    const ok = await press(ingrid, pending.card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/9', outcome: 'decline', note });
    expect(cardText(ok.card)).toContain('Registrert: Seljord er nå «Takket nei».');
    for (const forger of [PEOPLE.otherCoordinator, PEOPLE.contact, PEOPLE.employeeNynorsk]) {
      // forged: none of them is sent a card for Notodden's participation
      const r = await forge(w.client(forger), 'participation.record', {
        cluster: 'notodden',
        municipality: '4005',
        step: 'decision-pending',
        meetingDate: '2026-04-23',
        note: 'x',
      });
      expect(r.message).toMatch(/Du har ikke tilgang til dette|Du har ikkje tilgang til dette/);
    }
    expect((await w.bot.deps.store.participation.get('notodden', '4005')).state).toBe('invited');
  });
});

const callForm = (deadline: string) => ({
  callId: '',
  title: 'Studie om velferdsteknologi',
  summary: 'USN søker kommuner.',
  body: '',
  sender: 'USN',
  link: '',
  deadline,
  kind: 'participation',
  target: 'cluster:big',
  audience: 'contacts',
  municipalities: '',
});

/** A cluster of `size` municipalities whose contacts have installed the bot, on Monday 4 Jan 2027. */
async function clusterWithInstalledContacts(size: number) {
  const big = bigDirectory(mkdtempSync(join(tmpdir(), 'ksf-rem-')), size);
  const clock = new AdjustableClock(new Date('2027-01-04T09:00:00+01:00'));
  w = await world({ KSF_DIRECTORY: big.file }, clock);
  await w.connector.roster(big.contacts.map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })));
  for (const c of big.contacts) await w.client(c).install();
  return { big, clock, ingrid: w.client(PEOPLE.coordinator) };
}

describe('reminders', () => {
  it('reminds exactly the silent municipalities 3 and 1 working days before the deadline, once each time, also across a restart', async () => {
    const { big, clock, ingrid } = await clusterWithInstalledContacts(5);
    await press(ingrid, (await previewCall(ingrid, callForm('2027-01-15'))).card, 'Send nå');
    await w.settle();
    const notodden = cardsIn(await w.inbox(big.contacts[0])).find((c) => buttons(c).includes('Vi deltar'));
    await press(w.client(big.contacts[0]), notodden, 'Vi deltar'); // Notodden answers
    await ingrid.say('ukesoppsummering av'); // only call reminders in this test
    await w.connector.clear();
    const posts = async () => (await w.connector.activities()).filter((a) => a.method === 'POST' && a.conversationId !== ingrid.conversationId);

    await w.bot.deps.lifecycle.runSweeps(); // Monday 4 Jan: nothing due yet
    await w.settle();
    expect(await posts()).toEqual([]);

    clock.moveTo(new Date('2027-01-12T08:00:00+01:00')); // 3 working days before Friday 15 Jan
    await w.bot.deps.lifecycle.runSweeps();
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    const silentContacts = big.contacts.filter((c) => c.municipality !== '4005');
    const sent = await posts();
    expect(sent.map((a) => a.conversationId).sort()).toEqual(silentContacts.map((c) => `a:personal-${c.aadObjectId}`).sort());
    const card = cardsIn(sent)[0];
    expect(cardText(card)).toMatch(/Påminnelse: .+ har ikke svart ennå\. Fristen er 15\. januar 2027\./);
    expect(buttons(card)).toContain('Vi deltar');

    await w.restart();
    clock.moveTo(new Date('2027-01-12T13:00:00+01:00'));
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    expect(await posts()).toHaveLength(silentContacts.length);

    clock.moveTo(new Date('2027-01-14T08:30:00+01:00')); // 1 working day before: the second occasion
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    expect(await posts()).toHaveLength(silentContacts.length * 2);
  }, 30_000);

  it('holds a reminder that falls due on Saturday until Monday 08:00', async () => {
    const { big, clock, ingrid } = await clusterWithInstalledContacts(3);
    // deadline Wednesday 20 Jan: 3 working days before = Friday 15 Jan; the bot was down until Saturday
    await press(ingrid, (await previewCall(ingrid, callForm('2027-01-20'))).card, 'Send nå');
    await ingrid.say('ukesoppsummering av');
    await w.settle();
    await w.connector.clear();
    clock.moveTo(new Date('2027-01-16T23:00:00+01:00')); // Saturday 23:00
    await w.bot.deps.lifecycle.runSweeps();
    await w.bot.deps.outbox.idle();
    expect((await w.connector.activities()).filter((a) => a.method === 'POST')).toEqual([]);
    const waiting = [...(await w.bot.deps.store.outbox.pending())].filter((m) => m.kind === 'reminder.call');
    expect(waiting).toHaveLength(big.contacts.length);
    expect(new Set(waiting.map((m) => m.nextAttemptAt))).toEqual(new Set(['2027-01-18T07:00:00.000Z']));
    clock.moveTo(new Date('2027-01-18T08:00:00+01:00')); // Monday 08:00
    w.bot.deps.outbox.kick();
    await w.settle();
    expect((await w.connector.activities()).filter((a) => a.method === 'POST')).toHaveLength(big.contacts.length);
  }, 30_000);

  it('reminds contacts of pending participation every 14 days and of needs waiting 10 days; sends the Monday digest unless turned off', async () => {
    const clock = new AdjustableClock(new Date('2026-11-30T09:00:00+01:00')); // Monday
    w = await world({}, clock);
    const kari = w.client(PEOPLE.contact);
    const ingrid = w.client(PEOPLE.coordinator);
    const hilde = w.client(PEOPLE.regionCoordinator);
    for (const c of [kari, ingrid, hilde]) await c.install();
    await hilde.say('ukesoppsummering av');
    await press(kari, cardsIn(await kari.say('deltakelse'))[0], 'Registrer steget', { meetingDate: '2026-12-03' });
    const stranger = w.client(PEOPLE.stranger);
    await press(stranger, cardsIn(await stranger.say('hei'))[0], 'Registrer meg', { municipality: '3318' });
    const [needForm] = cardsIn(await stranger.say('nytt behov'));
    await press(stranger, needForm, 'Send inn', {
      title: 'Ensomhet',
      description: 'Besøksvenn',
      serviceArea: 'home-care',
      urgency: 'longer-term',
      theme: 'helse-omsorg',
    });
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    await w.connector.clear();

    clock.moveTo(new Date('2026-12-15T10:00:00+01:00')); // Tuesday, 15 days later
    await w.bot.deps.lifecycle.runSweeps();
    await w.settle();
    const toKari = cardsIn(await w.inbox(PEOPLE.contact)).map(cardText);
    expect(toKari.filter((t) => t.includes('Krødsherad har stått på «Sak til behandling» siden'))).toHaveLength(1);
    expect(toKari.filter((t) => t.includes('Du får denne fordi du er FOUi-kontakt for Krødsherad.'))).toHaveLength(2);
    expect(toKari.filter((t) => t.includes('KB-2026-0001 venter på vurdering'))).toHaveLength(1);
    const digests = cardsIn(await w.inbox(PEOPLE.coordinator))
      .map(cardText)
      .filter((t) => t.includes('Ukesoppsummering'));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain('Ukesoppsummering for Kongsbergregionen, Midt- og Vest-Telemark – 2026-W51');
    expect(
      cardsIn(await w.inbox(PEOPLE.regionCoordinator))
        .map(cardText)
        .filter((t) => t.includes('Ukesoppsummering')),
    ).toEqual([]);
  }, 30_000);
});

describe('time travel for trying reminders', () => {
  it('is an admin command in local mode, and KSF_FAKE_NOW is refused with BOT_ID', async () => {
    expect(() =>
      loadConfig({ BOT_ID: 'x', BOT_PASSWORD: 'y', KSF_ALLOWED_TENANTS: '7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50', KSF_FAKE_NOW: '2027-01-12T08:00:00Z' }),
    ).toThrow(/KSF_FAKE_NOW: only allowed in local mode/);
    const clock = new AdjustableClock(new Date('2027-01-12T08:00:00+01:00'));
    w = await world({ KSF_ADMINS: 'ingrid.haugen@notodden.example.no' }, clock);
    const ingrid = w.client(PEOPLE.coordinator);
    const [reply] = textsIn(await ingrid.say('tid +3d'));
    expect(reply).toMatch(/^Klokka er nå 15\. jan\. 2027, 08:0\d\./);
    expect(textsIn(await w.client(PEOPLE.contact).say('tid +3d'))).toEqual(['Du har ikke tilgang til dette.']);
    expect(textsIn(await ingrid.say('tid i morgen'))).toEqual(['Skriv «tid +3d», «tid +4h» eller «tid 2027-01-12T08:00».']);
  });
});
