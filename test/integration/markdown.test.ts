import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, draftCall } from '../support/teams-client.js';
import { liveMarkdown } from '../support/markdown.js';
import { fixedClock } from '../support/clocks.js';

let w: World;
const clock = fixedClock('2026-12-01T20:14:00Z');
beforeEach(async () => {
  clock.t = new Date('2026-12-01T20:14:00Z').getTime();
  w = await world({ KSF_QUIET_HOURS: 'off' }, clock);
});
afterEach(async () => w.close());

const RLO = '\u202E';
const ZWSP = '\u200B';
const hostile = {
  title: `[Logg inn her](https://evil.example/login) ![x](https://evil.example/p.png)`,
  description: `# Overskrift\n- punkt\n1. punkt\n> sitat\n**fet** _kursiv_ ~~borte~~ \`kode\` [x](javascript:alert(1)) <https://evil.example> &#x202E;\nfaktura${RLO}fdp.exe${ZWSP} slutt`,
};
const need = {
  needId: '',
  ...hostile,
  population: '+ liste',
  intervention: '',
  comparison: '',
  outcome: '',
  decision: '',
  serviceArea: 'home-care',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
};

/** What a card must not do with the hostile text: a live link or image, markdown structure, invisible characters. */
function expectLiteral(card: Record<string, any> | undefined) {
  expect(card).toBeDefined();
  expect(liveMarkdown(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(json).not.toContain('"type":"Image"');
  expect(json).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/);
  // and the person reads exactly what was typed (without the invisible characters)
  expect(cardText(card)).toContain(hostile.title);
}

describe('text people typed is shown literally to everyone', () => {
  it('a need with links, images, markdown and bidi tricks: the contact’s notice and the coordinator’s list and detail show it as typed', async () => {
    await w.client(PEOPLE.contactSeljord).install();
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const receipt = await sigrid.click('need.submit', need);
    expectLiteral(receipt.card);
    const [stored] = await w.bot.deps.store.needs.all();
    // invisible characters are stripped at input, before anything is stored
    expect(stored.description).not.toMatch(/[\u202E\u200B]/);
    expect(stored.description).toContain('fakturafdp.exe slutt');

    await w.settle();
    const notice = cardsIn(await w.inbox(PEOPLE.contactSeljord)).find((c) => cardText(c).includes('Nytt kunnskapsbehov'));
    expectLiteral(notice);

    const ingrid = w.client(PEOPLE.regionCoordinator);
    const [list] = cardsIn(await ingrid.say('behov'));
    expectLiteral(list);
    const detail = await ingrid.click('need.open', { needId: stored.id });
    expectLiteral(detail.card);
    const text = cardText(detail.card);
    expect(text).toContain('# Overskrift\n- punkt\n1. punkt\n> sitat');
    expect(text).toContain('**fet** _kursiv_ ~~borte~~ `kode` [x](javascript:alert(1)) <https://evil.example> &#x202E;');
    expect(text).toContain('+ liste');
  });

  it('dates at the start of a fact or a history line are not numbered lists', async () => {
    const kari = w.client(PEOPLE.contact);
    const r = await kari.click('need.submit', { ...need, title: 'Fall' });
    const registered = r.card!.body.flatMap((b: any) => (b.type === 'FactSet' ? b.facts : [])).find((f: any) => f.title === 'Registrert');
    expect(registered.value).toBe('1\\. des. 2026, 21:14');
    const history = r.card!.body.filter((b: any) => b.type === 'TextBlock' && String(b.text).startsWith('•'));
    // a bullet character, not a markdown list: the line does not start with the date
    expect(history.map((b: any) => b.text)).toEqual(['• 1. des. 2026, 21:14: meldt inn av Kari Nordmann']);
    expect(cardText(r.card)).toContain('Registrert: 1. des. 2026, 21:14');
  });

  it('a call’s text reaches every recipient literally', async () => {
    await w.client(PEOPLE.contact).install();
    const ingrid = w.client(PEOPLE.coordinator);
    const callId = await draftCall(ingrid, {
      callId: '',
      title: 'Velferdsteknologi',
      summary: hostile.title,
      body: hostile.description,
      sender: 'USN',
      link: 'https://www.usn.no/forskning',
      deadline: '2027-01-15',
      kind: 'participation',
      target: 'cluster:notodden',
      audience: 'contacts',
      municipalities: '',
    });
    await ingrid.click('call.send', { callId });
    await w.settle();
    const received = cardsIn(await w.inbox(PEOPLE.contact)).find((c) => JSON.stringify(c).includes('"verb":"call.answer"'));
    expectLiteral(received);
  });

  it('a call’s text keeps its lines in the preview and for the recipient (markdown would run them together)', async () => {
    await w.client(PEOPLE.contact).install();
    const ingrid = w.client(PEOPLE.coordinator);
    const form = {
      callId: '',
      title: 'Velferdsteknologi',
      summary: 'Vi søker kommuner.',
      body: 'Slik gjør vi det:\r\n1. Oppstartsmøte 15. jan.\n2. Målinger hjemme\n\nSti: C:\\data\\fall & <b>fet</b>',
      sender: 'USN & SINTEF',
      link: '',
      deadline: '2027-01-15',
      kind: 'participation',
      target: 'cluster:notodden',
      audience: 'contacts',
      municipalities: '',
    };
    const preview = await ingrid.click('call.preview', form);
    const lines = 'Slik gjør vi det:\n1. Oppstartsmøte 15. jan.\n2. Målinger hjemme\nSti: C:\\data\\fall & <b>fet</b>';
    expect(cardText(preview.card)).toContain(lines);
    expect(liveMarkdown(preview.card)).toEqual([]);
    await ingrid.click('call.send', { callId: (preview.card!.actions as any[]).find((a) => a.verb === 'call.send').data.callId });
    await w.settle();
    const received = cardsIn(await w.inbox(PEOPLE.contact)).find((c) => JSON.stringify(c).includes('"verb":"call.answer"'));
    expect(cardText(received)).toContain(lines);
    expect(cardText(received)).toContain('Fra USN & SINTEF');
    expect(liveMarkdown(received)).toEqual([]);
  });
});
