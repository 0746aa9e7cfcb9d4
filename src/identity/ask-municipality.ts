import type { TurnContext } from 'botbuilder';
import type { Deps } from '../deps.js';
import type { Language } from '../domain/people.js';
import { translator } from '../i18n/index.js';
import { onboardingCard } from '../cards/render.js';
import { tenantOf, trOf } from './turn-context.js';

/**
 * The card that asks an unknown person which municipality they work for, preselected from their
 * tenant: shown by the gate, by `hjelp` and by a language choice before they have registered.
 */
export function onboardingFor(context: TurnContext, deps: Pick<Deps, 'directory'>, lang?: Language, error?: string) {
  const tr = lang ? translator(lang) : trOf(context);
  const preselected = deps.directory.municipalityForTenant(tenantOf(context))?.number ?? '';
  return onboardingCard(tr, {
    municipalities: deps.directory.municipalities().map((m) => ({ number: m.number, name: m.name })),
    selected: preselected,
    error,
  });
}
