import pg from 'pg';
import { describe, it, expect, afterEach } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_STORE, world, PEOPLE, type World } from '../support/harness.js';
import { buttons, cardsIn, cardText, previewCall, callIdOn, type TeamsClient } from '../support/teams-client.js';
import { press, within } from '../support/press.js';
import type { User } from '../support/teams-client.js';
import { fixedClock } from '../support/clocks.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});
const clock = fixedClock('2026-11-30T09:00:00Z');

const need = (title: string) => ({
  needId: '',
  title,
  description: 'Hvilke tiltak reduserer fall blant eldre som bor hjemme?',
  population: 'Eldre',
  intervention: '',
  comparison: '',
  outcome: '',
  serviceArea: 'home-care',
  decision: '',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
});
const callForm = {
  callId: '',
  title: 'Velferdsteknologi i hjemmetjenesten',
  summary: 'USN søker kommuner til en studie.',
  body: 'Studien varer i ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'all',
  municipalities: '',
};
/** The person fills in the form from `nytt behov` and presses «Send inn»; the need's id is read off the receipt's edit button. */
async function register(client: TeamsClient, title: string): Promise<string> {
  const [form] = cardsIn(await client.say('nytt behov'));
  const { needId: _ignored, ...fields } = need(title);
  const r = await press(client, form, 'Send inn', fields);
  return r.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
}
/** The person lists the needs they see and opens one (nynorsk «Opne»). */
async function openNeed(client: TeamsClient, ref: string) {
  const [list] = cardsIn(await client.say('behov'));
  return (await press(client, list, new RegExp(`^(Åpne|Opne) ${ref}$`))).card;
}

/** Every feature leaves its traces: needs, history, groups, priorities, a call with answers, participation, reminders, digests. */
async function filledWorld() {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  w = await world({}, clock);
  const [sigrid, astrid, kari, ingrid] = [PEOPLE.employeeNynorsk, PEOPLE.contactSeljord, PEOPLE.contact, PEOPLE.coordinator].map((u) => w!.client(u));
  for (const c of [sigrid, astrid, kari, ingrid]) await c.install();
  const s = await register(sigrid, 'Fallforebygging i Seljord');
  const k = await register(kari, 'Fallforebygging i Krødsherad');
  await register(sigrid, 'Ernæring på sjukeheim'); // stays "received": a need-waiting reminder later
  await press(astrid, await openNeed(astrid, 'KB-2026-0001'), 'Merk som vurdert', { note: 'Relevant' });
  await press(kari, await openNeed(kari, 'KB-2026-0002'), 'Merk som vurdert', { note: 'Viktig for oss' });
  await press(ingrid, await openNeed(ingrid, 'KB-2026-0001'), 'Prioriter');
  await press(ingrid, await openNeed(ingrid, 'KB-2026-0002'), 'Prioriter');
  const [priorities] = cardsIn(await ingrid.say('prioritering'));
  await press(ingrid, within(priorities, 'Fallforebygging i Krødsherad'), 'Flytt opp');
  await press(ingrid, await openNeed(ingrid, 'KB-2026-0001'), 'Koble med KB-2026-0002');

  const preview = await previewCall(ingrid, callForm);
  const callId = callIdOn(preview.card);
  await press(ingrid, preview.card, 'Send nå');
  await w.settle();
  const callCard = async (u: User) => cardsIn(await w!.inbox(u)).find((c) => JSON.stringify(c).includes(callForm.title) && buttons(c).length > 1);
  const interested = await press(kari, await callCard(PEOPLE.contact), 'Interessert', { comment: 'Kari Nordmann tar det opp i ledermøtet' });
  expect(interested.status).toBe(200);
  await press(kari, interested.card, 'Vi deltar', { comment: '' });
  await press(sigrid, await callCard(PEOPLE.employeeNynorsk), /interessert/);

  const decisionPending = await press(kari, cardsIn(await kari.say('deltakelse'))[0], 'Registrer steget', { meetingDate: '2026-12-10' });
  await press(kari, decisionPending.card, 'Registrer steget', { decisionDate: '2026-12-17', caseNumber: '26/123', outcome: 'join' });
  const [overview] = cardsIn(await ingrid.say('klynge'));
  const seljord = await press(ingrid, (await press(ingrid, overview, 'Neste side')).card, 'Registrer steg for Seljord');
  await press(ingrid, seljord.card, 'Registrer steget', { meetingDate: '2026-12-11', note: 'Astrid bad om det' });
  await w.bot.deps.lifecycle.runSweeps(); // Monday: digests to coordinators
  clock.t += 15 * 86_400_000;
  await w.bot.deps.lifecycle.runSweeps(); // needs waiting, participation pending, next digest
  await w.settle();
  const kinds = new Set((await w.bot.deps.store.outbox.all()).map((m) => m.kind));
  for (const kind of ['need.new', 'need.status', 'call', 'reminder.digest', 'reminder.need']) expect(kinds).toContain(kind);
  return { callId, s, k };
}

const traces = (u: User) => [u.name, u.email!, u.aadObjectId, u.id];

/** Every record of every collection, as JSON. */
async function everyCollection(w: World): Promise<Record<string, string>> {
  const engine = w.bot.deps.store.engine;
  const out: Record<string, string> = {};
  for (const c of Object.keys((await engine.describe()).counts)) out[c] = JSON.stringify(await engine.values(c));
  return out;
}
function found(text: string, needles: string[]): string[] {
  return needles.filter(
    (n) =>
      text.includes(n) ||
      text.includes(
        JSON.stringify(n)
          .slice(1, -1)
          .replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
      ),
  );
}

