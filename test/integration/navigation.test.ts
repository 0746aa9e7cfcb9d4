import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { buttons, cardsIn, cardText, draftCall, previewCall, callIdOn, type TeamsClient } from '../support/teams-client.js';
import { forge, press } from '../support/press.js';
import { fixedClock } from '../support/clocks.js';
import { needForm } from '../support/need-form.js';

let w: World;
const clock = fixedClock('2026-11-30T09:00:00Z');
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({}, clock);
});
afterEach(async () => w.close());

const need = (title: string) => needForm(title, 'Hvilke tiltak virker?');

async function registerMany(client: TeamsClient, n: number, prefix: string) {
  for (let i = 1; i <= n; i++) {
    clock.t += 60_000;
    const [form] = cardsIn(await client.say('nytt behov'));
    const { needId: _ignored, ...typed } = need(`${prefix} ${i}`);
    expect((await press(client, form, 'Send inn', typed)).status).toBe(200);
  }
}

const choiceSet = (card: Record<string, any> | undefined, id: string) => {
  const found: any[] = [];
  JSON.stringify(card, (_k, v) => (v && v.type === 'Input.ChoiceSet' && v.id === id && found.push(v), v));
  return found[0];
};

describe('the needs list keeps its place', () => {
  it('filter by status, page 2, open a need, Tilbake: the same filter and page', async () => {
    const kari = w.client(PEOPLE.contact);
    await registerMany(kari, 13, 'Krødsherad-behov');
    // one is assessed, so the status filter leaves 12 of 13
    const first = (await w.bot.deps.store.needs.all()).find((n) => n.title === 'Krødsherad-behov 1')!;
    const [mine] = cardsIn(await kari.say('mine behov'));
    const firstCard = await press(kari, (await press(kari, mine, 'Neste side')).card, `Åpne ${first.ref}`);
    await press(kari, firstCard.card, 'Merk som vurdert', { note: 'Relevant' });

    const ingrid = w.client(PEOPLE.coordinator);
    const [list] = cardsIn(await ingrid.say('behov'));
    expect(cardText(list)).toContain('Viser 1–10 av 13, nyeste først.');
    expect(choiceSet(list, 'status').value).toBe('all');

    const filtered = await press(ingrid, list, 'Vis', { status: 'received' });
    expect(cardText(filtered.card)).toContain('Viser 1–10 av 12, nyeste først.');
    expect(choiceSet(filtered.card, 'status').value).toBe('received');
    expect(buttons(filtered.card)).not.toContain('Forrige side');

    const page2 = await press(ingrid, filtered.card, 'Neste side');
    const page2Text = cardText(page2.card);
    expect(page2Text).toContain('Viser 11–12 av 12, nyeste først.');
    expect(page2Text).toContain('Krødsherad-behov 3');
    expect(page2Text).toContain('Krødsherad-behov 2');
    expect(page2Text).not.toContain('Krødsherad-behov 1\n');
    expect(buttons(page2.card)).toContain('Forrige side');
    expect(buttons(page2.card)).not.toContain('Neste side');

    const opened = await press(ingrid, page2.card, 'Åpne KB-2026-0002');
    expect(cardText(opened.card)).toContain('Krødsherad-behov 2');
    expect(buttons(opened.card)[0]).toBe('Tilbake til listen');
    // acting on the need keeps the way back
    // not assessed yet: prioritising it takes a reason
    const prioritised = await press(ingrid, opened.card, 'Prioriter', { note: 'Haster' });
    expect(cardText(prioritised.card)).toContain('har nå status «Prioritert»');

    const back = await press(ingrid, prioritised.card, 'Tilbake til listen');
    const backText = cardText(back.card);
    expect(choiceSet(back.card, 'status').value).toBe('received');
    expect(backText).toContain('Viser 11–11 av 11, nyeste først.'); // KB-2026-0002 is prioritised now
    expect(backText).toContain('Krødsherad-behov 3');
    expect(buttons(back.card)).toContain('Forrige side');
  });

  it('returns to exactly the list it came from', async () => {
    await registerMany(w.client(PEOPLE.employeeNynorsk), 12, 'Seljord-behov');
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const [list] = cardsIn(await sigrid.say('mine behov'));
    const page2 = await press(sigrid, list, 'Neste side');
    expect(cardText(page2.card)).toContain('Viser 11–12 av 12, nyaste først.');
    const opened = await press(sigrid, page2.card, 'Opne KB-2026-0001');
    const back = await press(sigrid, opened.card, 'Tilbake til lista');
    expect(back.card).toEqual(page2.card);
  });

  it('refuses a forged way back with words and shows nothing', async () => {
    await registerMany(w.client(PEOPLE.contact), 1, 'Behov');
    const id = (await w.bot.deps.store.needs.all())[0].id;
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    // forged: an employee's list has no cluster scope to filter by
    const forged = await forge(sigrid, 'need.filter', { scope: 'cluster', page: 1 });
    expect(forged.message).toBe('Du har ikkje tilgang til dette.');
    // forged: no list the bot sends holds a negative page or an unknown status
    const bad = await forge(w.client(PEOPLE.contact), 'need.open', { needId: id, back: { scope: 'cluster', page: -3, status: 'nonsense' } });
    expect(bad.message).toContain('Kortet du sendte inn, ble ikke forstått');
  });

  it('offers "Alle" as the default of every filter, in all three languages', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    let [languages] = cardsIn(await ingrid.say('språk'));
    for (const [lang, all] of [
      ['Bokmål', 'Alle'],
      ['Nynorsk', 'Alle'],
      ['English', 'All'],
    ] as const) {
      languages = (await press(ingrid, languages, lang)).card!;
      const [list] = cardsIn(await ingrid.say('behov'));
      for (const id of ['status', 'theme', 'serviceArea', 'municipality']) {
        const set = choiceSet(list, id);
        expect(set.choices[0], `${lang} ${id}`).toEqual({ title: all, value: 'all' });
        expect(set.value).toBe('all');
      }
    }
  });
});

