import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { CryptoKey } from 'jose';
import { PEOPLE, type World } from '../support/harness.js';
import { authenticatedWorld, type TokenOptions } from '../support/channel.js';
import { TENANT, type User } from '../support/teams-client.js';

let w: World;
let token: (o?: TokenOptions) => Promise<string>;
let otherKey: CryptoKey;

beforeAll(async () => {
  ({ w, token, otherKey } = await authenticatedWorld());
  // people known before the attacks (in Teams their records exist from earlier turns)
  const now = new Date().toISOString();
  for (const [u, m] of [
    [PEOPLE.employeeNynorsk, '4022'],
    [PEOPLE.otherCoordinator, '4003'],
    [PEOPLE.contact, '3318'],
  ] as [User, string][]) {
    await w.bot.deps.store.people.save({
      id: u.aadObjectId,
      tenantId: TENANT,
      name: u.name,
      email: u.email,
      municipality: m,
      selfRegistered: false,
      linkedAt: now,
      updatedAt: now,
    });
  }
});
afterAll(async () => w.close());

describe('security, with BOT_ID set', () => {
  it('lets no attempt in: bad tokens, foreign tenants, employees with coordinator verbs, coordinators of another cluster', async () => {
    let attempts = 0;
    let letIn = 0;
    const before = (await w.bot.deps.store.stats()).commits;
    const invoke = (u: User, verb: string, data: Record<string, unknown>, tenant = TENANT) =>
      w
        .client({ ...u, tenantId: tenant })
        .activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId: 'x', value: { action: { type: 'Action.Execute', verb, data } } });

    // 1. tokens
    for (const auth of [
      undefined,
      `Bearer ${await token({ signer: otherKey })}`,
      `Bearer ${await token({ exp: Math.floor(Date.now() / 1000) - 600 })}`,
      `Bearer ${await token({ aud: 'x' })}`,
      'Bearer x.y.z',
      'Basic abc',
    ]) {
      attempts++;
      const r = await w.client(PEOPLE.contact).post(invoke(PEOPLE.contact, 'language.set', { lang: 'nn' }), auth ? { authorization: auth } : {});
      if (r.status !== 401) letIn++;
    }
    const good = { authorization: `Bearer ${await token()}` };
    // 2. a tenant that is not allowed
    for (let i = 0; i < 5; i++) {
      attempts++;
      const r = await w
        .client(PEOPLE.contact)
        .post(
          invoke(
            PEOPLE.contact,
            'need.submit',
            { title: 'x', description: 'y', serviceArea: 'home-care', urgency: 'longer-term', theme: 'helse-omsorg' },
            '11111111-1111-4111-8111-111111111111',
          ),
          good,
        );
      if (!JSON.stringify(r.body).includes('bare tilgjengelig for kommuner')) letIn++;
    }
    // 3. an employee with coordinator verbs, 4. a coordinator of another cluster acting on Notodden's
    const forged: [User, string, Record<string, unknown>][] = [
      [
        PEOPLE.employeeNynorsk,
        'call.preview',
        { callId: '', title: 'x', summary: 'x', sender: 'x', deadline: '2099-01-01', kind: 'announcement', target: 'cluster:notodden', audience: 'all' },
      ],
      [PEOPLE.employeeNynorsk, 'priority.move', { cluster: 'notodden', entry: 'need:x', direction: 'up' }],
      [
        PEOPLE.employeeNynorsk,
        'participation.record',
        { cluster: 'notodden', municipality: '4005', step: 'decision-pending', meetingDate: '2026-12-01', note: 'x' },
      ],
      [PEOPLE.employeeNynorsk, 'need.filter', { scope: 'cluster' }],
      [
        PEOPLE.otherCoordinator,
        'call.preview',
        { callId: '', title: 'x', summary: 'x', sender: 'x', deadline: '2099-01-01', kind: 'announcement', target: 'cluster:notodden', audience: 'all' },
      ],
      [PEOPLE.otherCoordinator, 'participation.invite', { cluster: 'notodden', 'invite-notodden': '3301' }],
      [PEOPLE.otherCoordinator, 'participation.remind', { cluster: 'notodden' }],
      [PEOPLE.otherCoordinator, 'priority.rank', { cluster: 'notodden', entry: 'need:x', key: '0', 'rank-0': '1' }],
      [PEOPLE.contact, 'participation.record', { cluster: 'notodden', municipality: '4005', step: 'decision-pending', meetingDate: '2026-12-01' }],
      [PEOPLE.otherCoordinator, 'participation.undo', { cluster: 'notodden', municipality: '4005', stepN: 0, note: 'x' }],
      [PEOPLE.contact, 'participation.correct', { cluster: 'notodden', municipality: '4005', stepN: 0, meetingDate: '2026-12-01', note: 'x' }],
      [PEOPLE.employeeNynorsk, 'participation.undo.ask', { cluster: 'notodden', municipality: '4022', stepN: 0 }],
    ];
    for (const [u, verb, data] of forged) {
      attempts++;
      const r = await w.client(u).post(invoke(u, verb, data), good);
      const text = JSON.stringify(r.body);
      if (
        r.status !== 200 ||
        !/tilgang|Bare koordinatorer|Berre koordinatorar|velg et av alternativene|ikke funnet|Fant ikke|Fann ikkje|not allowed/i.test(text)
      )
        letIn++;
    }
    const changed = (await w.bot.deps.store.stats()).commits - before;
    console.log(`security: ${attempts} attempts, ${letIn} let in, ${changed} store changes`);
    expect(letIn).toBe(0);
    expect(await w.bot.deps.store.calls.all()).toEqual([]);
    expect(await w.bot.deps.store.participation.stored('notodden')).toEqual([]);
    expect(await w.bot.deps.store.needs.all()).toEqual([]);
  });

  it('lets no one in over another channel or through another Bot Connector, whatever from.id says', async () => {
    const good = { authorization: `Bearer ${await token()}` };
    const conversations = await w.bot.deps.store.conversations.count();
    const people = await w.bot.deps.store.people.count();
    let attempts = 0;
    let letIn = 0;
    const base = (over: Record<string, unknown>) => ({
      type: 'message',
      id: 'x',
      channelId: 'msteams',
      serviceUrl: w.connector.url,
      text: 'behov',
      locale: 'nb-NO',
      from: { id: PEOPLE.otherCoordinator.aadObjectId, name: 'x' },
      recipient: { id: '28:ksf-bot' },
      conversation: { id: `a:attack-${attempts}` },
      channelData: { tenant: { id: TENANT } },
      ...over,
    });
    const variants: Record<string, unknown>[] = [
      ...['directline', 'webchat', 'emulator', 'slack', 'test', 'MSTEAMS', 'msteams '].map((channelId) => ({ channelId })),
      { from: { id: PEOPLE.otherCoordinator.aadObjectId } },
      { from: { id: '29:jon', aadObjectId: '' } },
      {
        from: { id: '29:jon', aadObjectId: PEOPLE.otherCoordinator.aadObjectId },
        conversation: { id: 'a:attack-t', tenantId: '11111111-1111-4111-8111-111111111111' },
      },
      { serviceUrl: 'https://evil.example.com/' },
      { serviceUrl: 'https://smba.trafficmanager.net.evil.example/' },
      { serviceUrl: 'http://smba.trafficmanager.net/' },
    ];
    for (const v of variants) {
      attempts++;
      const r = await w.client(PEOPLE.otherCoordinator).post(base(v), good);
      if (r.status >= 500 || /KB-|Grenland|Notodden/.test(JSON.stringify(r.body ?? ''))) letIn++;
      if ((await w.bot.deps.store.conversations.get(`a:attack-${attempts - 1}`)) || (await w.bot.deps.store.conversations.get('a:attack-t'))) letIn++;
    }
    console.log(`security, other channels and connectors: ${attempts} attempts, ${letIn} let in`);
    expect(letIn).toBe(0);
    expect(await w.bot.deps.store.people.count()).toBe(people);
    expect(await w.bot.deps.store.conversations.count()).toBe(conversations);
  });

  it('takes a 403 or 404 from Teams as a recipient out of reach, not a failure to retry', async () => {
    // covered end to end in test/integration/calls.test.ts (20-municipality broadcast); here the policy itself
    const { afterFailure } = await import('../../src/domain/outbox.js');
    expect(afterFailure(403, 1, new Date(), undefined)).toMatchObject({ status: 'unreachable' });
    expect(afterFailure(404, 1, new Date(), undefined)).toMatchObject({ status: 'unreachable' });
  });
});
