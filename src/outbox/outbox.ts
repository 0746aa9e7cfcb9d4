import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { OutboxMessage } from '../domain/outbox.js';

/** What the outbox needs from the bot: it knows nothing of features, catalogs or cards. */
export interface OutboxDeps {
  store: Store;
  clock: { now(): Date };
  logger: Logger;
}

/**
 * Turns a render request's data into the activity to send, at send time (the recipient's language
 * and the record's state of that moment). `null`: nothing to send any more (the record is
 * cancelled). Registered by the feature that enqueues such records.
 */
export type Renderer = (data: Record<string, unknown>, message: OutboxMessage) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>;

/** Requests made, by outcome: for reports and tests. */
export interface OutboxCounters {
  requests: number;
  sent: number;
  retried: number;
  gaveUp: number;
  rerouted: number;
}

/** The durable outbox as features see it: they commit records to the store, then kick it. */
export interface Outbox {
  /** Something was enqueued or became due: send what is due now. */
  kick(): void;
  /** Resolves when nothing is due or in flight. */
  idle(): Promise<void>;
  /** Called after each message reaches a final outcome or is rescheduled. */
  onSettled(listener: (m: OutboxMessage) => void): void;
  /** True while a request for message `id` is with Teams and not yet answered: it may arrive. */
  isHandedOver(id: string): boolean;
  /** How records naming `renderer` become an activity when they are sent. */
  registerRenderer(renderer: string, render: Renderer): void;
  readonly counters: OutboxCounters;
}
