import type { Language } from '../../domain/people.js';
import { formatDate, type Translate, type MessageKey } from '../../i18n/index.js';
import {
  FINAL_STATUSES,
  SERVICE_AREAS,
  URGENCIES,
  type ActorKind,
  type HistoryEntry,
  type Need,
  type NeedFields,
  type NeedStatus,
} from '../../domain/needs/types.js';
import type { FieldError } from '../../domain/needs/validation.js';
import { allowedTargets, authorMayEdit } from '../../domain/needs/transitions.js';
import type { Call } from '../../domain/calls/types.js';
import { formatDay } from '../../i18n/day.js';
import { needHistoryLines } from './history-lines.js';
import { actionNoticeCard, needCard, needFormCard, type NeedFormVm } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';
import type { Filters } from './filters.js';
import type { Transition } from '../../domain/needs/transitions.js';

const FIELDS: (keyof NeedFields)[] = [
  'title',
  'description',
  'population',
  'intervention',
  'comparison',
  'outcome',
  'serviceArea',
  'decision',
  'urgency',
  'theme',
];

/** A theme with its name in each language. */
export interface ThemeChoice {
  id: string;
  name: Record<Language, string>;
}

export interface FormVm {
  /** The name of the person's municipality (the form says whose need it registers). */
  municipalityName: string;
  themes: ThemeChoice[];
  values?: Record<string, string>;
  errors?: FieldError[];
  need?: Need;
  back?: Filters | null;
}

/** The need form, new or for editing, with the person's input and the problems named in words. */
export function formView(vm: FormVm, tr: Translate, lang: Language) {
  const opts = vm;
  const municipality = vm.municipalityName;
  const source: Record<string, string> = opts.values ?? (opts.need ? Object.fromEntries(FIELDS.map((f) => [f, String(opts.need![f] ?? '')])) : {});
  const values = Object.fromEntries(FIELDS.map((f) => [f, source[f] ?? ''])) as NeedFormVm['values'];
  if (!values.theme) values.theme = vm.themes[0]?.id ?? '';
  const errors = (opts.errors ?? []).map((e) =>
    tr(`need.problem.${e.problem}` as MessageKey, { field: tr(`need.fieldName.${e.field}` as MessageKey), max: e.max ?? '' }),
  );
  return needFormCard({
    t: {
      title: opts.need ? tr('need.form.editTitle', { ref: opts.need.ref }) : tr('need.form.title'),
      intro: tr('need.form.intro', { municipality }),
      privacy: tr('need.form.privacy'),
      errorsHeading: tr('need.form.errorsHeading'),
      requiredNote: tr('need.form.requiredNote'),
      fTitle: tr('need.field.title'),
      fDescription: tr('need.field.description'),
      fPopulation: tr('need.field.population'),
      fIntervention: tr('need.field.intervention'),
      fComparison: tr('need.field.comparison'),
      fOutcome: tr('need.field.outcome'),
      fServiceArea: tr('need.field.serviceArea'),
      fDecision: tr('need.field.decision'),
      fUrgency: tr('need.field.urgency'),
      fTheme: tr('need.field.theme'),
      errTitle: tr('need.error.required.title'),
      errDescription: tr('need.error.required.description'),
      errChoice: tr('need.error.choice'),
      submit: opts.need ? tr('need.save') : tr('need.submit'),
    },
    values,
    errors,
    serviceAreas: SERVICE_AREAS.map((v) => ({ value: v, title: tr(`need.serviceArea.${v}`) })),
    urgencies: URGENCIES.map((v) => ({ value: v, title: tr(`need.urgency.${v}`) })),
    themes: vm.themes.map((th) => ({ value: th.id, title: th.name[lang] })),
    needId: opts.need?.id ?? '',
    back: opts.back ?? null,
  });
}

const listFormats = { nb: 'nb', nn: 'nn', en: 'en-GB' } as const;

/** The note's label names the person's own actions that need a note, or says it is optional. */
function noteLabel(tr: Translate, lang: Language, transitions: Transition[]): string {
  const required = transitions
    .filter((t) => t.note === 'required')
    .map((t) => (lang === 'en' ? `"${tr(`need.action.to.${t.to}`)}"` : `«${tr(`need.action.to.${t.to}`)}»`));
  if (!required.length) return tr('need.note.labelOptional');
  return tr('need.note.labelFor', { actions: new Intl.ListFormat(listFormats[lang], { type: 'conjunction' }).format(required) });
}

/** The calls that have gone out answering this need, as one fact (none: no fact). */
function answeringCalls(tr: Translate, lang: Language, calls: readonly Call[]) {
  const lines = calls.map((c) => tr('need.callLine', { ref: c.ref, title: c.title, sender: c.sender, deadline: formatDay(lang, c.deadline) }));
  return lines.length ? [{ label: tr('need.fact.calls'), value: lines.join('; ') }] : [];
}

/** When the need reached its status by an override (prioritised unassessed), that fact with its reason. */
function overrideFact(tr: Translate, need: Need, history: readonly HistoryEntry[]) {
  const last = history.filter((h) => h.kind === 'status').at(-1);
  if (!last?.override || last.to !== need.status) return [];
  return [
    {
      label: tr('need.fact.override'),
      value: tr('need.fact.overrideValue', { override: tr(`need.override.${last.override}`), note: last.note ?? '', who: who(tr, last.byName) }),
    },
  ];
}

