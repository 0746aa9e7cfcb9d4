// `npx tsx bench/history.ts`: journal bytes written per re-answer of a call, 1st to 2,000th.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reAnswerBytes } from '../test/support/history-growth.js';

const COUNT = Number(process.env.BENCH_REANSWERS ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'ksf-history-'));
try {
  const started = performance.now();
  const bytes = await reAnswerBytes(dir, COUNT);
  const at = (n: number) => bytes[Math.min(n, bytes.length) - 1];
  const mean = (from: number, to: number) => Math.round(bytes.slice(from - 1, to).reduce((a, b) => a + b, 0) / (to - from + 1));
  console.log(`bytes appended to the journal per re-answer (${COUNT} re-answers, ${Math.round(performance.now() - started)} ms):`);
  for (const n of [1, 100, 1000, 2000].filter((n) => n <= COUNT)) console.log(`  re-answer ${String(n).padStart(5)}: ${at(n)} bytes`);
  if (COUNT >= 200) console.log(`  mean of the first 100: ${mean(1, 100)}, of the last 100: ${mean(COUNT - 99, COUNT)}`);
  console.log(`  total: ${(bytes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
