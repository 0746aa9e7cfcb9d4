import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** What every log line written during a turn carries. */
export interface TurnIds {
  activityId?: string;
  conversation?: string;
}

const turn = new AsyncLocalStorage<TurnIds>();
// ids come from the caller's activity: capped, so a long one cannot bloat every line
const cap = (s: unknown) => (typeof s === 'string' ? s.slice(0, 100) : undefined);

/** Runs `fn` as one turn: every line logged until it settles (awaits included) names the activity and conversation. */
export function inTurn<T>(activity: { id?: unknown; conversation?: { id?: unknown } } | undefined, fn: () => T): T {
  return turn.run({ activityId: cap(activity?.id), conversation: cap(activity?.conversation?.id) }, fn);
}

/** Runs `fn` outside any turn: for work a turn only wakes (the outbox), which is not part of it. */
export function outsideTurn<T>(fn: () => T): T {
  return turn.exit(fn);
}

/** Creates the root logger; features take `logger.child({ feature })`. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { app: 'ksf-bot' }, mixin: () => ({ ...turn.getStore() }) };
  return destination ? pino(options, destination) : pino(options);
}
