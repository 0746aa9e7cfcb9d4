import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { memoryStore } from '../../src/store/store.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import { ConnectorError, type ConnectorClient } from '../../src/outbox/connector-client.js';
import { systemClock, type Deps } from '../../src/deps.js';
import type { OutboxMessage } from '../../src/domain/outbox.js';
import { waitFor } from '../support/wait.js';

const tenantId = 't1';

function message(id: string, conversationId: string, kind: string): OutboxMessage {
  const now = new Date().toISOString();
  return { id, kind, subject: kind === 'call' ? 'call-1' : 'need-1', conversationId, activity: { type: 'message', text: id }, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now };
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
    await store.engine.commit(conversations.map((id) => ({
      c: 'conversations', id, v: { id, scope: 'personal', tenantId, savedAt: '', reference: { conversation: { id }, serviceUrl: 'http://connector.invalid/' } },
    })));
    const broadcast = conversations.slice(0, 300).map((c, i) => message(`m-call-${String(i).padStart(3, '0')}`, c, 'call'));
    const notice = message('m-zz-notice', conversations[300], 'need.new');
    await store.engine.commit([...broadcast, notice].map((m) => store.outbox.op(m)));

    const { sent, client } = recordingClient(new Set([conversations[5]]));
    const deps = { store, clock: systemClock, logger: pino({ level: 'silent' }) } as unknown as Deps;
    const sender = new OutboxSender(deps, client, { perTenantPerSecond: 200, perConversationPerSecond: 100, concurrency: 4 });
    sender.start();
    await waitFor(() => store.outbox.pendingCount() === 0, { timeout: 20_000, what: 'the outbox to empty' });
    await sender.stop();

    expect(new Set(sent).size).toBe(301);
    expect(sent.length).toBe(301);
    // queued behind 300 call messages by time, it still leaves with the first window
    expect(sent.indexOf(conversations[300])).toBeLessThan(70);
    // the failed one is sent again as soon as its backoff ends, not after the whole broadcast
    expect(sent.indexOf(conversations[5])).toBeLessThan(sent.indexOf(conversations[299]));
    expect(store.outbox.get('m-call-005')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
