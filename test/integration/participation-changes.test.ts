import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { buttons, cardsIn, cardText } from '../support/teams-client.js';
import { press, findButton, forge } from '../support/press.js';
import { AdjustableClock } from '../../src/clock.js';

let w: World;
afterEach(async () => {
  await w?.close();
  w = undefined as unknown as World;
});

const KRODSHERAD = { cluster: 'notodden', municipality: '3318' };
/** 1 December 2026, 21:14 in Oslo. */
const evening = () => new AdjustableClock(new Date('2026-12-01T21:14:00+01:00'));

/** Kari's participation card with Krødsherad in "Sak til behandling" (meeting 23 April 2026). */
async function pending(clock = evening()) {
  w = await world({}, clock);
  const kari = w.client(PEOPLE.contact);
  const [card] = cardsIn(await kari.say('deltakelse'));
  const s1 = await press(kari, card, 'Registrer steget', { meetingDate: '2026-04-23' });
  expect(cardText(s1.card)).toContain('Registrert: Krødsherad er nå «Sak til behandling».');
  return { kari, card: s1.card, clock };
}

const stored = () => w.bot.deps.store.participation.get('notodden', '3318');
const history = async () => w.bot.deps.store.participation.history((await stored()).id);

describe('participation refuses impossible dates, in words', () => {
  it('a council decision dated tomorrow (Oslo time) is refused and nothing is stored', async () => {
    const { kari, card } = await pending();
    const future = await press(kari, card, 'Registrer steget', { decisionDate: '2026-12-02', caseNumber: '26/123', outcome: 'join' });
    expect(cardText(future.card)).toContain(
      'Vedtaksdato i kommunestyret kan ikke være etter i dag (tirsdag 1. desember 2026). Du valgte onsdag 2. desember 2026.',
    );
    // what the person typed stays in the form
    expect(JSON.stringify(future.card)).toContain('26/123');
    expect((await stored()).state).toBe('decision-pending');
    expect((await stored()).decisionDate).toBeUndefined();
    expect(await history()).toHaveLength(1);
  });

  it('judges "today" in KSF_TIMEZONE: at 00:30 in Oslo (23:30 UTC) the new day may be recorded', async () => {
    const { kari, card } = await pending(new AdjustableClock(new Date('2026-12-01T23:30:00Z')));
    const r = await press(kari, card, 'Registrer steget', { decisionDate: '2026-12-02', caseNumber: '26/123', outcome: 'join' });
    expect(cardText(r.card)).toContain('Registrert: Krødsherad er nå «Vedtak fattet».');
  });

  it('refuses a nonsense date, a decision before the meeting and a signature before the decision', async () => {
    const { kari, card } = await pending();
    const nonsense = await press(kari, card, 'Registrer steget', { decisionDate: '2026-02-30', caseNumber: '26/1', outcome: 'join' });
    expect(cardText(nonsense.card)).toContain('Vedtaksdato i kommunestyret: «2026-02-30» finnes ikke i kalenderen. Velg en gyldig dato.');
    const early = await press(kari, card, 'Registrer steget', { decisionDate: '2026-04-22', caseNumber: '26/1', outcome: 'join' });
    expect(cardText(early.card)).toContain('Vedtaksdato i kommunestyret (onsdag 22. april 2026) kan ikke være før møtedato (torsdag 23. april 2026).');
    expect((await stored()).state).toBe('decision-pending');

    const decided = await press(kari, card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'join' });
    expect(cardText(decided.card)).toContain('«Vedtak fattet»');
    const signedEarly = await press(kari, decided.card, 'Registrer steget', { signedDate: '2026-05-20', signedBy: 'Kommunedirektør Hans Hansen' });
    expect(cardText(signedEarly.card)).toContain('Dato for signering (onsdag 20. mai 2026) kan ikke være før vedtaksdato (torsdag 21. mai 2026).');
    expect((await stored()).state).toBe('decided');
    expect((await stored()).signedDate).toBeUndefined();
  });

  it('shows recorded days as dates, without an invented time, in the person’s language', async () => {
    const { kari, card } = await pending();
    const decided = await press(kari, card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'join' });
    const text = cardText(decided.card);
    expect(text).toContain('Møtedato i formannskapet: torsdag 23. april 2026');
    expect(text).toContain('Vedtaksdato i kommunestyret: torsdag 21. mai 2026');
    expect(text).not.toMatch(/(12|13):00/);
    // no fact value starts with a day number, which card markdown would read as a numbered list
    for (const f of decided.card!.body.find((b: any) => b.type === 'FactSet').facts) expect(f.value).not.toMatch(/^\d+\./);
    await kari.say('language english');
    const [en] = cardsIn(await kari.say('participation'));
    expect(cardText(en)).toContain('Thursday, 21 May 2026');
    expect(cardText(en)).not.toMatch(/(12|13):00/);
  });
});

