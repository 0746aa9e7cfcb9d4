import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Call } from '../../domain/calls/types.js';
import type { Need } from '../../domain/needs/types.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { messageTo } from '../notices.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';

/** The prioritised needs of the municipalities a coordinator works with: what their call may name as answered. */
export async function linkableNeeds(deps: Deps, identity: Identity): Promise<Need[]> {
  return (await deps.store.needs.inMunicipalities(workingMunicipalities(identity, deps.directory)))
    .filter((n) => n.status === 'prioritised')
    .sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
}

/** True when every need named is one the coordinator may link (checked on the server, whatever the card sent). */
export async function mayLink(deps: Deps, identity: Identity, needIds: readonly string[]): Promise<boolean> {
  if (!needIds.length) return true;
  const allowed = new Set((await linkableNeeds(deps, identity)).map((n) => n.id));
  return needIds.every((id) => allowed.has(id));
}

const linked = async (deps: Deps, call: Call): Promise<Need[]> => (await deps.store.needs.getMany(call.needIds ?? [])).filter((n): n is Need => !!n);

/** One notice to the author of each need the call answers, in their language, as sending starts. */
export async function answeredNeedNotices(deps: Deps, call: Call, deadline: (lang: 'nb' | 'nn' | 'en') => string): Promise<OutboxMessage[]> {
  return Promise.all(
    (await linked(deps, call))
      .filter((n) => n.authorId && n.authorId !== call.createdBy)
      .map((n) =>
        messageTo(deps, n.authorId!, 'need.call', n.id, (tr, lang) =>
          actionNoticeCard({
            title: tr('need.notify.call.title', { ref: n.ref }),
            lines: [tr('need.notify.call.text', { callRef: call.ref, callTitle: call.title, sender: call.sender, title: n.title, date: deadline(lang) })],
            buttons: [{ title: tr('need.action.open'), verb: VERBS.openNeed, data: { needId: n.id } }],
          }),
        ),
      ),
  );
}
