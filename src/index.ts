import { loadConfig, ConfigError } from './config.js';
import { DirectoryError } from './directory/load.js';
import { StoreCorruptError, StoreLockedError, StoreUnavailableError, StoreUnwritableError } from './store/errors.js';
import { startBot } from './bot.js';
import { AdjustableClock } from './clock.js';

/** Entry point: config → bot, and a clean stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const bot = await startBot(config, { clock: new AdjustableClock(config.fakeNow) });
  const stop = async (signal: string) => {
    bot.deps.logger.info({ signal }, 'stopping');
    await bot.stop();
    process.exit(0);
  };
  // A change fired without waiting for it, refused while the disk is full, must not stop the bot;
  // any other unhandled rejection still ends the process, as Node does by default.
  process.on('unhandledRejection', (err) => {
    if (!(err instanceof StoreUnavailableError)) {
      console.error(err);
      process.exit(1);
    }
    bot.deps.logger.warn({ err }, 'a background change was not saved: the store cannot write');
  });
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // the production loader (src/boot.cjs) writes V8's code cache now that a start has run
  (globalThis as { ksfStarted?: () => void }).ksfStarted?.();
}

main().catch((err: unknown) => {
  const known = [ConfigError, DirectoryError, StoreCorruptError, StoreLockedError, StoreUnwritableError].some((E) => err instanceof E);
  console.error(known ? `KSF bot cannot start: ${(err as Error).message}` : err);
  process.exit(known ? 78 : 1);
});
