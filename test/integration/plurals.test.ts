import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardText } from '../support/teams-client.js';
import { bigDirectory } from '../support/big-directory.js';
import { runningClock } from '../support/clocks.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});
const clock = runningClock(Date.parse('2026-11-30T09:00:00Z'));

describe('counts in what a coordinator reads', () => {
  it('says "1 kommune", "1 person" for one, in bokmål and nynorsk', async () => {
    const big = bigDirectory(mkdtempSync(join(tmpdir(), 'ksf-dir-')), 2);
    w = await world({ KSF_DIRECTORY: big.file }, clock);
    await w.connector.roster(big.contacts.map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })));
    const only = big.municipalities[1];
    await w.client(big.contacts.find((c) => c.municipality === only)!).install();
    const ingrid = w.client(PEOPLE.coordinator);
    await ingrid.install();

    const preview = await ingrid.click('call.preview', {
      callId: '',
      title: 'Velferdsteknologi',
      summary: 'USN søker en kommune.',
      body: '',
      sender: 'USN',
      link: '',
      deadline: '2027-01-15',
      kind: 'participation',
      target: 'chosen',
      audience: 'contacts',
      municipalities: only,
    });
    expect(cardText(preview.card)).toContain('Går til 1 kommune: 1 person kan nås nå, 0 har ikke installert boten.');
    const callId = preview.card!.actions.find((a: any) => a.verb === 'call.send').data.callId;
    await ingrid.click('call.send', { callId });
    await w.settle();

    const reminded = await ingrid.click('call.remind', { callId });
    expect(cardText(reminded.card)).toContain('Påminnelse sendt til 1 person i 1 kommune.');
    await ingrid.click('language.set', { lang: 'nn' });
    const again = await ingrid.click('call.remind', { callId });
    expect(cardText(again.card)).toContain('Påminninga er send til 1 person i 1 kommune.');
  }, 30_000);
});
