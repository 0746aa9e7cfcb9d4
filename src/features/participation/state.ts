import { z } from 'zod';

/**
 * Where a coordinator is in the cluster overview: the page shown of each cluster's municipalities.
 * A municipality's card carries it, so its Back button returns to the same pages.
 */
export const overviewState = z.object({
  pages: z
    .record(z.string().min(1).max(100), z.number().int().min(1).max(1000))
    .refine((pages) => Object.keys(pages).length <= 100, 'too many clusters')
    .optional()
    .default({}),
});
export type OverviewState = z.infer<typeof overviewState>;
