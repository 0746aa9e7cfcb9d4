import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { personKey, trOf } from '../../identity/turn-context.js';
import { languageCard } from '../../cards/render.js';
import { meView, type MeVm } from './views.js';
import { VERBS } from '../../cards/verbs.js';
import { translator } from '../../i18n/index.js';
import type { Language } from '../../domain/people.js';
import { parseLanguageWord } from '../../domain/language.js';
import type { Identity } from '../../domain/identity.js';
import { send } from '../reply.js';
import { actions } from '../actions.js';
import { command, commandWithArgument } from '../commands.js';
import { withIdentity } from '../actions.js';
import { onboardingFor } from '../../identity/ask-municipality.js';

/** `meg` / `me` and the language choice (`språk nynorsk`, or the buttons). */
export function register(app: Application<TurnState>, deps: Deps): void {
  deps.menu.add({ title: 'menu.me', command: 'command.me', allowed: () => true, order: 80 });
  deps.menu.add({ title: 'menu.language', command: 'command.language', allowed: () => true, order: 85 });

  app.message(
    command('command.me'),
    withIdentity(async (context, identity) => {
      await send(context, meView(meVm(deps, identity), translator(identity.language)));
    }),
  );

  /** Stores the choice; returns the translator of the new language, or undefined for an unknown person. */
  const choose = async (context: TurnContext, lang: Language) => {
    const person = await deps.store.people.get(personKey(context));
    if (!person) return undefined;
    await deps.store.people.save({ ...person, language: lang, updatedAt: deps.clock.now().toISOString() });
    return translator(lang);
  };

  const language = commandWithArgument('command.language');
  app.message(language, async (context) => {
    const arg = language.argument(context.activity.text);
    if (!arg) {
      await send(context, languageCard(trOf(context)));
      return;
    }
    const lang = parseLanguageWord(arg);
    if (!lang) {
      await send(context, trOf(context)('language.unknown'));
      return;
    }
    const tr = await choose(context, lang);
    if (!tr) await send(context, onboardingFor(context, deps, lang));
    else await send(context, tr('language.set'));
  });

  const { anyone } = actions(app, deps.logger.child({ feature: 'profile' }));
  anyone(VERBS.setLanguage, async (context, { lang }) => {
    const tr = await choose(context, lang);
    if (!tr) return onboardingFor(context, deps, lang);
    return languageCard(tr, tr('language.set'));
  });
}

/** Who the person is in the directory's words: names of their municipality, clusters and what they coordinate. */
function meVm(deps: Deps, identity: Identity): MeVm {
  const d = deps.directory;
  return {
    identity,
    municipalityName: d.municipality(identity.municipality)?.name ?? identity.municipality,
    clusterNames: d.clustersOf(identity.municipality).map((c) => c.name),
    coordinates: [
      ...(identity.coordinatedRegion ? [d.region(identity.coordinatedRegion)?.name ?? identity.coordinatedRegion] : []),
      ...identity.coordinatedClusters.map((id) => d.cluster(id)?.name ?? id),
    ],
  };
}
