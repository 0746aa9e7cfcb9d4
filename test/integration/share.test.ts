import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { fixedClock } from '../support/clocks.js';
import { needForm } from '../support/need-form.js';

// Needs shared from any chat: the message extension's search, the card it inserts, and link unfurling.

let w: World;
const clock = fixedClock('2026-11-30T09:00:00Z');
const PUBLIC = 'https://ksf-bot.example.no';
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({ KSF_PUBLIC_URL: PUBLIC }, clock);
});
afterEach(async () => w.close());

const GROUP = { id: '19:prosjektgruppe@thread.v2', conversationType: 'groupChat' } as const;
const form = (title: string, description: string) => {
  const { needId: _new, ...fields } = needForm(title, description);
  return fields;
};
const FALLS = form('Fallforebygging i hjemmetjenesten', 'Hemmelig beskrivelse: hvilke tiltak reduserer fall blant eldre som bor hjemme?');
const WELFARE = form('Velferdsteknologi i heimetenesta', 'Korleis kan digitalt tilsyn brukast om natta?');

/** The person registers a need through the form and gets its reference back. */
async function register(client: TeamsClient, form: Record<string, string>): Promise<string> {
  const [card] = cardsIn(await client.say('nytt behov'));
  expect((await press(client, card, /^(Send inn)$/, form)).status).toBe(200);
  const need = (await w.bot.deps.store.needs.all()).find((n) => n.title === form.title);
  return need!.ref;
}

/** The titles of a search's result previews, or the words shown instead. */
const titles = (result: any): string[] | string =>
  result?.type === 'message' ? result.text : (result?.attachments ?? []).map((a: any) => a.preview.content.title);

describe('finding a need from the compose box', () => {
  it('finds a need by its reference, and by a word in another inflection', async () => {
    const kari = w.client(PEOPLE.contact);
    const ref = await register(kari, FALLS);
    expect(ref).toMatch(/^KB-2026-\d{4}$/);

    const byRef = await kari.search(ref);
    expect(byRef.status).toBe(200);
    expect(titles(byRef.result)).toEqual(['Fallforebygging i hjemmetjenesten']);
    const [preview] = byRef.result.attachments;
    expect(preview.preview.content.subtitle).toBe('Krødsherad · Mottatt');
    expect(preview.preview.content.text).toBe(ref);
    expect(titles((await kari.search(ref.toLowerCase().replace(/-0+/, '-'))).result)).toEqual(['Fallforebygging i hjemmetjenesten']);

    // "hjemmetjenestene" (plural definite) meets "hjemmetjenesten" through the Norwegian stemming
    expect(titles((await kari.search('hjemmetjenestene')).result)).toEqual(['Fallforebygging i hjemmetjenesten']);
    expect(titles((await kari.search('sykehjem')).result)).toBe('Fant ingen kunnskapsbehov du har tilgang til som passer «sykehjem».');
  });

  it("shows an employee their own needs only, a contact their municipality's, a coordinator their clusters'", async () => {
    const kari = w.client(PEOPLE.contact);
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await register(kari, FALLS);
    const welfareRef = await register(sigrid, WELFARE);

    // Sigrid (an employee in Seljord) finds her own need, not Krødsherad's; in nynorsk
    expect(titles((await sigrid.search('fallforebygging')).result)).toBe('Fann ingen kunnskapsbehov du har tilgang til som passar «fallforebygging».');
    expect(titles((await sigrid.search('heimetenester')).result)).toEqual(['Velferdsteknologi i heimetenesta']);
    // Kari (contact in Krødsherad) does not see Seljord's need
    expect(titles((await kari.search(welfareRef)).result)).toBe(`Fant ingen kunnskapsbehov du har tilgang til som passer «${welfareRef}».`);
    // Ingrid coordinates the cluster both belong to: she finds both, "hjemmetjeneste" meeting "heimetenesta" too
    const ingrid = w.client(PEOPLE.coordinator);
    expect(titles((await ingrid.search('hjemmetjeneste')).result)).toEqual(
      expect.arrayContaining(['Fallforebygging i hjemmetjenesten', 'Velferdsteknologi i heimetenesta']),
    );
    expect(titles((await ingrid.search(welfareRef)).result)).toEqual(['Velferdsteknologi i heimetenesta']);
    // Jon coordinates Grenland: neither is his to see
    expect(titles((await w.client(PEOPLE.otherCoordinator).search('hjemmetjeneste')).result)).toBe(
      'Fant ingen kunnskapsbehov du har tilgang til som passer «hjemmetjeneste».',
    );
  });

  it('tells someone the bot does not know yet to open the bot first, in their language', async () => {
    const nora = w.client({ ...PEOPLE.stranger, locale: 'nn-NO' });
    const r = await nora.search('fall');
    expect(r.status).toBe(200);
    expect(r.result).toEqual({ type: 'message', text: expect.stringContaining('Opne KSF-boten i Teams') });
  });

  it('answers malformed invokes in words, not with a server error', async () => {
    const kari = w.client(PEOPLE.contact);
    const invalid = 'Søket ble ikke forstått. Skriv et referansenummer (for eksempel KB-2026-0042) eller noen ord fra tittelen.';
    for (const value of [
      { commandId: 42, parameters: [] },
      { commandId: 'searchNeeds', parameters: 'fall' },
      { commandId: 'searchNeeds', parameters: [{ name: 'query', value: 'fall' }], queryOptions: { count: -1 } },
      { commandId: 'somethingElse', parameters: [{ name: 'query', value: 'fall' }] },
    ]) {
      const r = await kari.messageExtension('composeExtension/query', value);
      expect(r.status, JSON.stringify(value)).toBe(200);
      expect(r.result, JSON.stringify(value)).toEqual({ type: 'message', text: invalid });
    }
    for (const value of [{ needId: 'not-a-uuid' }, {}, { needId: { $ne: null } }]) {
      const r = await kari.messageExtension('composeExtension/selectItem', value);
      expect(r.status).toBe(200);
      expect(r.result).toEqual({ type: 'message', text: invalid });
    }
    const link = await kari.messageExtension('composeExtension/queryLink', { url: 42 });
    expect(link.status).toBe(200);
    expect(link.result).toEqual({ type: 'result', attachmentLayout: 'list', attachments: [] });
    // 100 KB of search text is capped, not a slow or failed turn
    expect((await kari.search(' '.repeat(50_000) + 'fall' + ' '.repeat(50_000))).status).toBe(200);
  });
});

