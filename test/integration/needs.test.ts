import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, type TeamsClient } from '../support/teams-client.js';
import { forge, press, within } from '../support/press.js';
import { fixedClock } from '../support/clocks.js';

let w: World;
const clock = fixedClock('2026-11-30T09:00:00Z');
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({}, clock);
});
afterEach(async () => w.close());

const falls = {
  title: 'Fallforebygging i hjemmetjenesten',
  description: 'Hvilke tiltak reduserer fall blant eldre som bor hjemme og mottar hjemmesykepleie?',
  population: 'Hjemmeboende eldre over 75 år med hjemmesykepleie',
  intervention: 'Styrke- og balansetrening hjemme',
  comparison: 'Vanlig oppfølging',
  outcome: 'Færre fall og innleggelser',
  serviceArea: 'home-care',
  decision: 'Om vi skal innføre fast treningsopplegg i hjemmetjenesten',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
};

/** The person types `nytt behov`, fills in the form and presses «Send inn». */
async function register(client: TeamsClient, fields: Record<string, string> = falls) {
  const [form] = cardsIn(await client.say('nytt behov'));
  const r = await press(client, form, 'Send inn', fields);
  expect(r.status).toBe(200);
  return r;
}

/** The person lists the needs they see (`behov`, or `mine behov`) and presses «Åpne <ref>» (nynorsk «Opne»). */
async function openNeed(client: TeamsClient, ref: string, command = 'behov') {
  const [list] = cardsIn(await client.say(command));
  return press(client, list, new RegExp(`^(Åpne|Opne) ${ref}$`));
}

describe('registering a knowledge need', () => {
  it('shows the form with the privacy warning and labelled, required inputs', async () => {
    const [form] = cardsIn(await w.client(PEOPLE.employeeNynorsk).say('nytt behov'));
    const text = cardText(form);
    expect(text).toContain('Meld inn eit kunnskapsbehov');
    expect(text).toContain('Behovet blir registrert for Seljord');
    expect(text).toContain('Ikkje skriv pasientopplysningar');
    const inputs = form.body.filter((b: any) => b.type?.startsWith('Input.'));
    expect(inputs.map((i: any) => i.id)).toEqual([
      'title',
      'description',
      'population',
      'intervention',
      'comparison',
      'outcome',
      'serviceArea',
      'decision',
      'urgency',
      'theme',
    ]);
    expect(inputs.filter((i: any) => i.isRequired).map((i: any) => i.id)).toEqual(['title', 'description', 'serviceArea', 'urgency', 'theme']);
    expect(inputs.find((i: any) => i.id === 'theme').value).toBe('helse-omsorg');
  });

  it('gives a receipt with a reference, the status and the contact person, and tells the contact person', async () => {
    const astrid = w.client(PEOPLE.contactSeljord);
    await astrid.install();
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const r = await register(sigrid);
    const text = cardText(r.card);
    expect(text).toContain('Takk! Behovet er registrert som KB-2026-0001.');
    expect(text).toContain('Status: Motteke');
    expect(text).toContain('FOUi-kontakt: Astrid Lie');
    const [need] = await w.bot.deps.store.needs.all();
    expect(need).toMatchObject({ ref: 'KB-2026-0001', municipality: '4022', authorId: 'aad-sigrid', status: 'received', title: falls.title });

    await w.settle();
    const notices = cardsIn(await w.inbox(PEOPLE.contactSeljord));
    const notice = notices.find((c) => cardText(c).includes('Nytt kunnskapsbehov frå Seljord'));
    expect(cardText(notice)).toContain('KB-2026-0001 «Fallforebygging i hjemmetjenesten» er meldt inn');
    expect(buttons(notice)).toEqual(['Opne']);

    const second = await register(sigrid, { ...falls, title: 'Noko anna' });
    expect(cardText(second.card)).toContain('KB-2026-0002');
  });

  it('refuses a fødselsnummer, says which field, keeps the input and stores nothing', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const r = await register(sigrid, { ...falls, description: 'Gjeld pasient 010107 50160 som fall ofte.' });
    const text = cardText(r.card);
    expect(text).toContain('Beskriving: ser ut til å innehalde eit fødselsnummer');
    const title = r.card!.body.find((b: any) => b.id === 'title');
    expect(title.value).toBe(falls.title);
    expect(await w.bot.deps.store.needs.count()).toBe(0);
    expect((await w.bot.deps.store.stats()).counts.counters ?? 0).toBe(0);
  });

  it('names every problem in words: missing, too long, unknown choice; nothing is stored', async () => {
    // what Teams itself would not send (a required field empty, too long, an unknown choice): forged
    const r = await forge(w.client(PEOPLE.contact), 'need.submit', {
      needId: '',
      ...falls,
      title: '',
      description: 'x'.repeat(2001),
      serviceArea: 'space-travel',
    });
    const text = cardText(r.card);
    expect(text).toContain('Tittel: må fylles ut.');
    expect(text).toContain('Beskrivelse: kan være høyst 2000 tegn.');
    expect(text).toContain('Tjenesteområde: velg et av alternativene i listen.');
    expect(await w.bot.deps.store.needs.count()).toBe(0);
  });

  it('answers a payload that did not come from our card with words, and changes nothing', async () => {
    const kari = w.client(PEOPLE.contact);
    for (const data of [{ needId: 42 }, { needId: 'not-a-uuid', title: 'x' }]) {
      const r = await forge(kari, 'need.submit', data as never);
      expect(r.message).toContain('Kortet du sendte inn, ble ikke forstått');
    }
    const huge = await forge(kari, 'need.submit', { ...falls, title: 'y'.repeat(100_000) });
    expect(cardText(huge.card)).toContain('Tittel: kan være høyst 120 tegn.');
    expect(await w.bot.deps.store.needs.count()).toBe(0);
  });
});

