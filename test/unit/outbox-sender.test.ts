import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { memoryStore } from '../../src/store/store.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import { ConnectorError, type ConnectorClient } from '../../src/outbox/connector-client.js';
import { systemClock } from '../../src/deps.js';
import { coalesce, type OutboxMessage } from '../../src/domain/outbox.js';
import type { OutboxDeps } from '../../src/outbox/outbox.js';
import { waitFor } from '../support/wait.js';

const tenantId = 't1';

function message(id: string, conversationId: string, kind: string): OutboxMessage {
  const now = new Date().toISOString();
  return {
    id,
    kind,
    subject: kind === 'call' ? 'call-1' : 'need-1',
    conversationId,
    activity: { type: 'message', text: id },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** A connector that answers every send after a millisecond, and 500 once to the conversations in `failOnce`. */
function recordingClient(failOnce: Set<string>) {
  const sent: string[] = [];
  const client = {
    async send(reference: { conversation?: { id?: string } }) {
      const conv = reference.conversation?.id ?? '';
      await new Promise((r) => setTimeout(r, 1)); // a real wait: a send takes time, so sends overlap as they do against Teams
      if (failOnce.delete(conv)) throw new ConnectorError(500, undefined, 'HTTP 500');
      sent.push(conv);
      return { id: `a-${sent.length}` };
    },
  };
  return { sent, client: client as unknown as ConnectorClient };
}

describe('the outbox sender under a large broadcast', () => {
  it("sends a person's own notice and a retry before the rest of a 300-recipient broadcast", async () => {
    const store = memoryStore();
    const conversations = Array.from({ length: 301 }, (_, i) => `a:conv-${i}`);
    await store.engine.commit(
      conversations.map((id) => ({
        c: 'conversations',
        id,
        v: { id, scope: 'personal', tenantId, savedAt: '', reference: { conversation: { id }, serviceUrl: 'http://connector.invalid/' } },
      })),
    );
    const broadcast = conversations.slice(0, 300).map((c, i) => message(`m-call-${String(i).padStart(3, '0')}`, c, 'call'));
    const notice = message('m-zz-notice', conversations[300], 'need.new');
    await store.engine.commit([...broadcast, notice].map((m) => store.outbox.op(m)));

    const { sent, client } = recordingClient(new Set([conversations[5]]));
    const deps: OutboxDeps = { store, clock: systemClock, logger: pino({ level: 'silent' }) };
    const sender = new OutboxSender(deps, client, { perTenantPerSecond: 200, perConversationPerSecond: 100 });
    sender.start();
    await waitFor(async () => (await store.outbox.pendingCount()) === 0, { timeout: 20_000, what: 'the outbox to empty' });
    await sender.stop();

    expect(new Set(sent).size).toBe(301);
    expect(sent.length).toBe(301);
    // queued behind 300 call messages by time, it still leaves with the first window
    expect(sent.indexOf(conversations[300])).toBeLessThan(70);
    // the failed one is sent again as soon as its backoff ends, not after the whole broadcast
    expect(sent.indexOf(conversations[5])).toBeLessThan(sent.indexOf(conversations[299]));
    expect(await store.outbox.get('m-call-005')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('coalesced in-place updates', () => {
  it('sends 150 changes of one card made during a broadcast as a few PUTs within the same per-tenant pace, the last with the final state', async () => {
    const store = memoryStore();
    const conversations = Array.from({ length: 41 }, (_, i) => `a:conv-${i}`);
    await store.engine.commit(
      conversations.map((id) => ({
        c: 'conversations',
        id,
        v: { id, scope: 'personal', tenantId, savedAt: '', reference: { conversation: { id }, serviceUrl: 'http://connector.invalid/' } },
      })),
    );
    await store.engine.commit(conversations.slice(0, 40).map((c, i) => store.outbox.op(message(`m-call-${String(i).padStart(3, '0')}`, c, 'call'))));

    const requests: { method: string; text: unknown; at: number }[] = [];
    const answer = async (method: string, activity: Record<string, unknown>) => {
      requests.push({ method, text: activity.text, at: Date.now() });
      await new Promise((r) => setTimeout(r, 1));
      return { id: method === 'PUT' ? 'card-1' : `a-${requests.length}` };
    };
    const client = {
      send: (_r: unknown, a: Record<string, unknown>) => answer('POST', a),
      update: (_r: unknown, _id: string, a: Record<string, unknown>) => answer('PUT', a),
    } as unknown as ConnectorClient;
    const perSecond = 20;
    const sender = new OutboxSender({ store, clock: systemClock, logger: pino({ level: 'silent' }) }, client, {
      perTenantPerSecond: perSecond,
      perConversationPerSecond: perSecond,
    });
    let progress = 0;
    sender.registerRenderer('card', () => ({ type: 'message', text: `progress ${progress}` }));
    sender.start();

    // the card changes every 10 ms while the 40 messages take 2 s at 20/s
    const update = (): OutboxMessage => {
      const now = new Date().toISOString();
      return {
        id: 'card-update',
        kind: 'call.progress',
        conversationId: conversations[40],
        render: { renderer: 'card', data: {} },
        replaces: 'card-1',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      };
    };
    for (progress = 1; progress <= 150; progress++) {
      await store.outbox.save(coalesce(await store.outbox.get('card-update'), update()));
      sender.kick();
      await new Promise((r) => setTimeout(r, 10));
    }
    progress = 150;
    const end = Date.now() + 20_000;
    while ((await store.outbox.pendingCount()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await sender.stop();

    const puts = requests.filter((r) => r.method === 'PUT');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(40);
    expect(puts.length).toBeGreaterThan(1); // the card moves while the broadcast runs
    expect(puts.length).toBeLessThan(40);
    expect(puts.at(-1)!.text).toBe('progress 150');
    expect(await store.outbox.get('card-update')).toMatchObject({ status: 'sent', revision: 150, activityId: 'card-1' });
    // the PUTs are paced with the broadcast: no second holds more than the limit, PUTs included
    const busiest = Math.max(...requests.map((a) => requests.filter((b) => b.at >= a.at && b.at < a.at + 1000).length));
    expect(busiest).toBeLessThanOrEqual(perSecond + 1);
  });
});
