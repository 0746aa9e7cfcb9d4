import { readdirSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Attachment } from 'botbuilder';
import { CARDS_DIR } from '../paths.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/** Parsed once at start; expanding never mutates the template. */
const templates = new Map<string, ACData.Template>();

function load(): void {
  for (const file of readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'))) {
    templates.set(basename(file, '.json'), new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8'))));
  }
}
load();

export function templateNames(): string[] {
  return [...templates.keys()];
}

/** Binds the named template in `cards/` to a view model. */
export function expand(name: string, vm: object): AdaptiveCard {
  const template = templates.get(name);
  if (!template) throw new Error(`No card template "${name}" in ${CARDS_DIR}`);
  return template.expand({ $root: vm }) as AdaptiveCard;
}

/** Wraps a card as a message attachment. */
export function attachment(card: AdaptiveCard): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