describe('qualifying and prioritising', () => {
  it('runs the whole path: contact assesses, coordinator prioritises, the author hears of each step', async () => {
    const kari = w.client(PEOPLE.contact); // contact person, Krødsherad
    const ingrid = w.client(PEOPLE.coordinator); // coordinator, Notodden cluster
    const nora = w.client(PEOPLE.stranger); // employee in Krødsherad
    const [question] = cardsIn(await nora.say('hei'));
    await press(nora, question, 'Registrer meg', { municipality: '3318' });
    await nora.install();
    const id = (await register(nora)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;

    // The contact person must write a note to assess.
    const seen = await openNeed(kari, 'KB-2026-0001');
    const noNote = await press(kari, seen.card, 'Merk som vurdert');
    expect(cardText(noNote.card)).toContain('Skriv en merknad: den kreves for «Merk som vurdert».');
    const assessed = await press(kari, noNote.card, 'Merk som vurdert', { note: 'Relevant for hele klyngen' });
    expect(cardText(assessed.card)).toContain('har nå status «Vurdert»');

    const prioritised = await press(ingrid, (await openNeed(ingrid, 'KB-2026-0001')).card, 'Prioriter');
    expect(cardText(prioritised.card)).toContain('har nå status «Prioritert»');
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([`need:${id}`]);

    await w.settle();
    const told = cardsIn(await w.inbox(PEOPLE.stranger))
      .map(cardText)
      .filter((t) => t.includes('har fått ny status'));
    expect(told).toHaveLength(2);
    expect(told[0]).toContain('«Fallforebygging i hjemmetjenesten» har nå status «Vurdert».');
    expect(told[0]).toContain('Merknad: Relevant for hele klyngen');
    expect(told[1]).toContain('har nå status «Prioritert»');

    const history = (await w.bot.deps.store.needs.history(id)).map((h) => [h.kind, h.to, h.byName]);
    expect(history).toEqual([
      ['created', 'received', 'Nora Ny'],
      ['status', 'assessed', 'Kari Nordmann'],
      ['status', 'prioritised', 'Ingrid Haugen'],
    ]);
  });

  it('refuses a forged coordinator payload from a non-coordinator, and from a coordinator of another cluster', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const id = (await register(sigrid)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const before = (await w.bot.deps.store.stats()).commits;
    for (const forger of [PEOPLE.contact, PEOPLE.otherCoordinator, PEOPLE.employeeNynorsk]) {
      const r = await forge(w.client(forger), 'need.transition', { needId: id, to: 'prioritised' });
      expect(r.card ? cardText(r.card) : r.message).toMatch(/kan ikke gjøre dette|kan ikkje gjere dette|Fant ikke behovet|Fann ikkje behovet/);
    }
    const notSeen = await forge(w.client(PEOPLE.otherCoordinator), 'need.open', { needId: id });
    expect(notSeen.message).toBe('Fant ikke behovet. Det kan være slettet, eller du har ikke tilgang til det.');
    expect((await w.bot.deps.store.needs.get(id))!.status).toBe('received');
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([]);
    // only the forgers' own person records may have been written (first contact), no need change
    expect(await w.bot.deps.store.needs.history(id)).toHaveLength(1);
    expect((await w.bot.deps.store.stats()).commits - before).toBeLessThanOrEqual(6);
  });

  it('requires a reason to decline', async () => {
    await register(w.client(PEOPLE.employeeNynorsk));
    const ingrid = w.client(PEOPLE.coordinator);
    const noNote = await press(ingrid, (await openNeed(ingrid, 'KB-2026-0001')).card, 'Avslå');
    expect(cardText(noNote.card)).toContain('Skriv en merknad: den kreves for «Avslå»');
    expect(cardText((await press(ingrid, noNote.card, 'Avslå', { note: 'Dekkes av nasjonalt prosjekt' })).card)).toContain('«Avslått»');
  });

  it('lets the author edit and withdraw (after confirming) only while the need is received', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const receipt = await register(sigrid);
    const id = receipt.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const form = await press(sigrid, receipt.card, 'Endre');
    expect(form.card!.body.find((b: any) => b.id === 'title').value).toBe(falls.title);
    const saved = await press(sigrid, form.card, 'Lagre endringar', { title: 'Fall hos heimebuande' });
    expect(cardText(saved.card)).toContain('Endringane er lagra.');
    expect((await w.bot.deps.store.needs.get(id))!.title).toBe('Fall hos heimebuande');

    const ask = await press(sigrid, saved.card, 'Trekk behovet');
    expect(buttons(ask.card)).toEqual(['Ja, trekk behovet', 'Nei, behald det']);
    expect((await w.bot.deps.store.needs.get(id))!.status).toBe('received');
    const done = await press(sigrid, ask.card, 'Ja, trekk behovet');
    expect(cardText(done.card)).toContain('«Trekt»');
    // the edit form still open in the chat, sent after the need was withdrawn
    const late = await press(sigrid, form.card, 'Lagre endringar');
    expect(late.message).toContain('kan ikkje endrast lenger');
  });
});

