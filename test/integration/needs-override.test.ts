import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardText } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { AdjustableClock } from '../../src/clock.js';
import { needForm } from '../support/need-form.js';

let w: World;
afterEach(async () => w?.close());

const need = needForm('Fallforebygging', 'Hvilke tiltak reduserer fall blant eldre?');

describe('prioritising a need no contact person has assessed', () => {
  it('takes a required reason, is stored and shown as an override, and an assessed need is prioritised as before', async () => {
    w = await world({}, new AdjustableClock(new Date('2026-12-01T21:14:00+01:00')));
    const kari = w.client(PEOPLE.contact);
    const ingrid = w.client(PEOPLE.coordinator);
    const submitted = await kari.click('need.submit', need);
    const id = submitted.card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    const opened = await ingrid.click('need.open', { needId: id });
    expect(cardText(opened.card)).toContain('Status: Mottatt');
    expect(JSON.stringify(opened.card)).toContain('Merknad (påkrevd for «Prioriter» og «Avslå»)');

    const noReason = await press(ingrid, opened.card, 'Prioriter');
    expect(cardText(noReason.card)).toContain(
      'KB-2026-0001 er ikke vurdert av en FOUi-kontakt ennå. Skriv en begrunnelse i merknadsfeltet for å prioritere det likevel.',
    );
    expect((await w.bot.deps.store.needs.get(id))!.status).toBe('received');
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([]);

    const fnr = await press(ingrid, opened.card, 'Prioriter', { note: 'Gjelder 010107 50160' });
    // refused at the edge of the handler, in words, with the field named (the card stays as it was)
    expect(fnr.message ?? cardText(fnr.card)).toContain('Merknad: ser ut til å inneholde et fødselsnummer');
    expect((await w.bot.deps.store.needs.get(id))!.status).toBe('received');

    const done = await press(ingrid, opened.card, 'Prioriter', { note: 'Tilsynssak: må besvares før nyttår' });
    const text = cardText(done.card);
    expect(text).toContain('har nå status «Prioritert»');
    expect(text).toContain('Ingrid Haugen: Prioritert uten vurdering – begrunnelse: «Tilsynssak: må besvares før nyttår»');
    expect(text).toContain('Overstyrt: Prioritert uten vurdering – begrunnelse: «Tilsynssak: må besvares før nyttår» (Ingrid Haugen)');
    expect((await w.bot.deps.store.needs.history(id)).at(-1)).toMatchObject({
      kind: 'status',
      from: 'received',
      to: 'prioritised',
      override: 'unassessed',
      note: 'Tilsynssak: må besvares før nyttår',
    });
    expect((await w.bot.deps.store.needs.priorities('notodden')).entries).toEqual([`need:${id}`]);

    // Kari, the contact person, reads the same override on her card, in the history
    const asKari = cardText((await kari.click('need.open', { needId: id })).card);
    expect(asKari).toContain('Prioritert uten vurdering – begrunnelse: «Tilsynssak: må besvares før nyttår»');

    // an assessed need: prioritised without a reason, and no override shown
    const second = (await kari.click('need.submit', { ...need, title: 'Ernæring' })).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
    await kari.click('need.transition', { needId: second, to: 'assessed', note: 'Relevant for flere' });
    const assessed = await ingrid.click('need.open', { needId: second });
    const plain = await press(ingrid, assessed.card, 'Prioriter');
    expect(cardText(plain.card)).toContain('har nå status «Prioritert»');
    expect(cardText(plain.card)).not.toContain('uten vurdering');
    expect((await w.bot.deps.store.needs.history(second)).at(-1)!.override).toBeUndefined();
  });
});
