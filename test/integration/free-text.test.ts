import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardText, draftCall, type InvokeResult, type TeamsClient } from '../support/teams-client.js';

/** A valid fødselsnummer (both control digits right), written as people write it. */
const FNR = '010107 50160';
const FNR_DIGITS = '01010750160';

const need = {
  needId: '', title: 'Fall hos eldre', description: 'Hva virker mot fall?', population: '', intervention: '', comparison: '', outcome: '', decision: '',
  serviceArea: 'home-care', urgency: 'within-a-year', theme: 'helse-omsorg',
};
const callForm = {
  callId: '', title: 'Velferdsteknologi', summary: 'USN søker kommuner', body: 'Studien varer ett år.', sender: 'USN', link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15', kind: 'participation', target: 'cluster:notodden', audience: 'contacts', municipalities: '',
};
const where = { cluster: 'notodden', municipality: '3318' };

let w: World;
let kari: TeamsClient;
let ingrid: TeamsClient;
let needId: string;
let callId: string;
const clock = { t: new Date('2026-11-30T09:00:00Z').getTime(), now() { return new Date(this.t); } };

beforeAll(async () => {
  w = await world({}, clock);
  kari = w.client(PEOPLE.contact);
  ingrid = w.client(PEOPLE.coordinator);
  needId = (await kari.click('need.submit', need)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
  callId = await draftCall(ingrid, callForm);
  await ingrid.click('call.send', { callId });
  await w.settle();
});
afterAll(async () => w.close());

const seen = (r: InvokeResult) => (r.card ? cardText(r.card) : r.message ?? '');

/**
 * One way, through the bot, to type a fødselsnummer into each text input of each card template,
 * and what the person is then told. A new `Input.Text` in `cards/` without an entry here fails.
 */
const drivers: Record<string, { said: string; type: (text: string) => Promise<InvokeResult> }> = {
  ...Object.fromEntries((['title', 'description', 'population', 'intervention', 'comparison', 'outcome', 'decision'] as const).map((f) => [
    `need-form.${f}`,
    { said: ({ title: 'Tittel', description: 'Beskrivelse', population: 'Målgruppe', intervention: 'Tiltak', comparison: 'Sammenligning', outcome: 'Ønsket resultat', decision: 'Beslutning' })[f], type: (text: string) => kari.click('need.submit', { ...need, [f]: `${need[f] || 'Gjelder'} ${text}` }) },
  ])),
  'need.note': { said: 'Merknad', type: (text) => ingrid.click('need.transition', { needId, to: 'declined', note: `Pasient ${text} er allerede fulgt opp` }) },
  ...Object.fromEntries((['title', 'summary', 'body', 'sender'] as const).map((f) => [
    `call-form.${f}`,
    { said: ({ title: 'Tittel', summary: 'Sammendrag', body: 'Tekst', sender: 'Avsender' })[f], type: (text: string) => ingrid.click('call.preview', { ...callForm, [f]: `${callForm[f]} ${text}` }) },
  ])),
  'call-form.link': { said: 'Lenke', type: (text) => ingrid.click('call.preview', { ...callForm, link: `https://www.usn.no/p/${text.replace(' ', '')}` }) },
  'call.comment': { said: 'Kommentar', type: (text) => kari.click('call.answer', { callId, answer: 'join', comment: `Kontakt ${text}` }) },
  'participation.caseNumber': { said: 'Saksnummer', type: (text) => kari.click('participation.record', { ...where, step: 'decided', decisionDate: '2026-05-21', outcome: 'join', caseNumber: text }) },
  'participation.signedBy': { said: 'Signert av', type: (text) => kari.click('participation.record', { ...where, step: 'agreement-signed', signedDate: '2026-06-02', signedBy: `Hans ${text}` }) },
  'participation.note': { said: 'Merknad', type: (text) => kari.click('participation.record', { ...where, step: 'decision-pending', meetingDate: '2026-04-23', note: `Gjelder ${text}` }) },
};

/** Every `Input.Text` of every card template, as `template.id`. */
function textInputs(): string[] {
  const out: string[] = [];
  const dir = join(import.meta.dirname, '../../cards');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const walk = (n: any) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      if (n.type === 'Input.Text') out.push(`${file.replace(/\.json$/, '')}.${n.id}`);
      Object.values(n).forEach(walk);
    };
    walk(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  }
  return out.sort();
}

/** Everything the store has written to disk (journal and snapshot). */
async function onDisk(): Promise<string> {
  await w.bot.deps.store.engine.flushed();
  return ['ksf.json', 'ksf.json.journal'].map((f) => join(w.dir, f)).filter(existsSync).map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('a fødselsnummer in any free text', () => {
  it('every text input of every card template has a way to be tried here', () => {
    expect(Object.keys(drivers).sort()).toEqual(textInputs());
  });

  it.each(Object.keys(drivers).sort())('%s: refused with the field named in words, and nothing stored', async (input) => {
    const { said, type } = drivers[input];
    const r = await type(FNR);
    expect(r.status).toBe(200);
    expect(seen(r)).toMatch(new RegExp(`${said}: ser ut til å inneholde et fødselsnummer`));
    // every commit goes to the journal: the number is nowhere on disk (nor the changes it came with)
    const disk = await onDisk();
    expect(disk).not.toContain(FNR_DIGITS);
    expect(disk).not.toContain(FNR);
    expect(w.bot.deps.store.needs.get(needId)!.status).toBe('received');
    expect(w.bot.deps.store.participation.stored('notodden')).toEqual([]);
    expect(w.bot.deps.store.calls.answers(callId)).toEqual([]);
  });

  it('names the field in the person’s own language', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const r = await sigrid.click('call.answer', { callId, answer: 'interested', comment: FNR });
    // Sigrid is not addressed by this call: but the text is refused before anything else is looked at
    expect(r.message).toBe('Kommentar: ser ut til å innehalde eit fødselsnummer. Fjern det og prøv igjen – ingenting er lagra.');
  });

  it('still takes eleven digits that are not a fødselsnummer', async () => {
    const r = await kari.click('participation.record', { ...where, step: 'decision-pending', meetingDate: '2026-04-23', note: 'Sak 12345678901' });
    expect(seen(r)).toContain('Krødsherad');
    expect(seen(r)).not.toContain('fødselsnummer');
  });
});
