import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { personKey, trOf } from '../../identity/turn-context.js';
import { factsCard, languageCard } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { translator } from '../../i18n/index.js';
import { LANGUAGES, type Language } from '../../domain/people.js';
import { parseLanguageWord } from '../../domain/language.js';
import type { Identity } from '../../domain/identity.js';
import { send } from '../reply.js';
import { command, commandWithArgument } from '../commands.js';
import { withIdentity } from '../actions.js';
import { onboardingFor } from '../../identity/ask-municipality.js';

const setLanguage = z.object({ lang: z.enum(LANGUAGES) });

/** `meg` / `me` and the language choice (`språk nynorsk`, or the buttons). */
export function register(app: Application<TurnState>, deps: Deps): void {
  deps.menu.add({ title: 'menu.me', command: 'command.me', allowed: () => true, order: 80 });
  deps.menu.add({ title: 'menu.language', command: 'command.language', allowed: () => true, order: 85 });

  app.message(command('command.me'), withIdentity(async (context, identity) => {
    await send(context, meCard(deps, identity));
  }));

  /** Stores the choice; returns the translator of the new language, or undefined for an unknown person. */
  const choose = async (context: TurnContext, lang: Language) => {
    const person = deps.store.people.get(personKey(context));
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

  app.adaptiveCards.actionExecute(VERBS.setLanguage, async (context, _state, data) => {
    const parsed = setLanguage.safeParse(data);
    if (!parsed.success) return trOf(context)('error.invalidCard');
    const tr = await choose(context, parsed.data.lang);
    if (!tr) return onboardingFor(context, deps, parsed.data.lang);
    return languageCard(tr, tr('language.set'));
  });
}

function meCard(deps: Deps, identity: Identity) {
  const tr = translator(identity.language);
  const d = deps.directory;
  const clusters = d.clustersOf(identity.municipality).map((c) => c.name).join(', ');
  const coordinates = [
    ...(identity.coordinatedRegion ? [d.region(identity.coordinatedRegion)?.name ?? identity.coordinatedRegion] : []),
    ...identity.coordinatedClusters.map((id) => d.cluster(id)?.name ?? id),
  ];
  const facts = [
    { label: tr('me.name'), value: identity.name || tr('me.none') },
    { label: tr('me.email'), value: identity.email ?? tr('me.none') },
    { label: tr('me.municipality'), value: d.municipality(identity.municipality)?.name ?? identity.municipality },
    { label: tr('me.clusters'), value: clusters || tr('me.none') },
    { label: tr('me.roles'), value: identity.roles.map((r) => tr(`role.${r}`)).join(', ') },
    { label: tr('me.language'), value: tr(`lang.${identity.language}`) },
    { label: tr('me.source'), value: tr(identity.source === 'directory' ? 'me.source.directory' : 'me.source.self') },
  ];
  if (coordinates.length) facts.splice(5, 0, { label: tr('me.coordinates'), value: [...new Set(coordinates)].join(', ') });
  return factsCard({ title: tr('me.title'), facts });
}
