import { z } from 'zod';
import type { Config } from '../config.js';
import { serviceUrlAllowed } from '../domain/service-urls.js';

/** The longest message text accepted (Teams itself caps a message at about 28 KB). */
export const MAX_TEXT = 100_000;

const id = z.string().min(1).max(1000);
const short = z.string().max(1000);
const account = z.object({ id, name: short.optional(), aadObjectId: z.string().max(200).optional(), role: z.string().max(100).optional() }).passthrough();
const idHolder = z.object({ id: z.string().max(1000).optional() }).passthrough();
const mention = z
  .object({ type: z.literal('mention'), text: z.string().max(MAX_TEXT), mentioned: z.object({ id: z.string().max(1000) }).passthrough() })
  .passthrough();
const entity = z
  .object({ type: z.string().max(200) })
  .passthrough()
  .superRefine((e, ctx) => {
    if (e.type.toLowerCase() !== 'mention') return;
    const m = mention.safeParse({ ...e, type: 'mention' });
    if (!m.success) ctx.addIssue({ code: 'custom', message: 'a mention needs text and mentioned.id' });
  });

/**
 * Every field of an activity the bot (or teams-ai / botbuilder on its behalf) reads, with its type
 * and a size cap. Anything else is the caller's mistake (400), never a crash inside the SDK (500).
 */
export const activityShape = z
  .object({
    type: z.string().min(1).max(100),
    id: short.optional(),
    channelId: z.string().min(1).max(100),
    serviceUrl: z.string().url().max(2000),
    locale: z.string().max(100).optional(),
    text: z.string().max(MAX_TEXT).optional(),
    textFormat: z.string().max(100).optional(),
    name: z.string().max(200).optional(),
    action: z.string().max(100).optional(),
    replyToId: short.optional(),
    deliveryMode: z.string().max(100).optional(),
    timestamp: z.string().max(100).optional(),
    // a card's data: an object (each handler validates its own payload with zod)
    value: z
      .object({
        action: z
          .object({ type: z.string().max(100).optional(), verb: z.string().max(200).optional() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    conversation: z
      .object({
        id,
        conversationType: z.string().max(100).optional(),
        tenantId: z.string().max(100).optional(),
        isGroup: z.boolean().optional(),
        name: short.optional(),
      })
      .passthrough(),
    from: account,
    recipient: account,
    channelData: z
      .object({ tenant: idHolder.optional(), team: idHolder.optional(), channel: idHolder.optional(), eventType: z.string().max(200).optional() })
      .passthrough()
      .optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
    entities: z.array(entity).max(100).optional(),
    attachments: z
      .array(z.object({ contentType: z.string().max(200) }).passthrough())
      .max(50)
      .optional(),
  })
  .passthrough()
  .refine((a) => !a.entities?.some((e) => e.type.toLowerCase() === 'mention') || typeof a.text === 'string', 'a message with mentions needs text');

export type EdgeVerdict = { ok: true } | { ok: false; status: 400 | 403; error: string };

/**
 * What the HTTP edge decides before anything else sees an activity: its shape (400), then the
 * channel (only Microsoft Teams when authenticated) and the service URL replies would go to (403).
 */
export function checkActivity(body: unknown, config: Config): EdgeVerdict {
  const parsed = activityShape.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, error: 'not a Bot Framework activity' };
  const a = parsed.data;
  if (!config.localMode && a.channelId !== 'msteams') return { ok: false, status: 403, error: 'only the Microsoft Teams channel is served' };
  if (!serviceUrlAllowed(config.allowedServiceUrls, a.serviceUrl)) return { ok: false, status: 403, error: 'serviceUrl not allowed' };
  return { ok: true };
}
