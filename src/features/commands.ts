import type { TurnContext } from 'botbuilder';
import { catalogs, type MessageKey } from '../i18n/index.js';

/**
 * The longest text (after trimming) that can be a command: the longest command word with a short
 * argument. Anything longer is never a command, so no pattern ever runs over more than this.
 */
export const MAX_COMMAND_LENGTH = 200;

/** A route selector for teams-ai that also parses the text itself. */
export interface Command {
  (context: TurnContext): Promise<boolean>;
  /** True when `text` is this command. */
  test(text: unknown): boolean;
  /** The argument after the command word ("nynorsk" in "språk nynorsk"), or undefined. */
  argument(text: unknown): string | undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function words(key: MessageKey): string {
  const all = new Set(Object.values(catalogs).map((c) => c[key].toLowerCase()));
  return [...all].map(escape).join('|');
}

/** Trimmed text, or undefined when it is too long to be any command (checked before any pattern runs). */
function commandText(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  return t.length <= MAX_COMMAND_LENGTH ? t : undefined;
}

// The patterns run only on trimmed text of at most MAX_COMMAND_LENGTH characters, and no two
// quantifiers in them can match the same character: each is linear in the text.
function matcher(pattern: RegExp): Command {
  const exec = (text: unknown) => {
    const t = commandText(text);
    return t === undefined ? null : pattern.exec(t);
  };
  const selector = (async (context: TurnContext) => context.activity.type === 'message' && exec(context.activity.text) !== null) as Command;
  selector.test = (text) => exec(text) !== null;
  selector.argument = (text) => exec(text)?.[1];
  return selector;
}

/** The command `key` typed alone, in any of the three languages ("hjelp", "help", "Hjelp!"). */
export function command(key: MessageKey): Command {
  return matcher(new RegExp(`^(?:${words(key)})(?:\\s*[.!?])?$`, 'i'));
}

/** The command `key`, optionally followed by an argument ("språk nynorsk"); `argument()` returns it. */
export function commandWithArgument(key: MessageKey): Command {
  return matcher(new RegExp(`^(?:${words(key)})(?:\\s+(\\S.*))?$`, 'i'));
}
