import { describe, it, expect } from 'vitest';
import { TestAdapter, type TurnContext } from 'botbuilder';
import type { TurnState } from '@microsoft/teams-ai';
import { withIdentity } from '../../src/features/actions.js';
import { setIdentity } from '../../src/identity/turn-context.js';
import { resolveIdentity, type Identity } from '../../src/domain/identity.js';
import { loadDirectory } from '../../src/directory/load.js';
import { DEMO_DIRECTORY } from '../../src/paths.js';

// withIdentity guards a message handler by itself, whatever the route order: the gate is not needed for it to be safe.
const kari = resolveIdentity(loadDirectory(DEMO_DIRECTORY), [], {
  id: 'aad-kari',
  tenantId: 't',
  name: 'Kari Nordmann',
  email: 'kari.nordmann@krodsherad.example.no',
  municipality: '3318',
  selfRegistered: false,
  linkedAt: '',
  updatedAt: '',
});

function adapterWith(identity: Identity | undefined, seen: Identity[]) {
  const handler = withIdentity(async (context, who) => {
    seen.push(who);
    await context.sendActivity(`hei ${who.name}`);
  });
  return new TestAdapter(async (context: TurnContext) => {
    setIdentity(context, identity);
    await handler(context, {} as TurnState);
  });
}

describe('withIdentity', () => {
  it('hands the handler the known person', async () => {
    const seen: Identity[] = [];
    await adapterWith(kari, seen).send('meg').assertReply('hei Kari Nordmann');
    expect(seen.map((i) => i.personId)).toEqual(['aad-kari']);
  });

  it('tells an unknown person to choose their municipality and never runs the handler', async () => {
    const seen: Identity[] = [];
    await adapterWith(undefined, seen).send('meg').assertReply('Før du kan bruke boten, må du velge hvilken kommune du jobber i.');
    expect(seen).toEqual([]);
  });
});
