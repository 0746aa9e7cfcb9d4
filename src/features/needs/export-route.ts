import type { Deps } from '../../deps.js';
import { needsCsv, verifyLink } from './export.js';

const MESSAGES = {
  invalid: 'Lenken er ugyldig. / The link is not valid.',
  expired: 'Lenken er utløpt – be boten om en ny med «eksporter behov». / The link has expired – ask the bot for a new one with "export needs".',
  forbidden: 'Du har ikke lenger tilgang til denne klyngen. / You no longer have access to this cluster.',
};

/** GET /exports/needs/:token – the signed, expiring CSV download a coordinator asked for in chat. */
export function registerExportRoute(deps: Deps): void {
  deps.routes.get('/exports/needs/:token', (req, res) => {
    const token = req.params?.token ?? '';
    const checked = verifyLink(deps, token);
    if ('error' in checked) {
      res.writeHead(checked.error === 'forbidden' ? 403 : 410, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(MESSAGES[checked.error]);
      return;
    }
    const { csv } = needsCsv(deps, checked.cluster);
    const day = deps.clock.now().toISOString().slice(0, 10);
    deps.logger.info({ personId: checked.identity.personId, cluster: checked.cluster }, 'needs exported');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="ksf-behov-${checked.cluster}-${day}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(csv);
  });
}
