import { DateTime } from 'luxon';
import type { Deps } from '../../deps.js';
import type { Language } from '../../domain/people.js';
import type { Need } from '../../domain/needs/types.js';
import type { DirectoryPerson } from '../../directory/schema.js';
import { formatDate, type Translate } from '../../i18n/index.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';
import { FINAL_PARTICIPATION } from '../../domain/participation.js';
import { trackedMunicipalities } from '../participation/service.js';
import { PARTICIPATION_EVERY_DAYS } from './cadence.js';

export function needReminder(deps: Deps, tr: Translate, lang: Language, need: Need) {
  const name = deps.directory.municipality(need.municipality)?.name ?? need.municipality;
  return actionNoticeCard({
    title: tr('rem.need.title', { ref: need.ref }),
    lines: [tr('rem.need.text', { title: need.title, date: formatDate(lang, need.createdAt, deps.config.timezone) }), tr('rem.need.why', { municipality: name })],
    buttons: [{ title: tr('rem.need.button'), verb: VERBS.openNeed, data: { needId: need.id } }],
  });
}

/** The Monday digest: new needs, answers received, calls closing this week, municipalities that lag. */
export function digestCard(deps: Deps, tr: Translate, _lang: Language, coordinator: DirectoryPerson, now: Date, week: string) {
  const d = deps.directory;
  const clusters = coordinator.region ? d.clustersInRegion(coordinator.region).map((c) => c.id) : coordinator.cluster ? [coordinator.cluster] : [];
  const members = new Set(clusters.flatMap((c) => d.cluster(c)?.members ?? []));
  const weekAgo = now.getTime() - 7 * 86_400_000;
  const newNeeds = deps.store.needs.all().filter((n) => members.has(n.municipality) && Date.parse(n.createdAt) >= weekAgo).length;
  const calls = deps.store.calls.all().filter((c) => c.municipalities.some((m) => members.has(m)));
  const answers = calls.flatMap((c) => deps.store.calls.answers(c.id)).filter((a) => Date.parse(a.at) >= weekAgo).length;
  const end = DateTime.fromJSDate(now, { zone: deps.config.timezone }).endOf('week').toISODate()!;
  const today = DateTime.fromJSDate(now, { zone: deps.config.timezone }).toISODate()!;
  const closing = calls.filter((c) => c.kind === 'participation' && c.status !== 'cancelled' && c.deadline >= today && c.deadline <= end).map((c) => `${c.ref} ${c.title} (${c.deadline})`);
  const lagging = clusters.flatMap((c) =>
    trackedMunicipalities(deps, c)
      .map((m) => deps.store.participation.get(c, m))
      .filter((p) => !FINAL_PARTICIPATION.includes(p.state) && p.updatedAt && now.getTime() - Date.parse(p.updatedAt) > PARTICIPATION_EVERY_DAYS * 86_400_000)
      .map((p) => `${d.municipality(p.municipality)?.name ?? p.municipality} (${tr(`part.state.${p.state}`)})`),
  );
  return actionNoticeCard({
    title: tr('dig.title', { cluster: clusters.map((c) => d.cluster(c)?.name ?? c).join(', '), week }),
    lines: [
      tr('dig.newNeeds', { count: newNeeds }),
      tr('dig.answers', { count: answers }),
      closing.length ? tr('dig.closing', { list: closing.join('; ') }) : tr('dig.closingNone'),
      lagging.length ? tr('dig.lagging', { list: lagging.join(', ') }) : tr('dig.laggingNone'),
      tr('dig.why'),
    ],
    buttons: [
      { title: tr('dig.open'), verb: VERBS.openCluster, data: {} },
      { title: tr('dig.off'), verb: VERBS.digestOff, data: {} },
    ],
  });
}
