import type { Deps } from '../../deps.js';
import { needsCsv, verifyLink } from './export.js';
import { languageOfPerson } from '../../outbox/notify.js';
import { sendCsv, sendLinkError } from '../../http/signed-links.js';

/** GET /exports/needs/:token – the signed, expiring CSV download a coordinator asked for in chat. */
export function registerExportRoute(deps: Deps): void {
  deps.routes.get('/exports/needs/:token', (req, res) => {
    const checked = verifyLink(deps, req.params?.token ?? '');
    if ('error' in checked) return sendLinkError(res, checked.error);
    const { csv } = needsCsv(deps, checked.cluster, languageOfPerson(deps, checked.identity.personId));
    deps.logger.info({ personId: checked.identity.personId, cluster: checked.cluster }, 'needs exported');
    sendCsv(res, `ksf-behov-${checked.cluster}-${deps.clock.now().toISOString().slice(0, 10)}.csv`, csv);
  });
}