describe('the cluster overview', () => {
  it('names what each button acts on, pages the municipalities and comes back to the same page', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const [overview] = cardsIn(await ingrid.say('klynge'));
    const titles = buttons(overview);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles.filter((t) => t.startsWith('Registrer steg for '))).toHaveLength(10);
    expect(cardText(overview)).toContain('Viser 1–10 av 17');
    expect(cardText(overview)).toContain('Invitert: ████████████ 17'); // the counts still cover all 17

    const page2 = await press(ingrid, overview, 'Neste side');
    expect(cardText(page2.card)).toContain('Viser 11–17 av 17');
    expect(new Set(buttons(page2.card)).size).toBe(buttons(page2.card).length);
    const tinn = await press(ingrid, page2.card, 'Registrer steg for Tinn');
    expect(cardText(tinn.card)).toContain('Deltakelse: Tinn i Kongsbergregionen, Midt- og Vest-Telemark');
    expect(buttons(tinn.card)[0]).toBe('Tilbake til klyngeoversikten');

    const recorded = await press(ingrid, tinn.card, 'Registrer steget', { meetingDate: '2026-12-10', note: 'Avtalt på telefon med Tinn' });
    expect(cardText(recorded.card)).toContain('Registrert: Tinn er nå «Sak til behandling».');
    const back = await press(ingrid, recorded.card, 'Tilbake til klyngeoversikten');
    const text = cardText(back.card);
    expect(text).toContain('Viser 11–17 av 17');
    expect(text).toMatch(/Tinn\nSak til behandling · /);
  });

  it('refuses a forged page with words', async () => {
    // forged: the overview's pager only sends page numbers
    const r = await forge(w.client(PEOPLE.coordinator), 'cluster.open', { pages: { notodden: 'x' } });
    expect(r.message).toContain('Kortet du sendte inn, ble ikke forstått');
  });
});

