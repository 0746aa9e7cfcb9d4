import { expand, type AdaptiveCard } from './templates.js';
import type { Fact } from './render.js';
import type { PagerVm } from './pager.js';
import type { ChartVm } from './charts.js';

export interface Choice {
  title: string;
  value: string;
}

export interface NeedFormVm {
  t: Record<
    | 'title'
    | 'intro'
    | 'privacy'
    | 'errorsHeading'
    | 'requiredNote'
    | 'fTitle'
    | 'fDescription'
    | 'fPopulation'
    | 'fIntervention'
    | 'fComparison'
    | 'fOutcome'
    | 'fServiceArea'
    | 'fDecision'
    | 'fUrgency'
    | 'fTheme'
    | 'errTitle'
    | 'errDescription'
    | 'errChoice'
    | 'submit',
    string
  >;
  values: Record<'title' | 'description' | 'population' | 'intervention' | 'comparison' | 'outcome' | 'serviceArea' | 'decision' | 'urgency' | 'theme', string>;
  errors: string[];
  serviceAreas: Choice[];
  urgencies: Choice[];
  themes: Choice[];
  /** Empty for a new need. */
  needId: string;
  /** The list the need was opened from, carried through editing (null: not opened from a list). */
  back?: Record<string, unknown> | null;
}
export function needFormCard(vm: NeedFormVm): AdaptiveCard {
  return expand('need-form', { back: null, ...vm });
}

export interface NeedVm {
  id: string;
  title: string;
  banner: string;
  problem: string;
  facts: Fact[];
  description: string;
  pico: Fact[];
  showSimilar: boolean;
  similar: { id: string; line: string; linkLabel: string }[];
  history: string[];
  transitions: { to: string; label: string }[];
  canEdit: boolean;
  canWithdraw: boolean;
  canUnlink: boolean;
  /** The list the need was opened from (filters, page): its Back button returns there; null: no Back. */
  back: Record<string, unknown> | null;
  t: Record<
    'pico' | 'similar' | 'noSimilar' | 'history' | 'actions' | 'noteLabel' | 'notePlaceholder' | 'edit' | 'withdraw' | 'unlink' | 'open' | 'back',
    string
  >;
}
export function needCard(vm: NeedVm): AdaptiveCard {
  return expand('need', vm);
}

export interface NeedListVm {
  title: string;
  summary: string;
  scope: string;
  showFilters: boolean;
  filters: Record<'status' | 'municipality' | 'theme' | 'serviceArea', string>;
  statusChoices: Choice[];
  municipalityChoices: Choice[];
  themeChoices: Choice[];
  serviceAreaChoices: Choice[];
  /** `open` is the row's button title, naming the need ("Åpne KB-2026-0001"). */
  rows: { id: string; title: string; detail: string; open: string }[];
  /** The list's state (filters, page): each need opens with it, and its Back button returns it. */
  back: Record<string, unknown>;
  pager: PagerVm;
  t: Record<'filterHeading' | 'status' | 'municipality' | 'theme' | 'serviceArea' | 'apply', string>;
}
export function needListCard(vm: NeedListVm): AdaptiveCard {
  return expand('need-list', vm);
}

export interface PrioritiesVm {
  lists: {
    title: string;
    empty: string;
    note: string;
    chart: ChartVm;
    rows: { cluster: string; entry: string; key: string; rank: number; max: number; title: string; detail: string; rankLabel: string; editable: boolean }[];
  }[];
  t: Record<'up' | 'down' | 'setRank', string>;
}
export function prioritiesCard(vm: PrioritiesVm): AdaptiveCard {
  return expand('priorities', vm);
}

export interface ActionNoticeVm {
  title: string;
  lines: string[];
  buttons: { title: string; verb: string; data: Record<string, unknown> }[];
  links: { title: string; url: string }[];
}
/** A message with a direct button to act (proactive notices, export links). */
export function actionNoticeCard(vm: Partial<ActionNoticeVm> & { title: string }): AdaptiveCard {
  return expand('action-notice', { lines: [], buttons: [], links: [], ...vm });
}

export interface SharedNeedVm {
  kind: string;
  title: string;
  municipality: string;
  status: string;
  ref: string;
  needId: string;
  verb: string;
  t: Record<'municipality' | 'status' | 'reference' | 'open' | 'note', string>;
}
/** A need inserted into a chat: only what anyone in that chat may see, and a button for those allowed. */
export function sharedNeedCard(vm: SharedNeedVm): AdaptiveCard {
  return expand('shared-need', vm);
}