describe('similar needs, linking and the priority list', () => {
  it('shows the twin from another municipality on registration, and links them into one prioritised group', async () => {
    const kari = w.client(PEOPLE.contact);
    const first = await register(kari);
    const firstId = first.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const other = await register(w.client(PEOPLE.employeeNynorsk), {
      ...falls,
      title: 'Førebygging av fall hos eldre heimebuande',
      description: 'Kva tiltak hjelper mot fallulykker hos eldre som bur heime og får heimesjukepleie?',
      population: '',
      intervention: '',
      comparison: '',
      outcome: '',
      decision: '',
    });
    expect(cardText(other.card)).toContain('Liknande behov i andre kommunar');
    expect(cardText(other.card)).toContain('KB-2026-0001 Fallforebygging i hjemmetjenesten (Krødsherad)');
    const otherId = other.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;

    const ingrid = w.client(PEOPLE.coordinator);
    const view = await openNeed(ingrid, 'KB-2026-0002');
    expect(buttons(view.card)).toContain('Koble med KB-2026-0001');
    const linked = await press(ingrid, view.card, 'Koble med KB-2026-0001');
    expect(cardText(linked.card)).toContain('Gruppen deles av: Seljord, Krødsherad');

    await press(ingrid, linked.card, 'Prioriter', { note: 'Samme spørsmål i to kommuner' });
    expect((await w.bot.deps.store.needs.get(firstId))!.status).toBe('prioritised');
    expect((await w.bot.deps.store.needs.get(otherId))!.status).toBe('prioritised');
    const group = (await w.bot.deps.store.needs.get(firstId))!.groupId;
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([`group:${group}`]);

    await w.settle(); // the notices of the prioritising reach Kari first, not in the middle of her next turn
    const list = cardsIn(await kari.say('prioritering'))[0];
    expect(cardText(list)).toContain('1. Fallforebygging i hjemmetjenesten');
    expect(cardText(list)).toContain('Listen vedlikeholdes av koordinatoren.');
    expect(buttons(list)).toEqual([]);
  });

  it('lets the coordinator reorder the priority list, and no one else', async () => {
    const ids: string[] = [];
    for (const title of ['Ensomhet hos eldre', 'Rekruttering av sykepleiere', 'Ernæring på sykehjem']) {
      const r = await register(w.client(PEOPLE.contact), { ...falls, title, description: title });
      ids.push(r.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId);
    }
    const ingrid = w.client(PEOPLE.coordinator);
    for (const ref of ['KB-2026-0001', 'KB-2026-0002', 'KB-2026-0003'])
      await press(ingrid, (await openNeed(ingrid, ref)).card, 'Prioriter', { note: 'Haster' });
    const [list] = cardsIn(await ingrid.say('prioritering'));
    const moved = await press(ingrid, within(list, 'Ernæring på sykehjem'), 'Flytt opp');
    expect(cardText(moved.card)).toMatch(/1\. Ensomhet hos eldre[\s\S]*2\. Ernæring på sykehjem[\s\S]*3\. Rekruttering/);
    const ranked = await press(ingrid, within(moved.card, 'Rekruttering av sykepleiere'), 'Sett plass', { 'Ny plass for «Rekruttering av sykepleiere»': '1' });
    expect(cardText(ranked.card)).toMatch(/1\. Rekruttering[\s\S]*2\. Ensomhet/);
    const forged = await forge(w.client(PEOPLE.otherCoordinator), 'priority.move', { cluster: 'notodden', entry: `need:${ids[0]}`, direction: 'up' });
    expect(forged.message).toBe('Du har ikke tilgang til dette.');
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([`need:${ids[1]}`, `need:${ids[0]}`, `need:${ids[2]}`]);
  });
});

