import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { tenantAllowed } from '../../domain/identity.js';
import { markRead, READ_RECEIPT_EVENT } from '../../domain/read-receipts.js';
import { personKey, tenantOf } from '../../identity/turn-context.js';

/** What a read receipt carries: the id of the last message of the bot the person has read. */
const receiptValue = z.object({ lastReadMessageId: z.string().min(1).max(100) });

/** The read receipt exactly as Teams names it (teams-ai v1's `teamsReadReceipt()` expects a slash and never fires). */
const isReadReceipt = async (context: TurnContext) => context.activity.type === 'event' && context.activity.name === READ_RECEIPT_EVENT;

/**
 * Read receipts (RSC `ChatMessageReadReceipt.Read.Chat`): every delivered message of the bot in the
 * person's 1:1 chat up to the last one read gets `readAt`, in one commit; a receipt that marks
 * nothing new writes nothing.
 */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'receipts' });
  app.activity(isReadReceipt, async (context) => {
    const a = context.activity;
    const personId = personKey(context);
    const value = receiptValue.safeParse(a.value);
    if (!value.success || !personId || a.conversation?.conversationType !== 'personal' || !tenantAllowed(deps.config.allowedTenants, tenantOf(context))) {
      log.warn({ personId, valid: value.success, conversationType: a.conversation?.conversationType }, 'refused: read receipt not valid here');
      return;
    }
    const now = deps.clock.now().toISOString();
    const read = markRead(await deps.store.outbox.unreadInConversation(a.conversation.id), personId, value.data.lastReadMessageId, now);
    await deps.store.outbox.markRead(read);
    if (read.length) log.debug({ personId, marked: read.length }, 'read receipt recorded');
  });
}
