import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, previewCall, callIdOn } from '../support/teams-client.js';
import { press } from '../support/press.js';
import { bigDirectory } from '../support/big-directory.js';
import { chartLabels, chartsIn, chartValues, fallbackText } from '../support/charts.js';
import { runningClock } from '../support/clocks.js';

// What a coordinator sees drawn on the cluster overview and a call's detail card, through the
// real endpoint: the chart Teams draws, and the same numbers as text where charts are not drawn.
let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('charts a coordinator sees', () => {
  it('the cluster overview draws the municipalities by state as a donut, with the text bars as its fallback', async () => {
    w = await world();
    const kari = w.client(PEOPLE.contact);
    const [participation] = cardsIn(await kari.say('deltakelse'));
    await press(kari, participation, 'Registrer steget', { meetingDate: '2026-04-23' });

    const [overview] = cardsIn(await w.client(PEOPLE.coordinator).say('klynge'));
    const [donut, ...more] = chartsIn(overview);
    expect(more).toEqual([]);
    expect(donut.type).toBe('Chart.Donut');
    expect(donut.title).toBe('Deltakelse etter steg: 17 kommuner');
    expect(chartLabels(donut)).toEqual(['Invitert: 16', 'Sak til behandling: 1', 'Vedtak fattet: 0', 'Avtale signert: 0', 'Aktiv: 0', 'Takket nei: 0']);
    expect(chartValues(donut)).toEqual([16, 1, 0, 0, 0, 0]);
    // where charts are not drawn, the text bars with their numbers stand in the donut's place
    expect(fallbackText(donut)).toContain('Invitert: ███████████░ 16\nSak til behandling: █░░░░░░░░░░░ 1\n');
    expect(cardText(overview)).toContain('Invitert: ███████████░ 16');
  }, 30_000);

  it('the call detail draws deliveries and answers by kind as bars, each with its number, and the numbers as text', async () => {
    const clock = runningClock();
    clock.t = new Date('2026-11-30T09:00:00Z').getTime();
    const big = bigDirectory(mkdtempSync(join(tmpdir(), 'ksf-dir-')), 4);
    w = await world({ KSF_DIRECTORY: big.file }, clock);
    await w.connector.roster(big.contacts.map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })));
    const [notInstalled, ...installed] = [...big.contacts].reverse();
    for (const c of installed) await w.client(c).install();

    const ingrid = w.client(PEOPLE.coordinator);
    const preview = await previewCall(ingrid, {
      title: 'Velferdsteknologi i hjemmetjenesten',
      summary: 'USN søker tre kommuner.',
      body: 'Studien varer i ett år.',
      sender: 'USN',
      link: 'https://www.usn.no/forskning',
      deadline: '2027-01-15',
      kind: 'participation',
      target: 'cluster:big',
      audience: 'contacts',
      municipalities: '',
    });
    expect(callIdOn(preview.card)).not.toBe('');
    const sent = (await press(ingrid, preview.card, 'Send nå')).card;
    await w.settle();
    const answer = async (c: (typeof big.contacts)[number], title: string) => {
      const card = cardsIn(await w!.inbox(c)).find((k) => JSON.stringify(k).includes('"verb":"call.answer"'));
      await press(w!.client(c), card, title);
    };
    const first = big.contacts.find((c) => c.municipality === big.municipalities[0])!;
    const second = big.contacts.find((c) => c.municipality === big.municipalities[1])!;
    await answer(first, 'Vi deltar');
    await answer(second, 'Ikke aktuelt');

    const detail = (await press(ingrid, sent, 'Åpne')).card;
    const [deliveries, byKind] = chartsIn(detail);
    // five contacts of the cluster "big" plus the demo's contacts of Notodden and Kongsberg, who never installed the bot
    expect(deliveries.type).toBe('Chart.HorizontalBar');
    expect(deliveries.title).toBe('Levering: 7 mottakere');
    expect(chartLabels(deliveries)).toEqual(['Har fått den: 4', 'Venter: 0', 'Ikke nådd: 3']);
    expect(chartValues(deliveries)).toEqual([4, 0, 3]);
    expect(fallbackText(deliveries)).toBe('Har fått den: 4\nVenter: 0\nIkke nådd: 3');

    expect(byKind.type).toBe('Chart.VerticalBar');
    expect(byKind.title).toBe('Svar etter type: 4 kommuner');
    expect(chartLabels(byKind)).toEqual(['Vi deltar: 1', 'Interessert: 0', 'Ikke aktuelt: 1', 'Ikke svart: 2']);
    expect(chartValues(byKind)).toEqual([1, 0, 1, 2]);
    expect(fallbackText(byKind)).toBe('Vi deltar: 1\nInteressert: 0\nIkke aktuelt: 1\nIkke svart: 2');
    // the lines below the charts still name each municipality's answer and who was not reached
    const text = cardText(detail);
    expect(text).toMatch(/: Vi deltar – Kontakt \d /);
    const notReached = text
      .split('Ikke nådd\n')[1]
      .split('\n')
      .filter((l) => l.startsWith('• '));
    expect(notReached).toHaveLength(3);
    expect(notReached).toContain(`• ${notInstalled.name} (Ringerike): Har ikke installert boten – får den når boten blir installert`);
  }, 30_000);
});
