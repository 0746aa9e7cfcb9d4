import type { Activity } from 'botbuilder';

/** An invoke response (Universal Actions) that shows a message instead of a card. */
export function invokeMessage(text: string): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
  };
}