describe('following my needs', () => {
  it('lists my needs newest first and opens one with its history', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await register(sigrid, { ...falls, title: 'Første' });
    clock.t += 60_000;
    await register(sigrid, { ...falls, title: 'Andre' });
    const [list] = cardsIn(await sigrid.say('mine behov'));
    const text = cardText(list);
    expect(text.indexOf('Andre')).toBeLessThan(text.indexOf('Første'));
    expect(text).toContain('KB-2026-0002 · Motteke');
    const open = await press(sigrid, list, 'Opne KB-2026-0001');
    expect(cardText(open.card)).toContain('meldt inn av Sigrid Bakken');
  });

  it('filters the cluster list for the coordinator', async () => {
    await register(w.client(PEOPLE.contact));
    await register(w.client(PEOPLE.employeeNynorsk), { ...falls, title: 'Seljord-behov' });
    const ingrid = w.client(PEOPLE.coordinator);
    const [all] = cardsIn(await ingrid.say('behov'));
    expect(cardText(all)).toContain('Viser 2 av 2');
    const filtered = await press(ingrid, all, 'Vis', { Kommune: '4022' });
    expect(cardText(filtered.card)).toContain('Viser 1 av 1');
    expect(cardText(filtered.card)).toContain('Seljord-behov');
    const forged = await forge(w.client(PEOPLE.employeeNynorsk), 'need.filter', { scope: 'cluster' });
    expect(forged.message).toBe('Du har ikkje tilgang til dette.');
  });

  it('keeps a need after its author deletes their data, without the name', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const id = (await register(sigrid)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const [ask] = cardsIn(await sigrid.say('slett mine data'));
    await press(sigrid, ask, 'Ja, slett');
    const need = (await w.bot.deps.store.needs.get(id))!;
    expect(need).toMatchObject({ authorId: null, authorName: '', status: 'received' });
    expect((await w.bot.deps.store.needs.history(id))[0]).toMatchObject({ by: null, byName: '' });
    const seen = await openNeed(w.client(PEOPLE.contactSeljord), 'KB-2026-0001');
    expect(cardText(seen.card)).toContain('Meldt inn av: (sletta brukar)');
  });
});

describe('export', () => {
  it('gives the coordinator a single-use CSV link that Excel opens with æøå', async () => {
    await register(w.client(PEOPLE.contact), { ...falls, title: 'Ærlig talt; «sitat» og øl' });
    const [card] = cardsIn(await w.client(PEOPLE.coordinator).say('eksporter behov'));
    expect(cardText(card)).toContain('CSV-filen for Kongsbergregionen, Midt- og Vest-Telemark (1 behov) er klar');
    const url: string = card.actions.find((a: any) => a.type === 'Action.OpenUrl').url;
    const path = new URL(url).pathname;
    const res = await fetch(`${w.bot.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const [header, row] = text.split('\r\n');
    expect(header.startsWith('Referanse;Tittel;Kommunenummer;Kommune;Status')).toBe(true);
    expect(row).toContain('KB-2026-0001;"Ærlig talt; «sitat» og øl";3318;Krødsherad;Mottatt');
    // local time (Oslo, clock at 09:00 UTC) and the history in words, not internal codes
    expect(row).toContain('2026-11-30 10:00: meldt inn av Kari Nordmann');
    expect(row).not.toContain('→received');

    const tampered = await fetch(`${w.bot.url}${path.slice(0, -3)}abc`);
    expect(tampered.status).toBe(404);
    const again = await fetch(`${w.bot.url}${path}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Denne lenken er allerede brukt.');
  });

  it('gives no export to a contact person', async () => {
    const [text] = (await w.client(PEOPLE.contact).say('eksporter behov')).map((r) => r.activity.text);
    expect(text).toBe('Du er ikke koordinator for noen klynge.');
  });
});
