import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardText, draftCall, type InvokeResult, type TeamsClient } from '../support/teams-client.js';
import { freeTextDrivers, textInputs, NEED, CALL_FORM, WHERE } from '../support/free-text-inputs.js';
import { fixedClock } from '../support/clocks.js';

/** A valid fødselsnummer (both control digits right), written as people write it. */
const FNR = '010107 50160';
const FNR_DIGITS = '01010750160';

let w: World;
let kari: TeamsClient;
let ingrid: TeamsClient;
let needId: string;
let callId: string;
const clock = fixedClock('2026-11-30T09:00:00Z');

beforeAll(async () => {
  w = await world({}, clock);
  kari = w.client(PEOPLE.contact);
  ingrid = w.client(PEOPLE.coordinator);
  needId = (await kari.click('need.submit', NEED)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
  callId = await draftCall(ingrid, CALL_FORM);
  await ingrid.click('call.send', { callId });
  await w.settle();
});
afterAll(async () => w.close());

const seen = (r: InvokeResult) => (r.card ? cardText(r.card) : (r.message ?? ''));
const drivers = freeTextDrivers(() => ({ kari, ingrid, needId, callId }));

/** Everything the store has written to disk (journal and snapshot). */
async function onDisk(): Promise<string> {
  await w.bot.deps.store.engine.flushed();
  return ['ksf.json', 'ksf.json.journal']
    .map((f) => join(w.dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
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
    expect((await w.bot.deps.store.needs.get(needId))!.status).toBe('received');
    expect(await w.bot.deps.store.participation.stored('notodden')).toEqual([]);
    expect(await w.bot.deps.store.calls.answers(callId)).toEqual([]);
  });

  it('names the field in the person’s own language', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    const r = await sigrid.click('call.answer', { callId, answer: 'interested', comment: FNR });
    // Sigrid is not addressed by this call: but the text is refused before anything else is looked at
    expect(r.message).toBe('Kommentar: ser ut til å innehalde eit fødselsnummer. Fjern det og prøv igjen – ingenting er lagra.');
  });

  it('still takes eleven digits that are not a fødselsnummer', async () => {
    const r = await kari.click('participation.record', { ...WHERE, step: 'decision-pending', meetingDate: '2026-04-23', note: 'Sak 12345678901' });
    expect(seen(r)).toContain('Krødsherad');
    expect(seen(r)).not.toContain('fødselsnummer');
  });
});