function who(tr: Translate, name: string | null | undefined): string {
  return name ? name : tr('need.fact.anonymous');
}

/** A need similar to the one shown, with its municipality's name. */
export interface SimilarNeed {
  id: string;
  ref: string;
  title: string;
  municipality: string;
  status: NeedStatus;
  groupId?: string;
}

export interface NeedVm {
  need: Need;
  /** In which capacities the viewer acts on the need. */
  actors: ActorKind[];
  municipalityName: string;
  /** The municipality's contact persons, by name. */
  contacts: string[];
  /** The other needs of its group, "KB-2026-0003 (Seljord)". */
  groupRefs: string[];
  theme?: ThemeChoice;
  /** Calls that have gone out naming it as a need they answer. */
  answeringCalls: Call[];
  history: HistoryEntry[];
  /** Similar needs; undefined when the card does not show them. */
  similar?: SimilarNeed[];
  timezone: string;
  banner?: string;
  problem?: string;
  back?: Filters | null;
}

/** One need as the person may see and handle it: facts, PICO, history, similar needs, actions. */
export function needView(vm: NeedVm, tr: Translate, lang: Language) {
  const { need, actors, timezone: tz } = vm;
  const extra = vm;
  const contacts = vm.contacts.join(', ');
  const groupRefs = vm.groupRefs.join(', ');
  const theme = vm.theme?.name[lang] ?? need.theme;
  const facts = [
    { label: tr('need.fact.ref'), value: need.ref },
    { label: tr('need.fact.status'), value: tr(`need.status.${need.status}`) },
    { label: tr('need.fact.municipality'), value: vm.municipalityName },
    { label: tr('need.fact.contact'), value: contacts || tr('need.fact.noContact') },
    { label: tr('need.fieldName.theme'), value: theme },
    { label: tr('need.fieldName.serviceArea'), value: tr(`need.serviceArea.${need.serviceArea}`) },
    { label: tr('need.fieldName.urgency'), value: tr(`need.urgency.${need.urgency}`) },
    { label: tr('need.fact.registered'), value: formatDate(lang, need.createdAt, tz) },
    { label: tr('need.fact.author'), value: who(tr, need.authorName) },
    ...(groupRefs ? [{ label: tr('need.fact.group'), value: groupRefs }] : []),
    ...answeringCalls(tr, lang, vm.answeringCalls),
    ...overrideFact(tr, need, vm.history),
  ];
  const pico = (['population', 'intervention', 'comparison', 'outcome', 'decision'] as const)
    .filter((f) => need[f])
    .map((f) => ({ label: tr(`need.fieldName.${f}`), value: need[f] }));
  const history = needHistoryLines(tr, vm.history, (iso) => formatDate(lang, iso, tz));
  const isCoordinator = actors.includes('coordinator');
  const showSimilar = vm.similar !== undefined;
  // linking refuses needs that are done (the service's rule): a card does not offer it
  const linkable = isCoordinator && !FINAL_STATUSES.includes(need.status);
  const similar = showSimilar
    ? (vm.similar ?? []).map((s) => ({
        id: s.id,
        line: tr('need.similar.line', { ref: s.ref, title: s.title, municipality: s.municipality }),
        linkLabel: linkable && !FINAL_STATUSES.includes(s.status) && (s.groupId !== need.groupId || !s.groupId) ? tr('need.action.link', { ref: s.ref }) : '',
      }))
    : [];
  const transitions = allowedTargets(actors, need.status)
    .filter((t) => t.to !== 'withdrawn')
    .map((t) => ({ to: t.to, label: tr(`need.action.to.${t.to}`) }));
  const isAuthor = actors.includes('author');
  return needCard({
    id: need.id,
    title: need.title,
    banner: extra.banner ?? '',
    problem: extra.problem ?? '',
    facts,
    description: need.description,
    pico,
    showSimilar,
    similar,
    history,
    transitions,
    canEdit: isAuthor && authorMayEdit(need.status),
    canWithdraw: allowedTargets(actors, need.status).some((t) => t.to === 'withdrawn'),
    canUnlink: isCoordinator && !!need.groupId,
    back: extra.back ?? null,
    t: {
      pico: tr('need.section.pico'),
      similar: tr('need.section.similar'),
      noSimilar: tr('need.similar.none'),
      history: tr('need.section.history'),
      actions: tr('need.section.actions'),
      noteLabel: noteLabel(
        tr,
        lang,
        allowedTargets(actors, need.status).filter((t) => t.to !== 'withdrawn'),
      ),
      notePlaceholder: tr('need.note.placeholder'),
      edit: tr('need.action.edit'),
      withdraw: tr('need.action.withdraw'),
      unlink: tr('need.action.unlink'),
      open: tr('need.action.open'),
      back: tr('nav.backToList'),
    },
  });
}

export interface NeedReminderVm {
  need: Need;
  municipalityName: string;
  timezone: string;
}

/** The reminder to a contact person: a need of their municipality still waits for assessment. */
export function needReminderView(vm: NeedReminderVm, tr: Translate, lang: Language) {
  const { need } = vm;
  return actionNoticeCard({
    title: tr('rem.need.title', { ref: need.ref }),
    lines: [
      tr('rem.need.text', { title: need.title, date: formatDate(lang, need.createdAt, vm.timezone) }),
      tr('rem.need.why', { municipality: vm.municipalityName }),
    ],
    buttons: [{ title: tr('rem.need.button'), verb: VERBS.openNeed, data: { needId: need.id } }],
  });
}
