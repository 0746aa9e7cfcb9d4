import type { Language } from '../../domain/people.js';
import { formatDate, type Translate } from '../../i18n/index.js';
import type { Call, CallAnswer } from '../../domain/calls/types.js';
import type { CallReads, PersonRead } from './reads.js';
import type { ReadFilter } from '../../domain/read-receipts.js';

/** Delivered / read / answered per municipality (sorted by name), as the detail and delivery cards show it. */
export function municipalityReadFacts(
  tr: Translate,
  call: Pick<Call, 'kind'>,
  reads: CallReads,
  name: (m: string) => string,
  answers: readonly CallAnswer[] = [],
): { label: string; value: string }[] {
  // municipalities nobody got the call in are named under "not reached" and "not answered" instead
  return reads.municipalities
    .filter((m) => m.delivered > 0)
    .sort((a, b) => name(a.municipality).localeCompare(name(b.municipality), 'nb'))
    .map((m) => {
      const answer = answers.find((a) => a.municipality === m.municipality);
      const answered =
        call.kind !== 'participation'
          ? ''
          : ` · ${answer ? tr('call.reads.answered', { answer: tr(`call.answer.${answer.answer}`) }) : tr('call.reads.notAnswered')}`;
      return {
        label: name(m.municipality),
        value: `${tr('call.reads.counts', { delivered: m.delivered, read: m.read, unread: m.unread, unknown: m.unknown })}${answered}`,
      };
    });
}

/** What is known about one person's reading, in words. */
export function readStateText(tr: Translate, lang: Language, tz: string, p: PersonRead): string {
  if (p.state === 'read' && p.readAt) return tr('call.reads.read', { when: formatDate(lang, p.readAt, tz) });
  return tr(p.state === 'unread' ? 'call.reads.unread' : 'call.reads.unknown');
}

/** The per-person lines of the call detail (sorted by municipality, then name), filtered. */
export function personReadLines(tr: Translate, lang: Language, tz: string, reads: CallReads, name: (m: string) => string, filter: ReadFilter): string[] {
  return reads.people
    .filter((p) => filter === 'all' || p.state === 'unread')
    .sort((a, b) => name(a.municipality).localeCompare(name(b.municipality), 'nb') || a.name.localeCompare(b.name, 'nb'))
    .map((p) =>
      tr('call.reads.personLine', { name: p.name || tr('call.unknownRecipient'), municipality: name(p.municipality), state: readStateText(tr, lang, tz, p) }),
    );
}
