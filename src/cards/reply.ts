import type { Activity } from 'botbuilder';

/** An invoke response (Universal Actions) that shows a message instead of a card. */
export function invokeMessage(text: string): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
  };
}

/** True for the invokes of a message extension (search, pick, link), which want a `composeExtension` answer. */
export function isComposeExtension(activity: Pick<Activity, 'type' | 'name'>): boolean {
  return activity.type === 'invoke' && typeof activity.name === 'string' && activity.name.startsWith('composeExtension/');
}

/** Words as the answer to any invoke: a message extension's message result, else a Universal Actions message. */
export function invokeText(activity: Pick<Activity, 'type' | 'name'>, text: string): Partial<Activity> {
  if (!isComposeExtension(activity)) return invokeMessage(text);
  return { type: 'invokeResponse', value: { status: 200, body: { composeExtension: { type: 'message', text } } } };
}
