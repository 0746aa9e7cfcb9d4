import { readdirSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Attachment } from 'botbuilder';
import { CARDS_DIR } from '../paths.js';
import { literalCard } from './literal.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/** The card files, read at start. */
const sources = new Map<string, unknown>();
for (const file of readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'))) {
  sources.set(basename(file, '.json'), JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8')));
}

/**
 * Each template is parsed once (its expressions cost ~20 ms to parse) and kept; expanding never
 * mutates it. Parsing happens on first use or in `warmTemplates` after the bot listens, so a start
 * does not wait ~350 ms for it.
 */
const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    const source = sources.get(name);
    if (source === undefined) throw new Error(`No card template "${name}" in ${CARDS_DIR}`);
    templates.set(name, (t = new ACData.Template(source)));
  }
  return t;
}

/** Parses every template not parsed yet, one per turn of the event loop. */
export async function warmTemplates(): Promise<void> {
  for (const name of sources.keys()) {
    template(name);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function templateNames(): string[] {
  return [...sources.keys()];
}

/**
 * Binds the named template in `cards/` to a view model. Every text the card would parse as
 * markdown comes out literal (`literal.ts`): user text never becomes a link, an image or a list,
 * and a date at the start of a line never becomes a numbered list.
 */
export function expand(name: string, vm: object): AdaptiveCard {
  return literalCard(template(name).expand({ $root: vm }) as AdaptiveCard);
}

/** Wraps a card as a message attachment. */
export function attachment(card: AdaptiveCard): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
