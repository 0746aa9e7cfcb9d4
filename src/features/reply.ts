import type { TurnContext } from 'botbuilder';
import { attachment, type AdaptiveCard } from '../cards/templates.js';

/** Sends a card, or text, as a new message. (Kept out of cards/: the cards are pure, this sends.) */
export async function send(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
  if (typeof content === 'string') await context.sendActivity(content);
  else await context.sendActivity({ attachments: [attachment(content)] });
}

// the invoke reply lives beside the cards, so that identity/ and app.ts need nothing from features/
export { invokeMessage } from '../cards/reply.js';
