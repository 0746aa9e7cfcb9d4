import type { Language, PersonRecord, ConversationRecord } from '../../domain/people.js';
import type { Need } from '../../domain/needs/types.js';
import { catalogs, formatDate, type MessageKey, type Translate } from '../../i18n/index.js';
import { confirmCard, myDataCard } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';

/** What erasure would do: records deleted and records kept anonymised, counted per collection. */
export interface ErasureCounts {
  deleted: Record<string, number>;
  anonymised: Record<string, number>;
}

export interface MyDataVm {
  /** The stored person, if any. */
  person?: PersonRecord;
  municipalityName: string;
  conversations: Pick<ConversationRecord, 'scope' | 'savedAt'>[];
  needs: Pick<Need, 'ref' | 'title' | 'status'>[];
  plan: ErasureCounts;
  timezone: string;
}

/** The erasure plan in words: one line per kind of record, with how many. */
function planLines(tr: Translate, plan: ErasureCounts): { deleted: string[]; anonymised: string[] } {
  const what = (c: string) => (`erase.what.${c}` in catalogs.nb ? tr(`erase.what.${c}` as MessageKey) : tr('erase.what.other', { collection: c }));
  const lines = (counts: Record<string, number>) => Object.entries(counts).map(([c, count]) => tr('erase.line', { what: what(c), count }));
  return { deleted: lines(plan.deleted), anonymised: lines(plan.anonymised) };
}

/** Everything stored about the person, and what erasure would delete and keep anonymised. */
export function myDataView(vm: MyDataVm, tr: Translate, lang: Language) {
  const { person } = vm;
  const personFacts = person
    ? [
        { label: 'Teams (Entra) id', value: person.id },
        { label: tr('me.name'), value: person.name || tr('me.none') },
        { label: tr('me.email'), value: person.email ?? tr('me.none') },
        { label: tr('me.municipality'), value: vm.municipalityName },
        // nothing stored is shown as such, with the language the person gets instead (municipality, Teams locale)
        { label: tr('me.language'), value: person.language ? tr(`lang.${person.language}`) : tr('myData.languageNotChosen', { language: tr(`lang.${lang}`) }) },
        { label: tr('me.source'), value: tr(person.selfRegistered ? 'me.source.self' : 'me.source.directory') },
      ]
    : [];
  const conversations = vm.conversations.map((c) => ({
    line: tr('myData.conversationLine', { scope: tr(`myData.scope.${c.scope}`), date: formatDate(lang, c.savedAt, vm.timezone) }),
  }));
  const needs = vm.needs.map((n) => `${n.ref} ${n.title} (${tr(`need.status.${n.status}`)})`);
  const plan = planLines(tr, vm.plan);
  const sections = [
    ...(needs.length ? [{ heading: tr('myData.needs'), lines: needs }] : []),
    ...(plan.deleted.length ? [{ heading: tr('erase.willDelete'), lines: plan.deleted }] : []),
    ...(plan.anonymised.length ? [{ heading: tr('erase.willAnonymise'), lines: plan.anonymised }] : []),
  ];
  return myDataCard(tr, { personFacts, conversations, sections });
}

/** The confirmation before erasure: the same lists of what goes and what stays anonymised. */
export function deleteConfirmView(plan: ErasureCounts, tr: Translate) {
  const p = planLines(tr, plan);
  const sections = [
    ...(p.deleted.length ? [{ heading: tr('erase.willDelete'), lines: p.deleted }] : []),
    ...(p.anonymised.length ? [{ heading: tr('erase.willAnonymise'), lines: p.anonymised }] : []),
  ];
  return confirmCard({
    title: tr('delete.title'),
    body: sections.length ? tr('delete.body') : `${tr('delete.body')}\n\n${tr('erase.nothing')}`,
    sections,
    confirmLabel: tr('delete.confirm'),
    cancelLabel: tr('delete.cancel'),
    confirmVerb: VERBS.confirmDelete,
    cancelVerb: VERBS.cancelDelete,
  });
}
