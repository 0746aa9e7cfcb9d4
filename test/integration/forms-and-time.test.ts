import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, textsIn } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { AdjustableClock } from '../../src/clock.js';
import { needForm } from '../support/need-form.js';

let w: World;
afterEach(async () => w?.close());

const input = (card: Record<string, any> | undefined, id: string) => {
  const found: any[] = [];
  JSON.stringify(card, (_k, v) => (v && typeof v.type === 'string' && v.type.startsWith('Input.') && v.id === id && found.push(v), v));
  return found[0];
};

const need = needForm('Fallforebygging', 'Hvilke tiltak reduserer fall?');

describe('the note labels say what is asked of this person', () => {
  it('a need names only the actions the person has that need a note', async () => {
    w = await world();
    const kari = w.client(PEOPLE.contact);
    const id = (await kari.click('need.submit', need)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const asContact = await kari.click('need.open', { needId: id });
    expect(input(asContact.card, 'note').label).toBe('Merknad (påkrevd for «Merk som vurdert» og «Send tilbake med spørsmål»)');
    const asCoordinator = await w.client(PEOPLE.coordinator).click('need.open', { needId: id });
    // received, not assessed: prioritising it now takes a reason, as does declining
    expect(input(asCoordinator.card, 'note').label).toBe('Merknad (påkrevd for «Prioriter» og «Avslå»)');

    const returned = await kari.click('need.transition', { needId: id, to: 'returned', note: 'Hvilken aldersgruppe?' });
    // returned, Kari as its author may only resubmit it, which needs no note
    expect(input(returned.card, 'note').label).toBe('Merknad (valgfri)');
    const author = w.client(PEOPLE.employeeNynorsk);
    const own = (await author.click('need.submit', need)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    await w.client(PEOPLE.contactSeljord).click('need.transition', { needId: own, to: 'returned', note: 'Kva aldersgruppe?' });
    const toResubmit = await author.click('need.open', { needId: own });
    expect(input(toResubmit.card, 'note').label).toBe('Merknad (valfri)');
  });

  it('participation asks for a note only of a coordinator recording for another municipality', async () => {
    w = await world();
    const [own] = cardsIn(await w.client(PEOPLE.contact).say('deltakelse'));
    expect(input(own, 'note').label).toBe('Merknad (valgfri)');
    expect(input(own, 'note').isRequired).toBe(false);
    expect(JSON.stringify(own)).not.toContain('annen kommune');

    const ingrid = w.client(PEOPLE.coordinator);
    const [overview] = cardsIn(await ingrid.say('klynge'));
    const krodsherad = await press(ingrid, overview, 'Registrer steg for Krødsherad');
    expect(input(krodsherad.card, 'note').label).toBe('Merknad (påkrevd fordi du registrerer på vegne av Krødsherad)');
    expect(input(krodsherad.card, 'note').isRequired).toBe(true);
  });
});

describe('tid: an admin moves the clock', () => {
  it('reads a time without an offset as Oslo time, and keeps an explicit offset', async () => {
    const clock = new AdjustableClock(new Date('2026-12-01T09:00:00+01:00'));
    w = await world({ KSF_ADMINS: 'ingrid.haugen@notodden.example.no' }, clock);
    const ingrid = w.client(PEOPLE.coordinator);
    const [reply] = textsIn(await ingrid.say('tid 2026-12-07T08:30'));
    expect(reply).toMatch(/^Klokka er nå 7\\?\. des\. 2026, 08:3\d\./);
    expect(clock.now().toISOString()).toMatch(/^2026-12-07T07:3/);
    const [utc] = textsIn(await ingrid.say('tid 2026-12-08T08:30Z'));
    expect(utc).toMatch(/, 09:3\d\./);
    const [day] = textsIn(await ingrid.say('tid 2026-12-09'));
    expect(day).toMatch(/9\\?\. des\. 2026, 00:0\d\./);
  });
});
