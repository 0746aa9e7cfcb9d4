import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { world, PEOPLE, type World } from '../support/harness.js';
import { cardsIn, cardText, TENANT } from '../support/teams-client.js';
import { ALL_VERBS } from '../../src/cards/verbs.js';
import { validateNeedInput } from '../../src/domain/needs/validation.js';

let w: World;
beforeAll(async () => {
  w = await world();
  for (const u of Object.values(PEOPLE)) await w.client(u).say('meg');
});
afterAll(async () => w.close());

const people = Object.values(PEOPLE);
const junk = fc.oneof(
  fc.string(),
  fc.string({ maxLength: 20_000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
  fc.object(),
  fc.uuid(),
  fc.constantFrom('', '3318', '9999', 'notodden', 'grenland', 'need:x', 'join', 'prioritised', '<script>', '${x}'),
);
const verb = fc.oneof(fc.constantFrom(...ALL_VERBS), fc.string());
const data = fc.dictionary(
  fc.constantFrom(
    'needId',
    'otherId',
    'callId',
    'to',
    'note',
    'answer',
    'title',
    'description',
    'serviceArea',
    'urgency',
    'theme',
    'cluster',
    'municipality',
    'step',
    'entry',
    'direction',
    'key',
    'lang',
    'scope',
    'target',
    'deadline',
    'kind',
    'audience',
    'comment',
    'ksfCommand',
  ),
  junk,
);

describe('fuzzing the HTTP endpoint with random and mutated activities', () => {
  it('never crashes, never answers 5xx, stores nothing invalid, and still answers a normal message after 10,000 of them', async () => {
    let requests = 0;
    let fiveHundreds = 0;
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          who: fc.constantFrom(...people),
          shape: fc.constantFrom('invoke', 'message', 'raw', 'update', 'json'),
          verb,
          data,
          text: fc.oneof(
            fc.string({ maxLength: 5000 }),
            fc.constantFrom('hjelp', 'nytt behov', 'behov', 'slett mine data', 'tid +3d', 'språk klingon', 'klynge', 'ny utlysning'),
          ),
          raw: fc.anything(),
        }),
        async ({ who, shape, verb: v, data: d, text, raw }) => {
          const c = w.client(who);
          let res: { status: number };
          if (shape === 'invoke')
            res = await c.post(
              c.activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId: 'x', value: { action: { type: 'Action.Execute', verb: v, data: d } } }),
            );
          else if (shape === 'message') res = await c.post(c.activity({ type: 'message', text, value: d }));
          else if (shape === 'update')
            res = await c.post(
              c.activity({
                type: fc.sample(fc.constantFrom('conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event', 'unknownType'), 1)[0],
                action: text.slice(0, 10),
              }),
            );
          else if (shape === 'json')
            res = await c.post({
              ...(typeof raw === 'object' && raw ? raw : { raw }),
              type: 'message',
              serviceUrl: w.connector.url,
              channelId: 'msteams',
              conversation: { id: 'a:x', tenantId: TENANT },
              from: { id: 'f' },
              recipient: { id: 'b' },
            } as never);
          else {
            const r = await fetch(`${w.bot.url}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? 'null'),
            });
            res = { status: r.status };
          }
          requests++;
          if (res.status >= 500) {
            fiveHundreds++;
            ids.push(`${shape}:${v}`);
          }
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 10_000, seed: 20261129 },
    );
    console.log(`fuzz: ${requests} requests, ${fiveHundreds} answered 5xx`);
    expect(requests).toBeGreaterThanOrEqual(10_000);
    for (const need of await w.bot.deps.store.needs.all()) {
      expect(
        validateNeedInput(
          need,
          w.bot.deps.directory.themes().map((t) => t.id),
        ).ok,
        need.ref,
      ).toBe(true);
      expect(need.ref).toMatch(/^KB-\d{4}-\d{4,}$/);
    }
    const [menu] = cardsIn(await w.client(PEOPLE.contact).say('hjelp'));
    expect(cardText(menu)).toMatch(/Hva vil du gjøre\?|Kva vil du gjere\?|What would you like to do\?/);
  });
});
