import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { world, PEOPLE, TEST_STORE, type World } from '../support/harness.js';
import { PG_SCHEMA_VERSION } from '../../src/store/pg/schema.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { textsIn, cardsIn, cardText } from '../support/teams-client.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => w.close());

describe('failures a person may meet', () => {
  it('tells the person in their language when something breaks, and answers HTTP 200', async () => {
    const sigrid = w.client(PEOPLE.employeeNynorsk);
    await sigrid.say('meg');
    // Make every write fail: the next turn that stores something throws inside the handler.
    const engine = w.bot.deps.store.engine;
    const commit = engine.commit.bind(engine);
    engine.commit = () => Promise.reject(new Error('something unexpected broke'));
    const sent = await sigrid.say('språk bokmål');
    expect(textsIn(sent)).toEqual(['Orsak, noko gjekk gale hos oss. Prøv igjen om litt. Dette er logga.']);
    const click = await sigrid.click('language.set', { lang: 'en' });
    expect(click.status).toBe(200);
    expect(click.message).toBe('Orsak, noko gjekk gale hos oss. Prøv igjen om litt. Dette er logga.');
    engine.commit = commit;
  });

  it('answers a malformed JSON body with 400 and keeps working', async () => {
    const res = await fetch(`${w.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message",' });
    expect(res.status).toBe(400);
    expect(cardText(cardsIn(await w.client(PEOPLE.contact).say('hjelp'))[0])).toContain('Hva vil du gjøre?');
  });

  it('reports the store on /healthz', async () => {
    await w.client(PEOPLE.contact).say('meg');
    const res = await fetch(`${w.bot.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      mode: 'local',
      store: {
        kind: TEST_STORE,
        schemaVersion: TEST_STORE === 'postgres' ? PG_SCHEMA_VERSION : CURRENT_SCHEMA_VERSION,
        counts: { people: 1, conversations: 1 },
        outbox: { pending: 0, due: 0, claimed: 0 },
      },
    });
  });
});
