import type { Language } from '../../domain/people.js';
import { formatDate, type Translate, type MessageKey } from '../../i18n/index.js';
import { factsOf, type Participation, type ParticipationFacts } from '../../domain/participation.js';
import { beforeStep, type LastStep } from '../../domain/participation-changes.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import { VERBS } from '../../cards/verbs.js';
import type { OverviewState } from './state.js';
import { day, stepFieldLabels } from './views.js';

/** How the correct/undo card is shown: which change, to whom, with which message and input. */
export interface ChangeOpts {
  mode: 'correct' | 'undo';
  noteRequired: boolean;
  problem?: string;
  values?: Record<string, string>;
  back?: OverviewState | null;
}

export interface ChangeVm extends ChangeOpts {
  participation: Participation;
  last: LastStep;
  municipalityName: string;
  /** Who recorded the step, and when (the participation's last change if the entry is gone). */
  recorderName: string;
  recordedAt: string;
  timezone: string;
}

/**
 * The card that corrects (`mode: 'correct'`: the step's fields filled in with what it recorded)
 * or undoes (`mode: 'undo'`: a confirmation that says where the municipality goes back to) the
 * last step. A note is asked for, required when `noteRequired`.
 */
export function changeView(vm: ChangeVm, tr: Translate, lang: Language): AdaptiveCard {
  const { participation: p, last, municipalityName: municipality } = vm;
  const opts = vm;
  const step = tr(`part.state.${last.to}`);
  const at = vm.recordedAt;
  const recorded = tr('part.change.recorded', { step, who: vm.recorderName || tr('need.fact.anonymous'), date: at ? formatDate(lang, at, vm.timezone) : '–' });
  const correct = opts.mode === 'correct';
  const shown = (k: keyof ParticipationFacts, v: string | undefined) =>
    k.endsWith('Date') && v ? day(lang, v) : k === 'outcome' && v ? tr(`part.outcome.${v as 'join' | 'decline'}`) : (v ?? '');
  const facts = correct
    ? []
    : factsOf(last.step)
        .filter((k) => last.facts[k])
        .map((k) => ({ label: tr(`part.field.${k}` as MessageKey), value: shown(k, last.facts[k]) }));
  const values = Object.fromEntries(
    ['meetingDate', 'decisionDate', 'caseNumber', 'outcome', 'signedDate', 'signedBy', 'note'].map((k) => [
      k,
      opts.values?.[k] ?? last.facts[k as keyof ParticipationFacts] ?? '',
    ]),
  );
  return expand('participation-change', {
    problem: opts.problem ?? '',
    title: tr(correct ? 'part.change.correctTitle' : 'part.change.undoTitle', { step, municipality }),
    text: correct ? recorded : `${recorded} ${tr('part.change.undoText', { state: tr(`part.state.${beforeStep(p, last).state}`) })}`,
    facts,
    correct,
    step: last.step,
    values,
    noteRequired: opts.noteRequired,
    cluster: p.cluster,
    municipality: p.municipality,
    stepN: last.n,
    back: opts.back ?? null,
    confirmLabel: tr(correct ? 'part.change.save' : 'part.change.confirmUndo'),
    confirmVerb: correct ? VERBS.correctParticipation : VERBS.undoParticipation,
    confirmStyle: correct ? 'positive' : 'destructive',
    cancelLabel: tr('part.change.cancel'),
    t: {
      ...stepFieldLabels(tr),
      note: opts.noteRequired ? tr('part.change.noteRequired') : tr('part.field.noteOptional'),
    },
  });
}
