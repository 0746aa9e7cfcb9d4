import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the root logger; features take `logger.child({ feature })`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'ksf-bot' } });
}
