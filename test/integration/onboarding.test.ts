import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, textsIn } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => w.close());

describe('first contact, through the real HTTP endpoint', () => {
  it('welcomes a person on install, in their language, once per installation', async () => {
    const kari = w.client(PEOPLE.contact);
    const sent = await kari.install();
    const [welcome] = cardsIn(sent);
    expect(cardText(welcome)).toContain('Velkommen til KSF');
    expect(cardText(welcome)).toContain('Du er registrert som FOUi-kontakt i Krødsherad.');
    expect(buttons(welcome)).toEqual(['Bokmål', 'Nynorsk', 'English']);
    // The Playground sends installationUpdate + conversationUpdate on every load: no second welcome.
    const again = await kari.post(kari.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:ksf-bot' }] }));
    expect(again.status).toBe(200);
    expect(cardsIn(await kari.install())).toHaveLength(0);
    expect((await w.bot.deps.store.conversations.personalOf('aad-kari'))?.reference.serviceUrl).toBe(w.connector.url);
  });

  it('speaks nynorsk to a person from a nynorsk municipality without being asked', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const [welcome] = cardsIn(await sigrid.install());
    expect(cardText(welcome)).toContain('Velkomen til KSF');
    expect(cardText(welcome)).toContain('Du er registrert som tilsett i Seljord.');
  });

  it('forgets the conversation reference on uninstall, and welcomes again on reinstall', async () => {
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    await kari.uninstall();
    expect(await w.bot.deps.store.conversations.ofPerson('aad-kari')).toEqual([]);
    expect(cardsIn(await kari.install())).toHaveLength(1);
  });

  it('asks an unknown person for their municipality, preselected from the tenant, and registers them', async () => {
    const nora = w.client({ ...PEOPLE.stranger, email: 'nora@elsewhere.example.no' });
    const sent = await nora.say('hei');
    expect(textsIn(sent)).toContain('Før du kan bruke boten, må du velge hvilken kommune du jobber i.');
    const card = cardsIn(sent)[0];
    expect(cardText(card)).toContain('Hvilken kommune jobber du i?');
    const input = card.body.find((b: any) => b.type === 'Input.ChoiceSet');
    expect(input).toMatchObject({ id: 'municipality', label: 'Kommune', isRequired: true, value: '3318' });
    expect(input.choices).toHaveLength(41);
    expect(await w.bot.deps.store.people.get('aad-nora')).toBeUndefined();

    // a municipality the card does not offer: forged
    const bad = await forge(nora, 'onboarding.register', { municipality: '9999' });
    expect(cardText(bad.card)).toContain('Vi fant ikke kommunen du valgte');
    expect(await w.bot.deps.store.people.get('aad-nora')).toBeUndefined();

    const ok = await press(nora, card, 'Registrer meg', { Kommune: '4022' });
    expect(cardText(ok.card)).toContain('Takk, Nora Ny! Du er registrert som tilsett i Seljord.');
    expect(await w.bot.deps.store.people.get('aad-nora')).toMatchObject({ municipality: '4022', selfRegistered: true });
    const me = cardsIn(await nora.say('meg'))[0];
    expect(cardText(me)).toContain('Roller: Tilsett');
  });

  it('refuses a tenant that is not allowed, politely and once, and stores nothing', async () => {
    await w.close();
    w = await world({ KSF_ALLOWED_TENANTS: '11111111-2222-3333-4444-555555555555' });
    const kari = w.client(PEOPLE.contact);
    const sent = await kari.say('hjelp');
    expect(textsIn(sent)).toEqual([expect.stringContaining('bare tilgjengelig for kommuner som deltar i KSF')]);
    expect(cardsIn(sent)).toHaveLength(0);
    // the refused tenant got no card: a click from an old one
    const clicked = await forge(kari, 'language.set', { lang: 'nn' });
    expect(clicked.message).toContain('bare tilgjengelig');
    expect((await w.bot.deps.store.stats()).counts).toEqual({});
  });
});

