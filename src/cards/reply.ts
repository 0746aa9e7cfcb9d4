import type { Activity, TurnContext } from 'botbuilder';
import { attachment, type AdaptiveCard } from './templates.js';

/** Sends a card, or text, as a new message. */
export async function send(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
  if (typeof content === 'string') await context.sendActivity(content);
  else await context.sendActivity({ attachments: [attachment(content)] });
}

/** An invoke response (Universal Actions) that shows a message instead of a card. */
export function invokeMessage(text: string): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
  };
}