async function erase(user: User) {
  const client = w!.client(user);
  const mine = cardText(cardsIn(await client.say('mine data'))[0]);
  const [ask] = cardsIn(await client.say('slett mine data'));
  const confirm = cardText(ask);
  const r = await press(client, ask, /^Ja, slett/);
  expect(r.status).toBe(200);
  return { mine, confirm };
}

describe('"slett mine data" leaves nothing of the person in any collection', () => {
  it('erases an employee, a contact person and a coordinator from a store filled by every feature, also from the files after compaction', async () => {
    const { callId, s } = await filledWorld();
    const store = w!.bot.deps.store;
    expect(await store.unregisteredCollections()).toEqual([]);
    for (const c of [
      'people',
      'conversations',
      'needs',
      'needEvents',
      'needGroups',
      'priorities',
      'outbox',
      'calls',
      'callAnswers',
      'answerEvents',
      'participation',
      'participationEvents',
    ]) {
      expect(await store.engine.count(c), c).toBeGreaterThan(0);
    }
    for (const u of [PEOPLE.employeeNynorsk, PEOPLE.contact, PEOPLE.coordinator]) {
      expect(found(Object.values(await everyCollection(w!)).join(), traces(u)).length, `${u.name} is in the store before`).toBeGreaterThan(0);
    }

    // the employee: her needs stay without her, her own interest in the call goes
    const sigrid = await erase(PEOPLE.employeeNynorsk);
    expect(sigrid.confirm).toContain('Vert sletta');
    // headed lists as on "mine data", not markdown shown as typed ("**Vert sletta** - Adresser …")
    expect(sigrid.confirm).toContain('\nVert sletta\n• Personposten din (namn, e-post, kommune, språk): 1\n• Adresser boten brukar for å nå deg i Teams: 1\n');
    expect(sigrid.confirm).not.toMatch(/\*\*|(^|\s)- /);
    expect(sigrid.confirm).toContain('Kunnskapsbehov du har meldt inn: 2');
    expect(sigrid.mine).toContain('Vert ståande for dei andre, utan namnet ditt, e-postadressa di og Teams-id-en din');
    for (const [c, text] of Object.entries(await everyCollection(w!))) expect(found(text, traces(PEOPLE.employeeNynorsk)), c).toEqual([]);
    expect(await store.needs.get(s)).toMatchObject({ authorId: null, authorName: '', status: 'prioritised' });
    expect((await store.calls.answers(callId)).filter((a) => a.personId)).toEqual([]);

    // the contact person: the municipality's answer stays, without her name
    const kari = await erase(PEOPLE.contact);
    expect(kari.confirm).toContain('Blir slettet');
    expect(kari.confirm).toContain('Svar på utlysninger: 1');
    for (const [c, text] of Object.entries(await everyCollection(w!))) expect(found(text, traces(PEOPLE.contact)), c).toEqual([]);
    expect(await store.calls.answer(`${callId}:3318`)).toMatchObject({ answer: 'join', by: null, byName: '' });
    expect((await store.calls.answerHistory(`${callId}:3318`)).map((h) => h.answer)).toEqual(['interested', 'join']);

    // the coordinator: her call stays, its author anonymous; messages still pending to her are dropped
    clock.t = Date.parse('2026-12-21T16:30:00Z'); // Monday after working hours: the digest waits for the morning
    await w!.bot.deps.lifecycle.runSweeps();
    const pendingToIngrid = (await store.outbox.all()).filter((m) => m.personId === 'aad-ingrid' && m.status === 'pending').length;
    expect(pendingToIngrid).toBeGreaterThan(0);
    const ingrid = await erase(PEOPLE.coordinator);
    expect(ingrid.confirm).toContain('Utlysninger du har laget: 1');
    for (const [c, text] of Object.entries(await everyCollection(w!))) expect(found(text, traces(PEOPLE.coordinator)), c).toEqual([]);
    expect(await store.calls.get(callId)).toMatchObject({ createdBy: null, createdByName: '' });
    expect((await store.outbox.all()).filter((m) => m.status === 'pending' && !m.personId && m.kind === 'reminder.digest')).toEqual([]);

    const hilde = w!.client(PEOPLE.regionCoordinator);
    const detail = cardText((await press(hilde, cardsIn(await hilde.say('utlysninger'))[0], 'Åpne UT-2026-0001')).card);
    expect(detail).toContain('Krødsherad: Vi deltar – (ukjent)');

    // and the files: after a compaction neither snapshot nor journal holds any of them; on
    // PostgreSQL, no table of the bot (records, index keys, leases, rate gates) does
    const dir = w!.dir;
    const tables = TEST_STORE === 'postgres' ? await everyTable(w!.bot.deps.config.databaseUrl!) : '';
    await w!.bot.stop();
    const files = readdirSync(dir).filter((f) => f.startsWith('ksf.json'));
    if (TEST_STORE === 'json') expect(files).toContain('ksf.json');
    else expect(tables).toContain('ksf_keys');
    const text = files.map((f) => readFileSync(join(dir, f), 'latin1')).join('\n') + tables;
    for (const u of [PEOPLE.employeeNynorsk, PEOPLE.contact, PEOPLE.coordinator])
      expect(
        found(text, traces(u)),
        `${u.name} in ${text
          .split('\n')
          .filter((l, i, all) => all[i + 1]?.includes(u.aadObjectId))
          .join(', ')}`,
      ).toEqual([]);
    await w!.restart();
  }, 120_000);
});

/** Every row of every table of the bot in the database, as text (table name first). */
async function everyTable(url: string): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string }>("select tablename as t from pg_tables where tablename like 'ksf_%'");
    const out: string[] = [];
    for (const { t } of rows) out.push(t, JSON.stringify((await client.query(`select * from ${t}`)).rows));
    return out.join('\n');
  } finally {
    await client.end();
  }
}