describe('the last step can be corrected or undone, and the history keeps it', () => {
  it('the contact person who recorded it corrects the decision date; the history says what changed', async () => {
    const { kari, card } = await pending();
    const decided = await press(kari, card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'join' });
    expect(buttons(decided.card)).toEqual(expect.arrayContaining(['Rett siste steg', 'Angre siste steg']));
    const form = await press(kari, decided.card, 'Rett siste steg');
    expect(cardText(form.card)).toContain('Rett steget «Vedtak fattet» for Krødsherad');
    expect(cardText(form.card)).toContain('«Vedtak fattet» ble registrert av Kari Nordmann 1. des. 2026, 21:14.');
    // filled in with what the step recorded
    expect(JSON.stringify(form.card)).toContain('"value":"2026-05-21"');

    const future = await press(kari, form.card, 'Lagre rettelsen', { decisionDate: '2027-01-10' });
    expect(cardText(future.card)).toContain('Vedtaksdato i kommunestyret kan ikke være etter i dag');
    expect((await stored()).decisionDate).toBe('2026-05-21');

    const saved = await press(kari, form.card, 'Lagre rettelsen', { decisionDate: '2026-05-20', note: 'Feil dato i første registrering' });
    const text = cardText(saved.card);
    // the banner does not say the same thing twice: the step corrected is the state it is in
    expect(text).toContain('Rettet: «Vedtak fattet» for Krødsherad.');
    expect(text).not.toContain('Status nå: «Vedtak fattet»');
    expect(text).toContain('Vedtaksdato i kommunestyret: onsdag 20. mai 2026');
    expect(text).toContain(
      'Kari Nordmann rettet steget «Vedtak fattet»: vedtaksdato torsdag 21. mai 2026 → onsdag 20. mai 2026 – «Feil dato i første registrering»',
    );
    expect(await stored()).toMatchObject({ state: 'decided', decisionDate: '2026-05-20' });
    const events = await history();
    expect(events.map((h) => h.kind)).toEqual(['step', 'step', 'corrected']);
    expect(events[2]).toMatchObject({
      by: 'aad-kari',
      step: (events[1] as { n?: number }).n,
      before: { decisionDate: '2026-05-21' },
      after: { decisionDate: '2026-05-20' },
    });

    const again = await press(kari, saved.card, 'Rett siste steg');
    const same = await press(kari, again.card, 'Lagre rettelsen');
    expect(cardText(same.card)).toContain('Ingenting er endret: rettelsen er lik det som står registrert.');
    expect(await history()).toHaveLength(3);
  });

  it('undo asks first; cancel changes nothing; confirming goes back a step and keeps both in the history', async () => {
    const { kari, card } = await pending();
    const decided = await press(kari, card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'decline' });
    expect((await stored()).state).toBe('declined');
    const ask = await press(kari, decided.card, 'Angre siste steg');
    expect(cardText(ask.card)).toContain('Angre steget «Takket nei» for Krødsherad?');
    expect(cardText(ask.card)).toContain('Kommunen går tilbake til «Sak til behandling»');
    expect(cardText(ask.card)).toContain('Vedtaksdato i kommunestyret: torsdag 21. mai 2026');
    expect((await stored()).state).toBe('declined');

    const cancelled = await press(kari, ask.card, 'Avbryt');
    expect(cardText(cancelled.card)).toContain('Nå: Takket nei');
    expect((await stored()).state).toBe('declined');

    const undone = await press(kari, ask.card, 'Ja, angre steget');
    expect(cardText(undone.card)).toContain('Angret: «Takket nei» for Krødsherad. Status nå: «Sak til behandling».');
    expect(cardText(undone.card)).toContain('Kari Nordmann angret steget «Takket nei» (tilbake til «Sak til behandling»)');
    expect(cardText(undone.card)).toContain('Neste steg: vedtak i kommunestyret.');
    expect(await stored()).toMatchObject({ state: 'decision-pending', meetingDate: '2026-04-23' });
    expect((await stored()).decisionDate).toBeUndefined();
    expect((await stored()).outcome).toBeUndefined();
    expect((await history()).map((h) => `${h.kind}:${h.from}→${h.to}`)).toEqual([
      'step:invited→decision-pending',
      'step:decision-pending→declined',
      'undone:declined→decision-pending',
    ]);
    expect((await history())[2].before).toMatchObject({ state: 'declined', outcome: 'decline' });

    // the same confirmation pressed again: it is no longer the last step
    const twice = await press(kari, ask.card, 'Ja, angre steget');
    expect(cardText(twice.card)).toContain('Siste steg er endret siden kortet ble vist.');
    expect((await stored()).state).toBe('decision-pending');
    expect(await history()).toHaveLength(3);
  });

  it('a coordinator may correct or undo another’s step only with a note; others see no buttons and are refused', async () => {
    const { kari } = await pending();
    const ingrid = w.client(PEOPLE.coordinator);
    const [overview] = cardsIn(await ingrid.say('klynge'));
    const opened = await press(ingrid, overview, 'Registrer steg for Krødsherad');
    expect(buttons(opened.card)).toEqual(expect.arrayContaining(['Rett siste steg', 'Angre siste steg']));
    const ask = await press(ingrid, opened.card, 'Angre siste steg');
    expect(JSON.stringify(ask.card)).toContain('Begrunnelse (påkrevd)');
    // Teams itself will not send the form with the required reason empty; the server refuses it too
    const undoButton = findButton(ask.card!, 'Ja, angre steget').action;
    const noNote = await forge(ingrid, undoButton.verb, { ...undoButton.data, note: '' });
    expect(cardText(noNote.card)).toContain('Skriv en begrunnelse');
    expect((await stored()).state).toBe('decision-pending');
    const fnr = await press(ingrid, ask.card, 'Ja, angre steget', { note: 'Gjelder 010107 50160' });
    expect(fnr.card ? cardText(fnr.card) : fnr.message).toContain('Merknad: ser ut til å inneholde et fødselsnummer');
    expect((await stored()).state).toBe('decision-pending');
    const done = await press(ingrid, ask.card, 'Ja, angre steget', { note: 'Møtet ble utsatt' });
    expect(cardText(done.card)).toContain('Ingrid Haugen angret steget «Sak til behandling» (tilbake til «Invitert») – «Møtet ble utsatt»');
    expect((await stored()).state).toBe('invited');
    expect((await history()).at(-1)).toMatchObject({ kind: 'undone', by: 'aad-ingrid', as: 'coordinator', note: 'Møtet ble utsatt' });

    // Kari records again; Jon (another cluster's coordinator) forges an undo: refused, nothing changes
    const [again] = cardsIn(await kari.say('deltakelse'));
    await press(kari, again, 'Registrer steget', { meetingDate: '2026-04-24' });
    const stepN = ((await history()).at(-1) as { n?: number }).n;
    const jon = await w.client(PEOPLE.otherCoordinator).click('participation.undo', { ...KRODSHERAD, stepN, note: 'x' });
    expect(jon.card ?? jon.message).not.toContain('Angret');
    expect((await stored()).state).toBe('decision-pending');
  });

  it('a contact person does not get to change a step a coordinator recorded for them', async () => {
    w = await world({}, evening());
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.click('participation.record', {
      cluster: 'notodden',
      municipality: '4022',
      step: 'decision-pending',
      meetingDate: '2026-04-23',
      note: 'Referert i telefon',
    });
    const astrid = w.client(PEOPLE.contactSeljord);
    const [card] = cardsIn(await astrid.say('deltakelse'));
    expect(buttons(card)).not.toContain('Angre siste steg');
    expect(buttons(card)).not.toContain('Rett siste steg');
    const stepN = ((await w.bot.deps.store.participation.events.last('notodden:4022')) as { n: number }).n;
    const forged = await astrid.click('participation.undo', { cluster: 'notodden', municipality: '4022', stepN });
    expect(forged.message ?? cardText(forged.card)).toMatch(/ikkje lov|ikke lov|tilgang/i);
    expect((await w.bot.deps.store.participation.get('notodden', '4022')).state).toBe('decision-pending');
  });
});

describe('notes are quoted the way the reader’s language quotes', () => {
  it('in English a step’s note and a call comment are in "…", in bokmål in «…»', async () => {
    w = await world({}, evening());
    const kari = w.client(PEOPLE.contact);
    await kari.say('language english');
    const [card] = cardsIn(await kari.say('participation'));
    const step = await press(kari, card, 'Record the step', { meetingDate: '2026-04-23', note: 'Sak 12/26' });
    expect(cardText(step.card)).toContain('Invited → Decision pending (Kari Nordmann) – "Sak 12/26"');
    expect(cardText(step.card)).not.toContain('«');
    await kari.say('språk bokmål');
    const [again] = cardsIn(await kari.say('deltakelse'));
    expect(cardText(again)).toContain('Invitert → Sak til behandling (Kari Nordmann) – «Sak 12/26»');
  });
});
