import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const at = '2026-11-30T21:30:00.000Z';
const card = {
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: 'Ukesoppsummering' }] } }],
};
const record = (id: string, kind: string, subject: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  subject,
  personId: 'aad-ingrid',
  conversationId: 'a:personal-aad-ingrid',
  activity: card,
  status,
  attempts: 0,
  nextAttemptAt: at,
  createdAt: at,
  ...extra,
});

describe('schema v3: outbox records', () => {
  it('turns reminders still waiting into render requests, and leaves sent ones and other notices as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksf-outbox-v3-'));
    dirs.push(dir);
    const file = join(dir, 'ksf.json');
    const outbox = {
      digest: record('digest', 'reminder.digest', '2026-W49', 'pending'),
      part: record('part', 'reminder.participation', 'notodden:3318', 'pending'),
      call: record('call', 'reminder.call', 'c1', 'pending', { municipality: '3318' }),
      need: record('need', 'reminder.need', 'n1', 'pending'),
      sentDigest: record('sentDigest', 'reminder.digest', '2026-W48', 'sent', { sentAt: at }),
      notice: record('notice', 'need.status', 'n1', 'pending'),
    };
    writeFileSync(file, JSON.stringify({ schemaVersion: 2, seq: 1, collections: { outbox } }));

    const store = await openStore(file);
    expect((await store.stats()).schemaVersion).toBe(3);
    const digest = (await store.outbox.get('digest'))!;
    expect(digest).not.toHaveProperty('activity');
    expect(digest).toMatchObject({
      kind: 'reminder.digest',
      status: 'pending',
      personId: 'aad-ingrid',
      render: { renderer: 'reminder.digest', data: { week: '2026-W49' } },
    });
    expect((await store.outbox.get('part'))!.render).toEqual({ renderer: 'reminder.participation', data: { cluster: 'notodden', municipality: '3318' } });
    expect((await store.outbox.get('call'))!.render).toEqual({ renderer: 'reminder.call', data: { callId: 'c1', municipality: '3318' } });
    expect((await store.outbox.get('need'))!.render).toEqual({ renderer: 'reminder.need', data: { needId: 'n1' } });
    expect(await store.outbox.get('sentDigest')).toEqual(outbox.sentDigest);
    expect(await store.outbox.get('notice')).toEqual(outbox.notice);
    await store.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(3);
  });
});
