import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PEOPLE } from '../support/harness.js';
import { adversarialTexts, commandWords } from '../support/adversarial.js';
import { adversarialBot } from '../support/adversarial-run.js';
import { ensureBundle, BUILD_TIMEOUT } from '../support/bundle.js';
import { ALL_VERBS } from '../../src/cards/verbs.js';

let b: Awaited<ReturnType<typeof adversarialBot>>;
beforeAll(ensureBundle, BUILD_TIMEOUT);
beforeAll(async () => {
  b = await adversarialBot();
});
afterAll(async () => b?.close());

// Each answer and /healthz within 1 s: a normal turn takes ~40 ms here; the old patterns took
// ~12 s for 3 KB and hours for 100 KB.
const LIMIT_MS = 1000;

describe('100 KB of adversarial whitespace on every text route', () => {
  it('every command word, typed by a known person and by an unknown one at the onboarding gate', async () => {
    let n = 0;
    for (const word of commandWords()) {
      for (const text of adversarialTexts(word)) {
        for (const u of [PEOPLE.coordinator, PEOPLE.stranger]) {
          const { turn, health, answered } = await b.attack(u, b.client(u).activity({ type: 'message', text }), `${u.name}: ${word}`);
          n++;
          expect(turn.status, `${word} by ${u.name}`).toBe(200);
          expect(turn.ms, `${word} by ${u.name}`).toBeLessThan(LIMIT_MS);
          expect(health.status).toBe(200);
          expect(health.ms, `/healthz during ${word}`).toBeLessThan(LIMIT_MS);
          expect(answered, `an answer to ${word} by ${u.name}`).toBe(true);
        }
      }
    }
    console.log(
      `adversarial text: ${n} messages of ~100 KB, slowest answer ${b.worst.turnMs.toFixed(0)} ms (${b.worst.what}), slowest /healthz ${b.worst.healthMs.toFixed(0)} ms`,
    );
  });

  it('every card verb with ~20 KB of whitespace and digits in each text field', async () => {
    const junk = `${' \n'.repeat(5_000)}12345612345 ${'1 '.repeat(2_000)}${' '.repeat(2_000)}x`;
    const fields = ['title', 'description', 'population', 'note', 'comment', 'summary', 'body', 'sender', 'link', 'answer'];
    const data = Object.fromEntries(fields.map((f) => [f, junk]));
    for (const verb of ALL_VERBS) {
      for (const u of [PEOPLE.coordinator, PEOPLE.stranger]) {
        const activity = b
          .client(u)
          .activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId: 'x', value: { action: { type: 'Action.Execute', verb, data } } });
        const { turn, health } = await b.attack(u, activity, `${u.name}: ${verb}`);
        expect(turn.status, `${verb} by ${u.name}`).toBe(200);
        expect(turn.ms, `${verb} by ${u.name}`).toBeLessThan(LIMIT_MS);
        expect(health.ms, `/healthz during ${verb}`).toBeLessThan(LIMIT_MS);
      }
    }
    console.log(`adversarial cards: ${ALL_VERBS.length * 2} invokes, slowest answer overall ${b.worst.turnMs.toFixed(0)} ms`);
  });
});
