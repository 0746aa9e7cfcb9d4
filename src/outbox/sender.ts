import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConversationReference } from 'botbuilder';
import type { Deps } from '../deps.js';
import { afterFailure } from '../domain/outbox.js';
import type { OutboxMessage } from '../domain/outbox.js';

interface SendError {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
  message?: string;
}

function retryAfterSeconds(err: SendError): number | undefined {
  const value = err.response?.headers?.get?.('retry-after');
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Works through the durable outbox: sends each pending message as a proactive message with the
 * stored conversation reference and records the outcome. Survives restarts: anything still
 * pending in the store is sent when the bot starts again.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly log;

  constructor(private readonly deps: Deps, private readonly adapter: TeamsAdapter) {
    this.log = deps.logger.child({ feature: 'outbox' });
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Something was enqueued: look now. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) this.running = this.drain().finally(() => {
      this.running = null;
      this.scheduleNext();
    });
  }

  /** Resolves when nothing is due now (tests and graceful stops). */
  async idle(): Promise<void> {
    for (;;) {
      await this.running;
      const now = this.deps.clock.now().getTime();
      const due = this.deps.store.outbox.pending().some((m) => Date.parse(m.nextAttemptAt) <= now);
      if (!due && !this.running) return;
      if (!this.running) this.kick();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const pending = this.deps.store.outbox.pending();
    if (!pending.length) return;
    const next = Math.min(...pending.map((m) => Date.parse(m.nextAttemptAt)));
    const wait = Math.max(0, Math.min(next - this.deps.clock.now().getTime(), 60_000));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.deps.clock.now().getTime();
      const due = this.deps.store.outbox
        .pending()
        .filter((m) => Date.parse(m.nextAttemptAt) <= now)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      if (!due.length) return;
      for (const message of due) {
        if (this.stopped) return;
        await this.sendOne(message);
      }
    }
  }

  private async sendOne(message: OutboxMessage): Promise<void> {
    const conv = message.conversationId ? this.deps.store.conversations.get(message.conversationId) : undefined;
    const now = () => this.deps.clock.now();
    if (!conv) {
      await this.deps.store.outbox.save({ ...message, status: 'not-installed', error: 'no stored conversation reference' });
      return;
    }
    const attempts = message.attempts + 1;
    try {
      let activityId: string | undefined;
      await this.adapter.continueConversationAsync(this.deps.config.botId, conv.reference as Partial<ConversationReference>, async (context) => {
        const response = await context.sendActivity(message.activity);
        activityId = response?.id;
      });
      await this.deps.store.outbox.save({ ...message, status: 'sent', attempts, sentAt: now().toISOString(), activityId, error: undefined });
    } catch (err) {
      const e = err as SendError;
      const outcome = afterFailure(e.statusCode, attempts, now(), retryAfterSeconds(e));
      if (outcome.kind === 'retry') {
        await this.deps.store.outbox.save({ ...message, attempts, nextAttemptAt: outcome.at.toISOString(), error: e.message ?? String(err) });
      } else if (outcome.kind === 'give-up') {
        this.log.warn({ id: message.id, status: outcome.status, reason: outcome.reason }, 'proactive message not delivered');
        await this.deps.store.outbox.save({ ...message, attempts, status: outcome.status, error: outcome.reason });
      }
    }
  }
}
