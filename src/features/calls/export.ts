import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { resolveIdentity } from '../../domain/identity.js';
import type { Call } from '../../domain/calls/types.js';
import { mayTarget } from '../../domain/calls/rules.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import { localTime } from '../../i18n/local-time.js';
import type { Language } from '../../domain/people.js';
import { undeliverableReason, type OutboxMessage } from '../../domain/outbox.js';
import { languageOfPerson } from '../notices.js';
import { issueLink, redeemLink, sendLinkError } from '../../http/signed-links.js';
import { excelCsv, sendCsv } from '../../http/csv.js';
import { callStats } from './stats.js';
import { callReads, type PersonRead } from './reads.js';

export function callExportLink(deps: Deps, identity: Identity, call: Call): Promise<string> {
  return issueLink(deps, '/exports/calls', 'calls', { c: call.id }, identity);
}

const DELIVERY: Record<OutboxMessage['status'], MessageKey> = {
  pending: 'call.progress.pending',
  sent: 'call.progress.sent',
  failed: 'call.progress.failed',
  unreachable: 'call.progress.unreachable',
  'not-installed': 'call.progress.notInstalled',
  cancelled: 'call.progress.cancelled',
};

/**
 * Answers per municipality (with history: who and when), silent ones and deliveries, for Norwegian
 * Excel: times in KSF_TIMEZONE, answers, delivery states and reasons in `lang`.
 */
export async function callCsv(deps: Deps, call: Call, lang: Language = 'nb'): Promise<string> {
  const tr = translator(lang);
  const at = (iso: string | undefined) => localTime(iso, deps.config.timezone);
  const d = deps.directory;
  const s = await callStats(deps, call);
  const reads = await callReads(deps, call);
  const rows: string[][] = [];
  // read: the local time of the receipt; "ikke lest" only for someone who sends receipts; else "ukjent"
  const readCell = (p: PersonRead) =>
    `${p.name}: ${p.state === 'read' ? at(p.readAt) : tr(p.state === 'unread' ? 'call.reads.unread' : 'call.csv.readUnknown')}`;
  const delivery = (x: OutboxMessage) => {
    const reason = x.status === 'sent' || x.status === 'pending' ? undefined : undeliverableReason(x);
    return `${x.recipientName ?? ''}: ${tr(DELIVERY[x.status])}${reason && reason !== 'not-installed' ? ` (${tr(`outbox.reason.${reason}`)})` : ''}`;
  };
  for (const m of call.municipalities) {
    const a = s.municipalityAnswers.find((x) => x.municipality === m);
    const deliveries = (await deps.store.outbox.bySubject(call.id)).filter((x) => x.kind === 'call' && x.municipality === m);
    rows.push([
      call.ref,
      m,
      d.municipality(m)?.name ?? '',
      a ? tr(`call.answer.${a.answer}`) : tr('call.csv.notAnswered'),
      a?.comment ?? '',
      a?.byName ?? '',
      at(a?.at),
      (a ? await deps.store.calls.answerHistory(a.id) : [])
        .map((h) => `${at(h.at)} ${h.byName}: ${tr(`call.answer.${h.answer}`)}${h.comment ? ` «${h.comment}»` : ''}`)
        .join(' | '),
      deliveries.map(delivery).join(' | '),
      reads.people
        .filter((p) => p.municipality === m)
        .map(readCell)
        .join(' | '),
    ]);
  }
  for (const a of s.individual)
    rows.push([
      call.ref,
      a.municipality,
      d.municipality(a.municipality)?.name ?? '',
      tr('call.csv.individual', { answer: tr('call.answer.interested') }),
      a.comment,
      a.byName,
      at(a.at),
      '',
      '',
      '',
    ]);
  const header = ['Utlysning', 'Kommunenummer', 'Kommune', 'Svar', 'Kommentar', 'Svart av', 'Tidspunkt', 'Historikk', 'Levering', 'Lest'];
  return excelCsv([header, ...rows]);
}

export function registerCallExportRoute(deps: Deps): void {
  deps.routes.get('/exports/calls/:token', async (req, res) => {
    const checked = await redeemLink(deps, 'calls', req.params?.token ?? '');
    if ('error' in checked) return sendLinkError(res, checked, req);
    const call = await deps.store.calls.get(checked.data.c ?? '');
    const person = await deps.store.people.get(checked.personId);
    if (!call || !person || !mayTarget(resolveIdentity(deps.directory, deps.config.admins, person), call.target, deps.directory))
      return sendLinkError(res, { error: 'forbidden', language: checked.language });
    sendCsv(res, `ksf-svar-${call.ref}.csv`, await callCsv(deps, call, await languageOfPerson(deps, person.id)));
  });
}
