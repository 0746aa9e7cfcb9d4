import { z } from 'zod';
import { VERBS, type Verb } from './verbs.js';
import { callListState, filterSchema, overviewState } from './list-states.js';
import { LANGUAGES } from '../domain/people.js';
import { NEED_STATUSES } from '../domain/needs/types.js';
import { ANSWERS } from '../domain/calls/types.js';
import { freeText, optionalText } from '../domain/free-text.js';
import { READ_FILTERS } from '../domain/read-receipts.js';

/*
 * The contract between cards and handlers: what each verb's data (plus the card's inputs, merged
 * by Teams) must be. Handlers take their schema from here by verb (`actions().execute`), and
 * test/unit/card-contract.test.ts checks every template's actions against it.
 */

/** A button that carries nothing the handler reads (Teams may send no data at all). */
const nothing = z.object({}).passthrough().nullish();

/** A need's actions carry the list it was opened from (validated like the list's own filters). */
const needId = z.object({ needId: z.string().uuid(), back: filterSchema.nullish() });
const callId = z.object({ callId: z.string().uuid() });
/** A call opened from a list carries the list's state back (validated like the list's own). */
const openedCall = callId.extend({ back: callListState.nullish() });
/** A municipality's card carries the overview it was opened from (validated on the way back). */
const where = z.object({ cluster: z.string().min(1).max(100), municipality: z.string().regex(/^\d{4}$/), back: overviewState.nullish() });
const date = z
  .union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
  .optional()
  .default('');
const clusterOverview = overviewState.extend({ cluster: z.string().min(1).max(100) });
/** What a participation step records (the card's inputs), when it is recorded and when it is corrected. */
const stepFacts = {
  meetingDate: date,
  decisionDate: date,
  caseNumber: optionalText('part.fieldLabel.caseNumber', 50),
  outcome: z
    .union([z.literal(''), z.enum(['join', 'decline'])])
    .optional()
    .default(''),
  signedDate: date,
  signedBy: optionalText('part.fieldLabel.signedBy', 200),
};
/** Which step of which municipality a correct/undo card is about (the step's place in the history). */
const lastStep = where.extend({ stepN: z.coerce.number().int().min(0).max(1_000_000) });
const undoStep = lastStep.extend({ note: optionalText('part.fieldLabel.note', 1000) });
const priority = z.object({ cluster: z.string().min(1).max(100), entry: z.string().min(1).max(100) });

/** Every Action.Execute verb's data schema. */
export const ACTION_SCHEMAS = {
  [VERBS.setLanguage]: z.object({ lang: z.enum(LANGUAGES) }),
  [VERBS.register]: z.object({ municipality: z.string().regex(/^\d{4}$/), lang: z.enum(LANGUAGES).optional() }),
  [VERBS.askDelete]: nothing,
  [VERBS.confirmDelete]: nothing,
  [VERBS.cancelDelete]: nothing,

  [VERBS.newNeed]: z.object({}).passthrough(),
  // the form's inputs are checked field by field by validateNeedInput (errors shown on the form)
  [VERBS.submitNeed]: z.object({ needId: z.union([z.literal(''), z.string().uuid()]).optional(), back: filterSchema.nullish() }).passthrough(),
  [VERBS.openNeed]: needId,
  [VERBS.refreshNeed]: needId,
  [VERBS.editNeed]: needId,
  [VERBS.transitionNeed]: needId.extend({ to: z.enum(NEED_STATUSES), note: freeText('need.fieldName.note', 1000).optional() }),
  [VERBS.askWithdrawNeed]: needId,
  [VERBS.confirmWithdrawNeed]: needId,
  [VERBS.cancelWithdrawNeed]: needId,
  [VERBS.filterNeeds]: filterSchema,
  [VERBS.linkNeed]: needId.extend({ otherId: z.string().uuid() }),
  [VERBS.unlinkNeed]: needId,
  [VERBS.movePriority]: priority.extend({ direction: z.enum(['up', 'down']) }),
  // the new place is the input `rank-<key>`, read by the handler
  [VERBS.rankPriority]: priority.extend({ key: z.string().regex(/^\d{1,4}$/) }).passthrough(),

  // the form's inputs are checked field by field by validateCallInput (errors shown on the form)
  [VERBS.previewCall]: z.object({ callId: z.union([z.literal(''), z.string().uuid()]).optional() }).passthrough(),
  [VERBS.sendCall]: callId,
  [VERBS.scheduleCall]: callId.extend({ scheduleDate: z.string().max(20).optional().default(''), scheduleTime: z.string().max(10).optional().default('') }),
  [VERBS.editCall]: callId,
  [VERBS.discardCall]: callId,
  [VERBS.viewCall]: openedCall,
  [VERBS.answerCall]: openedCall.extend({ answer: z.enum(ANSWERS), comment: optionalText('call.fieldName.comment', 1000) }),
  [VERBS.refreshCall]: openedCall,
  [VERBS.openCall]: openedCall,
  [VERBS.cancelCall]: callId,
  [VERBS.remindCall]: openedCall,
  [VERBS.filterCallReads]: openedCall.extend({ readFilter: z.enum(READ_FILTERS) }),
  [VERBS.progressCall]: callId,
  [VERBS.listCalls]: callListState,
  [VERBS.askResendCall]: openedCall,
  [VERBS.resendCall]: openedCall,
  [VERBS.amendFormCall]: openedCall,
  // the edit form's (and its confirmation's) text and deadline are checked by validateCallInput, as when composing
  [VERBS.amendPreviewCall]: openedCall.passthrough(),
  [VERBS.amendCall]: openedCall.passthrough(),
  [VERBS.askWithdrawCall]: openedCall,
  [VERBS.withdrawCall]: openedCall,

  [VERBS.openCluster]: overviewState,
  [VERBS.openParticipation]: where,
  [VERBS.refreshParticipation]: where,
  [VERBS.recordParticipation]: where.extend({
    step: z.enum(['decision-pending', 'decided', 'agreement-signed', 'active']),
    ...stepFacts,
    note: optionalText('part.fieldLabel.note', 1000),
  }),
  [VERBS.askCorrectParticipation]: lastStep,
  [VERBS.askUndoParticipation]: lastStep,
  [VERBS.undoParticipation]: undoStep,
  [VERBS.correctParticipation]: undoStep.extend(stepFacts),
  // the person to invite is the input `invite-<cluster>`, read by the handler
  [VERBS.inviteParticipation]: clusterOverview.passthrough(),
  [VERBS.remindParticipation]: clusterOverview,

  [VERBS.digestOff]: nothing,
} satisfies Record<Verb, z.ZodTypeAny>;

export type ActionSchemas = typeof ACTION_SCHEMAS;
/** What a handler of `verb` receives: its data after the schema parsed it. */
export type ActionData<V extends Verb> = z.infer<ActionSchemas[V]>;

/** The schema of `verb`'s data, or undefined for a verb no handler takes. */
export function actionSchema(verb: string): z.ZodTypeAny | undefined {
  return Object.hasOwn(ACTION_SCHEMAS, verb) ? ACTION_SCHEMAS[verb as Verb] : undefined;
}

/** What a menu button (Action.Submit) sends as the message value: a command, routed as if typed. */
export const MENU_COMMAND = z.object({ ksfCommand: z.string().min(1).max(100) });
