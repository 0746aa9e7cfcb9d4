import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, buttons, type TeamsClient } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { runningClock } from '../support/clocks.js';
import { needForm } from '../support/need-form.js';

let w: World;
/** Business time that moves with real time from a settable starting point (the outbox needs time to pass). */
const clock = runningClock();
beforeEach(async () => {
  clock.t = new Date('2026-11-30T09:00:00Z').getTime();
  clock.since = Date.now();
  w = await world({}, clock);
});
afterEach(async () => w.close());

const needFields = (title: string) => needForm(title, 'Kva tiltak hjelper heimebuande eldre?');
const call = {
  callId: '',
  title: 'Velferdsteknologi',
  summary: 'USN søker kommuner til en studie.',
  body: '',
  sender: 'USN',
  link: '',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

/** Registers a need as `author`, lets `contact` assess it and `coordinator` prioritise it; returns its id. */
async function prioritised(author: TeamsClient, contact: TeamsClient, coordinator: TeamsClient, title: string) {
  await author.click('need.submit', needFields(title));
  const need = (await w.bot.deps.store.needs.all()).find((n) => n.title === title)!;
  expect(cardText((await contact.click('need.transition', { needId: need.id, to: 'assessed', note: 'Relevant' })).card)).toMatch(/status «Vurdert»/);
  const r = await coordinator.click('need.transition', { needId: need.id, to: 'prioritised' });
  expect(cardText(r.card)).toMatch(/status «Prioritert»/);
  return need.id;
}

describe('a call that answers prioritised needs', () => {
  it("offers the scope's prioritised needs on the form, shows the link to recipients and on the need, and tells the author in their language", async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk); // Seljord, nynorsk, in Ingrid's cluster
    await sigrid.install();
    const kari = w.client(PEOPLE.contact);
    await kari.install();
    const ingrid = w.client(PEOPLE.coordinator);
    const id = await prioritised(sigrid, w.client(PEOPLE.contactSeljord), ingrid, 'Fallførebygging i heimetenesta');
    await sigrid.click('need.submit', needFields('Ikkje prioritert enno')); // received: not offered

    const [form] = cardsIn(await ingrid.say('ny utlysning'));
    const input = form.body.find((b: any) => b.id === 'needs');
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, label: 'Svarer på prioriterte kunnskapsbehov (valgfritt)' });
    expect(input.choices).toEqual([{ title: 'KB-2026-0001 «Fallførebygging i heimetenesta» (Seljord)', value: id }]);

    const preview = await ingrid.click('call.preview', { ...call, needs: id });
    expect(cardText(preview.card)).toContain('Svarer på kunnskapsbehov KB-2026-0001 «Fallførebygging i heimetenesta» fra Seljord');
    const callId = preview.card!.actions.find((a: any) => a.verb === 'call.send').data.callId;
    expect((await w.bot.deps.store.calls.get(callId))!.needIds).toEqual([id]);
    await press(ingrid, preview.card, 'Send nå');
    await w.settle();

    const received = cardsIn(await w.inbox(PEOPLE.contact)).find((c) => cardText(c).includes('Velferdsteknologi'));
    expect(cardText(received)).toContain('Svarer på kunnskapsbehov KB-2026-0001 «Fallførebygging i heimetenesta» fra Seljord');

    const notice = cardsIn(await w.inbox(PEOPLE.employeeNynorsk)).find((c) => cardText(c).includes('Ei utlysing svarer på behovet ditt KB-2026-0001'));
    expect(cardText(notice)).toContain(
      'UT-2026-0001 «Velferdsteknologi» frå USN er send ut til kommunane som svar på «Fallførebygging i heimetenesta». Svarfrist: 15. januar 2027.',
    );
    expect(buttons(notice)).toEqual(['Opne']);

    const detail = await press(sigrid, notice, 'Opne');
    expect(cardText(detail.card)).toContain('Utlysingar som svarer på behovet: UT-2026-0001 «Velferdsteknologi» frå USN, svarfrist 15. januar 2027');
  });

  it("refuses a need outside the coordinator's scope or not prioritised, in words, and stores no call", async () => {
    const jon = w.client(PEOPLE.otherCoordinator); // Grenland
    const marit = w.client({ id: '29:marit', aadObjectId: 'aad-marit', name: 'Marit Aas', email: 'marit.aas@skien.example.no' });
    await w.connector.roster([marit.member]);
    const grenland = await prioritised(marit, marit, jon, 'Ernæring på sjukeheim');
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await sigrid.click('need.submit', needFields('Ikkje prioritert'));
    const received = (await w.bot.deps.store.needs.all()).find((n) => n.title === 'Ikkje prioritert')!.id;

    const ingrid = w.client(PEOPLE.coordinator);
    for (const needs of [grenland, received, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const r = await ingrid.click('call.preview', { ...call, needs });
      expect(cardText(r.card)).toContain('Kunnskapsbehov: velg et av alternativene.');
      expect(r.card!.body.find((b: any) => b.id === 'title').value).toBe('Velferdsteknologi');
    }
    expect(await w.bot.deps.store.calls.all()).toEqual([]);
    const [form] = cardsIn(await ingrid.say('ny utlysning'));
    expect(form.body.find((b: any) => b.id === 'needs')).toBeUndefined(); // nothing prioritised in her cluster
  });
});
