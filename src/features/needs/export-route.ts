import type { Deps } from '../../deps.js';
import { needsCsv, verifyLink } from './export.js';
import { languageOfPerson } from '../notices.js';
import { sendLinkError } from '../../http/signed-links.js';
import { sendCsv } from '../../http/csv.js';

/** GET /exports/needs/:token – the single-use, short-lived CSV download a coordinator asked for in chat. */
export function registerExportRoute(deps: Deps): void {
  deps.routes.get('/exports/needs/:token', async (req, res) => {
    const checked = await verifyLink(deps, req.params?.token ?? '');
    if ('error' in checked) return sendLinkError(res, checked, req);
    const { csv } = await needsCsv(deps, checked.cluster, await languageOfPerson(deps, checked.identity.personId));
    deps.logger.info({ personId: checked.identity.personId, cluster: checked.cluster }, 'needs exported');
    sendCsv(res, `ksf-behov-${checked.cluster}-${deps.clock.now().toISOString().slice(0, 10)}.csv`, csv);
  });
}
