import { z } from 'zod';
import { pageNumber } from '../../cards/pager.js';

/**
 * Which calls list a person is on and which page: a coordinator's own calls (`managed`) or the open
 * calls addressed to the person (`open`). A call opened from the list carries it back.
 */
export const callListState = z.object({ list: z.enum(['managed', 'open']), page: pageNumber });
export type CallListState = z.infer<typeof callListState>;
