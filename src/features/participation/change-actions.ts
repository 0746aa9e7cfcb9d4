import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Participation } from '../../domain/participation.js';
import { containsFodselsnummer } from '../../domain/needs/fnr.js';
import { languageOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import type { AdaptiveCard } from '../../cards/templates.js';
import type { MessageKey } from '../../i18n/index.js';
import type { actions } from '../actions.js';
import { changeView } from './change-views.js';
import { changeVm } from './queries.js';
import { changeLastStep, lastStepFor, type ChangeResult } from './changes.js';
import { capitalised, dateProblem } from './problems.js';
import type { OverviewState } from './state.js';
import { ACTION_SCHEMAS, type ActionData } from '../../cards/actions.js';

const correction = ACTION_SCHEMAS[VERBS.correctParticipation];
type Which = ActionData<typeof VERBS.askCorrectParticipation>;

type Execute = ReturnType<typeof actions>['execute'];
type Refuse = ReturnType<typeof actions>['refuse'];
type CardOf = (
  context: TurnContext,
  identity: Identity,
  p: Participation,
  opts?: { banner?: string; problem?: string; back?: OverviewState | null },
) => Promise<AdaptiveCard>;

/**
 * "Rett siste steg" and "Angre siste steg": the person who recorded the last step, or a coordinator
 * of the cluster with a note, corrects what it recorded or takes it back (after a confirmation).
 * Each is checked again on the server: who may, that it is still the last step, the same rules
 * for dates and order as recording it.
 */
export function registerChanges(deps: Deps, execute: Execute, refuse: Refuse, card: CardOf): void {
  const ask =
    (mode: 'correct' | 'undo') =>
    async (context: TurnContext, identity: Identity, { cluster, municipality, stepN, back }: Which) => {
      const { p, last, right } = await lastStepFor(deps, identity, cluster, municipality);
      if (!right.ok || !last) {
        refuse(context, mode === 'correct' ? VERBS.askCorrectParticipation : VERBS.askUndoParticipation, { cluster, municipality, stepN });
        return trOf(context)('error.forbidden');
      }
      if (last.n !== stepN) return card(context, identity, p, { problem: trOf(context)('part.change.stale'), back });
      if (mode === 'correct' && last.step === 'active') return card(context, identity, p, { problem: trOf(context)('part.change.nothingToCorrect'), back });
      return changeView(await changeVm(deps, p, last, { mode, noteRequired: right.noteRequired, back }), trOf(context), languageOf(context));
    };
  execute(VERBS.askCorrectParticipation, ask('correct'));
  execute(VERBS.askUndoParticipation, ask('undo'));

  const answer = async (
    context: TurnContext,
    identity: Identity,
    mode: 'correct' | 'undo',
    d: z.infer<typeof correction>,
    r: ChangeResult | undefined,
    personal?: 'caseNumber' | 'signedBy' | 'note',
  ) => {
    const tr = trOf(context);
    const { cluster, municipality, back } = d;
    const verb = mode === 'correct' ? VERBS.correctParticipation : VERBS.undoParticipation;
    if (r?.ok) {
      const name = deps.directory.municipality(municipality)?.name ?? municipality;
      const step = tr(`part.state.${r.last.to}`);
      const banner =
        mode === 'correct'
          ? // the state is named only when the correction moved it (deltar → deltar ikke), not when it repeats the step
            tr('part.change.corrected', {
              step,
              municipality: name,
              state: tr(`part.state.${r.value.state}`),
              moved: r.value.state === r.last.to ? 'no' : 'yes',
            })
          : tr('part.change.undone', { step, municipality: name, state: tr(`part.state.${r.value.state}`) });
      return card(context, identity, r.value, { banner, back });
    }
    if (r?.problem === 'forbidden') {
      refuse(context, verb, { cluster, municipality, stepN: d.stepN });
      return tr('error.forbidden');
    }
    const { p, last, right } = await lastStepFor(deps, identity, cluster, municipality);
    if (!last || !right.ok) {
      refuse(context, verb, { cluster, municipality, stepN: d.stepN });
      return tr('error.forbidden');
    }
    if (r?.problem === 'stale') return card(context, identity, p, { problem: tr('part.change.stale'), back });
    const problem = personal
      ? tr('need.problem.personalData', { field: capitalised(tr(`part.fieldName.${personal}`)) })
      : r?.problem === 'date'
        ? dateProblem(tr, languageOf(context), r.date)
        : r?.problem === 'missing'
          ? tr('part.missing', { fields: r.missing.map((f) => tr(`part.fieldName.${f}` as MessageKey)).join(', ') })
          : tr(PROBLEMS[r?.problem as keyof typeof PROBLEMS] ?? 'part.change.notAllowed');
    return changeView(
      await changeVm(deps, p, last, { mode, noteRequired: right.noteRequired, problem, values: d as unknown as Record<string, string>, back }),
      tr,
      languageOf(context),
    );
  };

  execute(VERBS.correctParticipation, async (context, identity, d) => {
    const personal = (['caseNumber', 'signedBy', 'note'] as const).find((k) => containsFodselsnummer(d[k]));
    const facts = {
      meetingDate: d.meetingDate,
      decisionDate: d.decisionDate,
      caseNumber: d.caseNumber.trim(),
      outcome: d.outcome || undefined,
      signedDate: d.signedDate,
      signedBy: d.signedBy.trim(),
    };
    const given = Object.fromEntries(Object.entries(facts).filter(([, v]) => v)) as Parameters<typeof changeLastStep>[6];
    const r = personal ? undefined : await changeLastStep(deps, identity, d.cluster, d.municipality, d.stepN, d.note, given);
    return answer(context, identity, 'correct', d, r, personal);
  });
  execute(VERBS.undoParticipation, async (context, identity, d) => {
    const personal = containsFodselsnummer(d.note) ? ('note' as const) : undefined;
    const r = personal ? undefined : await changeLastStep(deps, identity, d.cluster, d.municipality, d.stepN, d.note);
    return answer(context, identity, 'undo', correction.parse(d), r, personal);
  });
}

const PROBLEMS = {
  'note-required': 'part.change.noteMissing',
  unchanged: 'part.change.unchanged',
  'nothing-to-correct': 'part.change.nothingToCorrect',
  'not-allowed': 'part.change.notAllowed',
  'slow-down': 'limit.slowDown',
} as const satisfies Record<string, MessageKey>;
