import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { menuCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { rolesInline } from '../roles.js';
import { command } from '../commands.js';
import { onboardingFor } from '../../identity/ask-municipality.js';

/** `hjelp` / `help`: a menu with exactly the actions the person's roles allow. */
export function register(app: Application<TurnState>, deps: Deps): void {
  app.message(command('command.help'), async (context) => {
    const identity = identityOf(context);
    const tr = trOf(context);
    if (!identity) {
      await send(context, onboardingFor(context, deps));
      return;
    }
    const items = deps.menu.for(identity).map((e) => ({ title: tr(e.title), command: tr(e.command) }));
    const roles = rolesInline(tr, identity.roles);
    await send(context, menuCard(tr, { roles, items }));
  });
}
