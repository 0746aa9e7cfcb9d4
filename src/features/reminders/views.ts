import type { Translate } from '../../i18n/index.js';
import type { ParticipationState } from '../../domain/participation.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';
import type { AdaptiveCard } from '../../cards/templates.js';

export interface DigestVm {
  clusterNames: string[];
  /** The ISO week's label ("2026-W49"). */
  week: string;
  newNeeds: number;
  answers: number;
  /** "UT-2026-0001 Velferdsteknologi (2026-12-04)": participation calls closing this week. */
  closing: string[];
  /** Municipalities whose participation has not moved for a reminder period. */
  lagging: { name: string; state: ParticipationState }[];
}

/** The Monday digest: new needs, answers received, calls closing this week, municipalities that lag. */
export function digestView(vm: DigestVm, tr: Translate): AdaptiveCard {
  const lagging = vm.lagging.map((l) => `${l.name} (${tr(`part.state.${l.state}`)})`);
  return actionNoticeCard({
    title: tr('dig.title', { cluster: vm.clusterNames.join(', '), week: vm.week }),
    lines: [
      tr('dig.newNeeds', { count: vm.newNeeds }),
      tr('dig.answers', { count: vm.answers }),
      vm.closing.length ? tr('dig.closing', { list: vm.closing.join('; ') }) : tr('dig.closingNone'),
      lagging.length ? tr('dig.lagging', { list: lagging.join(', ') }) : tr('dig.laggingNone'),
      tr('dig.why'),
    ],
    buttons: [
      { title: tr('dig.open'), verb: VERBS.openCluster, data: {} },
      { title: tr('dig.off'), verb: VERBS.digestOff, data: {} },
    ],
  });
}
