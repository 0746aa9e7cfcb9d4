import { z } from 'zod';

/** The search command's id and its one parameter, as in appPackage/manifest.json. */
export const SEARCH_COMMAND = 'searchNeeds';
export const SEARCH_PARAMETER = 'query';
/** Most results Teams shows at once (it asks for 25 by default). */
export const MAX_RESULTS = 25;

/** `composeExtension/query` as Teams sends it; the search text is capped, not refused, when long. */
export const queryValue = z.object({
  commandId: z.string().max(100),
  parameters: z
    .array(z.object({ name: z.string().max(100), value: z.union([z.string(), z.number(), z.boolean()]).optional() }).passthrough())
    .max(10)
    .default([]),
  queryOptions: z
    .object({ skip: z.number().int().min(0).max(10_000).optional(), count: z.number().int().min(1).max(100).optional() })
    .passthrough()
    .optional(),
});

/** What a preview's tap sends back (`composeExtension/selectItem`): the need picked. */
export const selectValue = z.object({ needId: z.string().uuid() });

/** `composeExtension/queryLink`: the link pasted into the compose box. */
export const linkValue = z.object({ url: z.string().max(2000) });

/**
 * The reference a link to one of the bot's own need pages names (`<public URL>/behov/KB-2026-0042`),
 * or undefined for any other link.
 */
export function referenceInLink(url: string, publicUrl: string): string | undefined {
  let link: URL;
  let own: URL;
  try {
    link = new URL(url);
    own = new URL(publicUrl);
  } catch {
    return undefined;
  }
  if (link.host.toLowerCase() !== own.host.toLowerCase()) return undefined;
  const m = /^\/behov\/(KB-\d{4}-\d{4,6})\/?$/i.exec(link.pathname);
  return m ? m[1].toUpperCase() : undefined;
}