const callForm = (title: string) => ({
  callId: '',
  title,
  summary: 'USN søker kommuner.',
  body: '',
  sender: 'USN',
  link: '',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
});

describe('the calls list keeps its place', () => {
  it('a coordinator pages, opens a call, acts on it, and comes back to the same page', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    for (let i = 1; i <= 12; i++) {
      clock.t += 60_000;
      await draftCall(ingrid, callForm(`Utlysning ${i}`));
    }
    const [list] = cardsIn(await ingrid.say('utlysninger'));
    expect(cardText(list)).toContain('Viser 1–10 av 12');
    const page2 = await press(ingrid, list, 'Neste side');
    expect(cardText(page2.card)).toContain('Viser 11–12 av 12');
    const ref = (await w.bot.deps.store.calls.all()).find((c) => c.title === 'Utlysning 1')!.ref;
    const opened = await press(ingrid, page2.card, `Åpne ${ref}`);
    expect(cardText(opened.card)).toContain(`${ref} Utlysning 1`);
    expect(buttons(opened.card)[0]).toBe('Tilbake til utlysningene');
    const refreshed = await press(ingrid, opened.card, 'Oppdater');
    const back = await press(ingrid, refreshed.card, 'Tilbake til utlysningene');
    expect(back.card).toEqual(page2.card);
  });

  it('a contact person opens an open call from the list, answers, and comes back', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, callForm('Studie om velferdsteknologi'));
    const id = callIdOn(preview.card);
    await press(ingrid, preview.card, 'Send nå');
    await w.settle();
    const kari = w.client(PEOPLE.contact);
    const [list] = cardsIn(await kari.say('åpne utlysninger'));
    const ref = (await w.bot.deps.store.calls.get(id))!.ref;
    const opened = await press(kari, list, `Åpne ${ref}`);
    expect(buttons(opened.card)[0]).toBe('Tilbake til utlysningene');
    const answered = await press(kari, opened.card, 'Vi deltar', { comment: 'Gjerne' });
    expect(cardText(answered.card)).toContain('Vi deltar');
    const back = await press(kari, answered.card, 'Tilbake til utlysningene');
    expect(cardText(back.card)).toContain('Åpne utlysninger til deg');
    expect((await w.bot.deps.store.calls.answers(id)).map((a) => a.answer)).toEqual(['join']);
  });

  it('shows a coordinator’s list only to a coordinator', async () => {
    // forged: a contact person's menu has no coordinator's list
    const r = await forge(w.client(PEOPLE.contact), 'call.list', { list: 'managed', page: 1 });
    expect(r.message).toBe('Du har ikke tilgang til dette.');
  });
});

describe('the help menu', () => {
  it('puts "Ny utlysning" among a coordinator’s first five actions', async () => {
    const [menu] = cardsIn(await w.client(PEOPLE.coordinator).say('hjelp'));
    expect(buttons(menu).slice(0, 5)).toContain('Ny utlysning');
    expect(buttons(menu).slice(0, 5)).toContain('Klyngens behov');
    // no row holds more than the five actions a host shows before its overflow
    const rows = [menu.actions ?? [], ...menu.body.filter((b: any) => b.type === 'ActionSet').map((b: any) => b.actions)];
    expect(Math.max(...rows.map((r: unknown[]) => r.length))).toBeLessThanOrEqual(5);
    expect(rows[1].map((a: any) => a.title)).toEqual(buttons(menu).slice(0, 5));
    expect(cardText(menu)).toContain('Mer');
    const [contact] = cardsIn(await w.client(PEOPLE.contact).say('hjelp'));
    expect(buttons(contact).slice(0, 5)).toEqual(expect.arrayContaining(['Kommunens behov', 'Åpne utlysninger', 'Deltakelse i klyngen']));
  });
});
