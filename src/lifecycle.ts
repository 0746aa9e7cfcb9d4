import { withRetry } from './store/unit.js';
import type { Lifecycle } from './deps.js';

/** Start/stop hooks and sweeps that features register; the bot runs them around listening. */
export function createLifecycle(): Lifecycle & { start(): void; stop(): Promise<void> } {
  const starts: (() => void)[] = [];
  const stops: (() => void | Promise<void>)[] = [];
  const sweeps: (() => Promise<void>)[] = [];
  let running: Promise<void> | null = null;
  return {
    onStart: (fn) => void starts.push(fn),
    onStop: (fn) => void stops.push(fn),
    addSweep: (fn) => void sweeps.push(fn),
    /** Sweeps never overlap: a call while one runs waits for it and runs once more. */
    async runSweeps() {
      while (running) await running;
      running = (async () => {
        // each sweep is a unit of work of its own: a change another instance made meanwhile is not overwritten
        for (const sweep of sweeps) await withRetry(sweep, { attempts: 3 });
      })().finally(() => {
        running = null;
      });
      await running;
    },
    start() {
      for (const fn of starts) fn();
    },
    async stop() {
      for (const fn of stops) await fn();
      while (running) await running;
    },
  };
}
