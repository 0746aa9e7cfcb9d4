import type { TurnContext } from 'botbuilder';
import { attachment, type AdaptiveCard } from '../cards/templates.js';

/** Sends a card, or text, as a new message. */
export async function send(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
  if (typeof content === 'string') await context.sendActivity(content);
  else await context.sendActivity({ attachments: [attachment(content)] });
}

export { invokeMessage } from '../cards/invoke.js';
