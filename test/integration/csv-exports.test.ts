import { describe, it, expect, afterEach } from 'vitest';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, draftCall, type TeamsClient } from '../support/teams-client.js';
import { AdjustableClock } from '../../src/clock.js';
import { needForm } from '../support/need-form.js';

let w: World;
afterEach(async () => w?.close());

const need = needForm('Fallforebygging', 'Hvilke tiltak reduserer fall blant eldre?');
const callForm = {
  callId: '',
  title: 'Velferdsteknologi',
  summary: 'USN søker kommuner.',
  body: 'Studien varer i ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};

/** Downloads a CSV through the signed link on a card, as the browser does; the rows as text. */
async function download(card: Record<string, any> | undefined, path: string): Promise<string> {
  const url = JSON.stringify(card).match(new RegExp(`"url":"([^"]*${path}[^"]*)"`))![1];
  const res = await fetch(`${w.bot.url}${new URL(url).pathname}`);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/^\uFEFF/, '');
}
/** The card the bot posts in answer to `text` (the delivery card's in-place update may land during the same turn). */
const cardSaid = async (c: TeamsClient, text: string) => cardsIn((await c.say(text)).filter((r) => r.method === 'POST'))[0];
const rowOf = (csv: string, marker: string) => csv.split('\r\n').find((l) => l.includes(marker))!;

/** 1 December 2026, 21:14 in Oslo (20:14 UTC): a need assessed and prioritised, a step recorded, a call answered. */
async function loop(): Promise<{ ingrid: TeamsClient; callId: string }> {
  w = await world({}, new AdjustableClock(new Date('2026-12-01T20:14:00Z')));
  const kari = w.client(PEOPLE.contact);
  const ingrid = w.client(PEOPLE.coordinator);
  await kari.install();
  const id = (await kari.click('need.submit', need)).card!.actions.find((a: any) => a.verb === 'need.edit').data.needId;
  await kari.click('need.transition', { needId: id, to: 'assessed', note: 'Relevant for flere' });
  await ingrid.click('need.transition', { needId: id, to: 'prioritised', note: '' });
  await kari.click('participation.record', { cluster: 'notodden', municipality: '3318', step: 'decision-pending', meetingDate: '2026-12-10' });
  const callId = await draftCall(ingrid, callForm);
  await ingrid.click('call.send', { callId });
  await w.settle();
  await kari.click('call.answer', { callId, answer: 'interested', comment: 'Må forankres' });
  await w.settle(); // the progress card's update and the notices reach their chats before the next turn
  return { ingrid, callId };
}

describe('CSV exports write local time and words in the exporting person’s language', () => {
  it('in bokmål: needs, participation and call answers', async () => {
    const { ingrid, callId } = await loop();
    const needs = rowOf(await download(await cardSaid(ingrid, 'eksporter behov'), 'exports/needs'), 'KB-2026-0001');
    expect(needs).toContain(';2026-12-01 21:14;2026-12-01 21:14;');
    expect(needs).toContain(
      '2026-12-01 21:14: meldt inn av Kari Nordmann | 2026-12-01 21:14: Kari Nordmann satte status til «Vurdert»: «Relevant for flere» | 2026-12-01 21:14: Ingrid Haugen satte status til «Prioritert»',
    );
    expect(needs).not.toMatch(/received|assessed|prioritised|T20:14|\(author\)/);

    const part = rowOf(await download(await cardSaid(ingrid, 'klynge'), 'exports/participation'), ';3318;');
    expect(part).toContain('Sak til behandling;2026-12-10;');
    expect(part).toContain(';2026-12-01 21:14;2026-12-01 21:14: Invitert → Sak til behandling (Kari Nordmann)');
    expect(part).not.toMatch(/invited|decision-pending|T20:14/);

    const calls = rowOf(await download((await ingrid.click('call.open', { callId })).card, 'exports/calls'), ';3318;');
    expect(calls).toContain(
      'Interessert;Må forankres;Kari Nordmann;2026-12-01 21:14;2026-12-01 21:14 Kari Nordmann: Interessert «Må forankres»;Kari Nordmann: Sendt',
    );
    expect(calls).not.toMatch(/T20:14|: sent/);
  });

  it('in English for a coordinator who reads English', async () => {
    const { ingrid, callId } = await loop();
    await ingrid.say('language english');
    await w.settle(); // notices still on their way to her chat would land among the answers to her next turn
    const needs = rowOf(await download(await cardSaid(ingrid, 'export needs'), 'exports/needs'), 'KB-2026-0001');
    expect(needs).toContain(';Prioritised;');
    expect(needs).toContain('2026-12-01 21:14: registered by Kari Nordmann | 2026-12-01 21:14: Kari Nordmann set the status to ""Assessed""');
    const part = rowOf(await download(await cardSaid(ingrid, 'cluster'), 'exports/participation'), ';3318;');
    expect(part).toContain('Decision pending;2026-12-10;');
    expect(part).toContain('2026-12-01 21:14: Invited → Decision pending (Kari Nordmann)');
    const calls = rowOf(await download((await ingrid.click('call.open', { callId })).card, 'exports/calls'), ';3318;');
    expect(calls).toContain('2026-12-01 21:14 Kari Nordmann: Interested «Må forankres»;Kari Nordmann: Sent');
  });
});