describe('help, me and language', () => {
  it('shows different buttons to an employee and a coordinator', async () => {
    const employee = cardsIn(await w.client(PEOPLE.employeeNynorsk).say('hjelp'))[0];
    const coordinator = cardsIn(await w.client(PEOPLE.coordinator).say('help'))[0];
    expect(buttons(employee)).toEqual(['Meld inn kunnskapsbehov', 'Mine behov', 'Opne utlysingar', 'Om meg', 'Byt språk', 'Mine data']);
    // the most used first: hosts show about five actions before the overflow
    expect(buttons(coordinator)).toEqual([
      'Klyngens behov',
      'Ny utlysning',
      'Utlysninger og svar',
      'Klyngeoversikt',
      'Prioriteringsliste',
      'Meld inn kunnskapsbehov',
      'Mine behov',
      'Eksporter behov (CSV)',
      'Om meg',
      'Bytt språk',
      'Mine data',
    ]);
    const contact = cardsIn(await w.client(PEOPLE.contact).say('hjelp'))[0];
    expect(buttons(contact)).toEqual([
      'Kommunens behov',
      'Åpne utlysninger',
      'Deltakelse i klyngen',
      'Meld inn kunnskapsbehov',
      'Prioriteringsliste',
      'Mine behov',
      'Om meg',
      'Bytt språk',
      'Mine data',
    ]);
    expect(cardText(coordinator)).toContain('som koordinator.');
    // A menu button sends its data (no text), as Teams and the Playground do for Action.Submit.
    const cluster = coordinator.body.flatMap((b: any) => b.actions ?? []).find((a: any) => a.title === 'Klyngeoversikt');
    expect(cluster.data).toEqual({ ksfCommand: 'klynge' });
    const ingrid = w.client(PEOPLE.coordinator);
    const before = (await w.connector.activities()).length;
    await ingrid.post(ingrid.activity({ type: 'message', text: '', value: cluster.data }));
    const sent = (await w.connector.activities()).slice(before);
    expect(cardText(cardsIn(sent)[0])).toContain('Klyngeoversikt: Kongsbergregionen, Midt- og Vest-Telemark');
  });

  it('tells a person who the bot thinks they are', async () => {
    const me = cardsIn(await w.client(PEOPLE.coordinator).say('meg'))[0];
    const text = cardText(me);
    expect(text).toContain('Navn: Ingrid Haugen');
    expect(text).toContain('Kommune: Notodden');
    expect(text).toContain('Roller: Koordinator, Ansatt');
    expect(text).toContain('Koordinerer: Kongsbergregionen, Midt- og Vest-Telemark');
    expect(text).toContain('Språk: Bokmål');
  });

  it('switches language by command and by button, and keeps the choice across a restart', async () => {
    const kari = w.client(PEOPLE.contact);
    expect(textsIn(await kari.say('språk nynorsk'))).toEqual(['No snakkar boten nynorsk med deg.']);
    expect(cardText(cardsIn(await kari.say('hjelp'))[0])).toContain('Kva vil du gjere?');
    const clicked = await press(kari, cardsIn(await kari.say('språk'))[0], 'English');
    expect(cardText(clicked.card)).toContain('The bot now speaks English with you.');
    await w.restart();
    expect(cardText(cardsIn(await kari.say('me'))[0])).toContain('Language: English');
    expect(textsIn(await kari.say('språk klingon'))).toEqual([expect.stringContaining('I do not know that language')]);
  });

  it('answers a forged language payload with words and changes nothing', async () => {
    const kari = w.client(PEOPLE.contact);
    await kari.say('meg');
    const r = await forge(kari, 'language.set', { lang: 'de' });
    expect(r.message).toContain('ble ikke forstått');
    expect((await w.bot.deps.store.people.get('aad-kari'))?.language).toBeUndefined();
  });

  it('lets only a coordinator see the cluster overview', async () => {
    const cluster = cardsIn(await w.client(PEOPLE.coordinator).say('klynge'))[0];
    expect(cardText(cluster)).toContain('Kongsbergregionen, Midt- og Vest-Telemark');
    expect(cardText(cluster)).toContain('Invitert: ████████████ 17');
    expect(cardText(cluster)).toContain('Krødsherad\nInvitert');
    const refused = await w.client(PEOPLE.contact).say('klynge');
    expect(textsIn(refused)).toEqual(['Du er ikke koordinator for noen klynge eller region.']);
  });

  it('points to the menu when it does not understand', async () => {
    expect(textsIn(await w.client(PEOPLE.contact).say('blåbærsyltetøy'))).toEqual(['Det forstod jeg ikke. Skriv «hjelp» for å se hva du kan gjøre.']);
  });
});

describe('my data', () => {
  it('says a language was never chosen, and which one the person gets instead', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await sigrid.install();
    // Seljord writes nynorsk: Sigrid is answered in nynorsk without having chosen it
    expect(cardText(cardsIn(await sigrid.say('mine data'))[0])).toContain('Språk: Ikkje valt (du får Nynorsk)');
    await sigrid.say('språk bokmål');
    expect(cardText(cardsIn(await sigrid.say('mine data'))[0])).toContain('Språk: Bokmål');
  });

  it('shows everything stored, and deletes it only after confirmation', async () => {
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    const data = cardsIn(await kari.say('mine data'))[0];
    expect(cardText(data)).toContain('E-post: kari.nordmann@krodsherad.example.no');
    expect(cardText(data)).toContain('Personlig chat, lagret');
    await press(kari, cardsIn(await kari.say('nytt behov'))[0], 'Send inn', {
      title: 'Ensomhet',
      description: 'Besøksvenn',
      serviceArea: 'home-care',
      urgency: 'longer-term',
      theme: 'helse-omsorg',
    });
    expect(cardText(cardsIn(await kari.say('mine data'))[0])).toContain('KB-2026-0001 Ensomhet (Mottatt)');
    const ask = cardsIn(await kari.say('slett mine data'))[0];
    expect(buttons(ask)).toEqual(['Ja, slett', 'Avbryt']);
    expect(await w.bot.deps.store.people.get('aad-kari')).toBeDefined();

    const cancelled = await press(kari, ask, 'Avbryt');
    expect(cardText(cancelled.card)).toContain('Ingenting ble slettet.');
    expect(await w.bot.deps.store.people.get('aad-kari')).toBeDefined();

    const done = await press(kari, ask, 'Ja, slett');
    expect(cardText(done.card)).toContain('Dataene dine er slettet.');
    expect(await w.bot.deps.store.people.get('aad-kari')).toBeUndefined();
    expect(await w.bot.deps.store.conversations.ofPerson('aad-kari')).toEqual([]);
    await w.restart();
    expect(await w.bot.deps.store.people.get('aad-kari')).toBeUndefined();
  });
});