describe('the card a search inserts', () => {
  it('shows title, municipality, status and reference only, and opens the full need only for those allowed', async () => {
    const kari = w.client(PEOPLE.contact);
    const ref = await register(kari, FALLS);
    const found = await kari.search('fall');
    const picked = await kari.pick(found.result.attachments[0]);
    expect(picked.status).toBe(200);
    const [inserted] = picked.result.attachments;
    expect(inserted.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = inserted.content;
    const text = cardText(card);
    for (const shown of ['Fallforebygging i hjemmetjenesten', 'Krødsherad', 'Mottatt', ref]) expect(text).toContain(shown);
    expect(text).not.toContain('Hemmelig');
    expect(text).not.toContain('Kari');
    expect(card.refresh).toBeUndefined();
    expect(buttons(card)).toEqual(['Åpne behovet']);

    // in the group chat, Jon (not allowed) presses the button: "not found", and the message stays as it was
    const before = (await w.connector.activities()).length;
    const jon = await press(w.client(PEOPLE.otherCoordinator).in(GROUP), card, 'Åpne behovet');
    expect(jon.message).toBe('Fant ikke behovet. Det kan være slettet, eller du har ikke tilgang til det.');
    // Ingrid (the cluster's coordinator) sees the whole need, as an answer to her alone: nothing is put in the chat
    const ingrid = await press(w.client(PEOPLE.coordinator).in(GROUP), card, 'Åpne behovet');
    expect(cardText(ingrid.card)).toContain('Hemmelig beskrivelse');
    expect((await w.connector.activities()).slice(before).filter((a) => a.conversationId === GROUP.id)).toEqual([]);
  });

  it('does not insert a need the person may not see', async () => {
    const kari = w.client(PEOPLE.contact);
    await register(kari, FALLS);
    const tap = (await kari.search('fall')).result.attachments[0];
    const r = await w.client(PEOPLE.employeeNynorsk).pick(tap);
    expect(r.result).toEqual({ type: 'message', text: 'Fann ikkje behovet. Det kan vere sletta, eller du har ikkje tilgang til det.' });
  });
});

describe("unfurling the bot's own links to a need", () => {
  it('shows the same card to those allowed, and nothing to others or for other links', async () => {
    const kari = w.client(PEOPLE.contact);
    const ref = await register(kari, FALLS);
    const link = `${PUBLIC}/behov/${ref}`;
    const allowed = await w.client(PEOPLE.coordinator).in(GROUP).unfurl(link);
    expect(allowed.status).toBe(200);
    const [att] = allowed.result.attachments;
    expect(cardText(att.content)).toContain('Fallforebygging i hjemmetjenesten');
    expect(cardText(att.content)).not.toContain('Hemmelig');
    expect(att.preview.content.title).toBe('Fallforebygging i hjemmetjenesten');

    const empty = { type: 'result', attachmentLayout: 'list', attachments: [] };
    expect((await w.client(PEOPLE.otherCoordinator).in(GROUP).unfurl(link)).result).toEqual(empty);
    expect((await w.client(PEOPLE.stranger).unfurl(link)).result).toEqual(empty);
    expect((await kari.unfurl(`https://elsewhere.example.no/behov/${ref}`)).result).toEqual(empty);
    expect((await kari.unfurl(`${PUBLIC}/behov/${ref}/rediger`)).result).toEqual(empty);
  });
});
