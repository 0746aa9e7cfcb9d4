import { catalogs } from '../../src/i18n/index.js';

/** Every command word the bot knows, in all three languages ("hjelp", "help", "språk", "tid" …). */
export function commandWords(): string[] {
  const words = new Set<string>();
  for (const c of Object.values(catalogs)) for (const [k, v] of Object.entries(c)) if (k.startsWith('command.')) words.add(String(v));
  return [...words];
}

/**
 * Texts that made backtracking patterns explode: the command word, ~100 KB of whitespace and line
 * breaks, then something that makes the match fail at the very end.
 */
export function adversarialTexts(word: string, size = 100_000): string[] {
  const fill = (unit: string) => unit.repeat(Math.floor((size - word.length - 60) / unit.length));
  return [`${word}${fill(' ')}a\nb`, `${word} ${fill('\n \t\r')}x\ny`, `${fill(' \n')}${word}${' '.repeat(40)}+3d\n!`];
}

/** POSTs JSON and measures; gives up after `timeoutMs` (a frozen bot must fail the test, not hang it). */
export async function timedPost(
  url: string,
  body: unknown,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number; body: any }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, ms: performance.now() - t0, body: parsed };
  } catch {
    return { status: 0, ms: performance.now() - t0, body: undefined };
  }
}

/** GET /healthz, measured; status 0 when it did not answer within `timeoutMs`. */
export async function timedHealth(botUrl: string, timeoutMs = 10_000): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.text();
    return { status: res.status, ms: performance.now() - t0 };
  } catch {
    return { status: 0, ms: performance.now() - t0 };
  }
}
