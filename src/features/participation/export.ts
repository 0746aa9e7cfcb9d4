import type { Deps } from '../../deps.js';
import type { Language } from '../../domain/people.js';
import { translator } from '../../i18n/index.js';
import { localTime } from '../../i18n/local-time.js';
import { trackedMunicipalities } from './service.js';
import { historyLines } from './views.js';

/**
 * One CSV row per municipality of the cluster: state and outcome in `lang`, recorded days as
 * YYYY-MM-DD, the last change and the history's moments in KSF_TIMEZONE, the history in words.
 */
export async function participationRows(deps: Deps, lang: Language, cluster: string): Promise<string[][]> {
  const tr = translator(lang);
  const at = (iso: string) => localTime(iso, deps.config.timezone);
  return Promise.all(
    (await trackedMunicipalities(deps, cluster)).map(async (m) => {
      const p = await deps.store.participation.get(cluster, m);
      return [
        cluster,
        m,
        deps.directory.municipality(m)?.name ?? '',
        tr(`part.state.${p.state}`),
        p.meetingDate ?? '',
        p.decisionDate ?? '',
        p.caseNumber ?? '',
        p.outcome ? tr(`part.outcome.${p.outcome}`) : '',
        p.signedDate ?? '',
        p.signedBy ?? '',
        p.contactName ?? '',
        at(p.updatedAt),
        historyLines(tr, lang, deps.config.timezone, await deps.store.participation.history(p.id), at).join(' | '),
      ];
    }),
  );
}
