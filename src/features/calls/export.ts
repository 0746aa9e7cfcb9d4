import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { resolveIdentity } from '../../domain/identity.js';
import type { Call } from '../../domain/calls/types.js';
import { mayTarget } from '../../domain/calls/rules.js';
import { translator } from '../../i18n/index.js';
import { issueLink, redeemLink, sendLinkError } from '../../http/signed-links.js';
import { excelCsv, sendCsv } from '../../http/csv.js';
import { callStats } from './queries.js';

export function callExportLink(deps: Deps, identity: Identity, call: Call): string {
  return issueLink(deps, '/exports/calls', 'calls', { c: call.id }, identity);
}

/** Answers per municipality (with history: who and when), silent ones and deliveries, for Norwegian Excel. */
export function callCsv(deps: Deps, call: Call): string {
  const tr = translator('nb');
  const d = deps.directory;
  const s = callStats(deps, call);
  const rows: string[][] = [];
  for (const m of call.municipalities) {
    const a = s.municipalityAnswers.find((x) => x.municipality === m);
    const deliveries = deps.store.outbox.bySubject(call.id).filter((x) => x.kind === 'call' && x.municipality === m);
    rows.push([
      call.ref, m, d.municipality(m)?.name ?? '', a ? tr(`call.answer.${a.answer}`) : 'Ikke svart', a?.comment ?? '', a?.byName ?? '', a?.at ?? '',
      (a ? deps.store.calls.answerHistory(a.id) : []).map((h) => `${h.at} ${h.byName}: ${tr(`call.answer.${h.answer}`)}${h.comment ? ` «${h.comment}»` : ''}`).join(' | '),
      deliveries.map((x) => `${x.recipientName ?? ''}: ${x.status}${x.error && x.status !== 'sent' ? ` (${x.error})` : ''}`).join(' | '),
    ]);
  }
  for (const a of s.individual) rows.push([call.ref, a.municipality, d.municipality(a.municipality)?.name ?? '', `${tr('call.answer.interested')} (enkeltperson)`, a.comment, a.byName, a.at, '', '']);
  const header = ['Utlysning', 'Kommunenummer', 'Kommune', 'Svar', 'Kommentar', 'Svart av', 'Tidspunkt', 'Historikk', 'Levering'];
  return excelCsv([header, ...rows]);
}

export function registerCallExportRoute(deps: Deps): void {
  deps.routes.get('/exports/calls/:token', async (req, res) => {
    const checked = await redeemLink(deps, 'calls', req.params?.token ?? '');
    if ('error' in checked) return sendLinkError(res, checked, req);
    const call = deps.store.calls.get(checked.data.c ?? '');
    const person = deps.store.people.get(checked.personId);
    if (!call || !person || !mayTarget(resolveIdentity(deps.directory, deps.config.admins, person), call.target, deps.directory)) return sendLinkError(res, { error: 'forbidden', language: checked.language });
    sendCsv(res, `ksf-svar-${call.ref}.csv`, callCsv(deps, call));
  });
}
