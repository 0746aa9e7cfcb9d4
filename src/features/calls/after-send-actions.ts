import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Call } from '../../domain/calls/types.js';
import type { CallListState } from './list-state.js';
import type { AdaptiveCard } from '../../cards/templates.js';
import { VERBS } from '../../cards/verbs.js';
import { confirmCard } from '../../cards/render.js';
import { trOf } from '../../identity/turn-context.js';
import { echoCallValues, validateCallInput, type CallInputResult } from '../../domain/calls/validation.js';
import { AMENDABLE, changeableAfterSend, deliveredCopies } from '../../domain/calls/after-send.js';
import { stillOpen } from '../../domain/calls/rules.js';
import { formatDay } from '../../i18n/day.js';
import { languageOf } from '../../identity/turn-context.js';
import type { actions } from '../actions.js';
import { callFormView } from './views.js';
import { callFormVm } from './queries.js';
import { amendCall, resend, resendPlan, withdrawCall } from './after-send.js';

/** What the after-send actions take from the calls feature: its verb routing and its call detail. */
export interface AfterSendWiring {
  execute: ReturnType<typeof actions>['execute'];
  managed(context: TurnContext, identity: Identity, id: string, verb: string): Promise<Call | undefined>;
  detail(context: TurnContext, identity: Identity, call: Call, banner?: string, back?: CallListState | null): Promise<AdaptiveCard>;
}

/** The form values a sent call keeps: who it goes to, its kind and its needs (an edit after sending changes none of them). */
const lockedValues = (call: Call): Record<string, string> => ({
  kind: call.kind,
  audience: call.audience,
  target: call.target.type === 'municipalities' ? 'chosen' : `${call.target.type}:${call.target.id}`,
  municipalities: call.target.type === 'municipalities' ? call.target.ids.join(',') : '',
  needs: (call.needIds ?? []).join(','),
});

/**
 * After a call is sent, its coordinator may send it again to those not reached, edit its text and
 * deadline (every delivered copy is updated in place) or withdraw it; each after a confirmation.
 */
export function registerAfterSend(deps: Deps, { execute, managed, detail }: AfterSendWiring): void {
  const validate = (call: Call, data: Record<string, unknown>): CallInputResult =>
    validateCallInput({ ...data, ...lockedValues(call) }, deps.clock.now(), deps.config.timezone);
  const copies = async (call: Call) => deliveredCopies(await deps.store.outbox.bySubject(call.id)).length;
  /** The call if it may be changed now, else the coordinator's detail saying why. */
  const sentCall = async (context: TurnContext, identity: Identity, id: string, verb: string, back?: CallListState | null) => {
    const call = await managed(context, identity, id, verb);
    if (!call) return trOf(context)('call.notFound');
    return changeableAfterSend(call) ? call : detail(context, identity, call, trOf(context)('call.afterSend.onlySent'), back);
  };
  /** `text`, and how many still wait for an install when any do. */
  const withWaiting = (tr: ReturnType<typeof trOf>, text: string, waiting: number) => (waiting ? `${text} ${tr('call.resend.waiting', { waiting })}` : text);
  const isCall = (c: Call | AdaptiveCard | string): c is Call => typeof c === 'object' && 'ref' in c && 'status' in c;

  execute(VERBS.askResendCall, async (context, identity, { callId, back }) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, callId, VERBS.askResendCall, back);
    if (!isCall(call)) return call;
    if (!stillOpen(call, deps.clock.now(), deps.config.timezone)) return detail(context, identity, call, tr('call.resend.closed'), back);
    const { messages, waiting } = await resendPlan(deps, call);
    if (!messages.length) return detail(context, identity, call, withWaiting(tr, tr('call.resend.nobody'), waiting), back);
    return confirmCard({
      title: tr('call.resend.title', { n: messages.length }),
      body: withWaiting(tr, tr('call.resend.body', { ref: call.ref }), waiting),
      confirmLabel: tr('call.resend.confirm'),
      confirmStyle: 'positive',
      cancelLabel: tr('call.afterSend.cancel'),
      confirmVerb: VERBS.resendCall,
      cancelVerb: VERBS.openCall,
      data: { callId, back: back ?? null },
    });
  });

  execute(VERBS.resendCall, async (context, identity, { callId, back }) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, callId, VERBS.resendCall, back);
    if (!isCall(call)) return call;
    if (!stillOpen(call, deps.clock.now(), deps.config.timezone)) return detail(context, identity, call, tr('call.resend.closed'), back);
    const r = await resend(deps, call);
    return detail(context, identity, call, withWaiting(tr, r.sent ? tr('call.resent', { n: r.sent }) : tr('call.resend.nobody'), r.waiting), back);
  });

  execute(VERBS.amendFormCall, async (context, identity, { callId, back }) => {
    const call = await sentCall(context, identity, callId, VERBS.amendFormCall, back);
    if (!isCall(call)) return call;
    return callFormView(await callFormVm(deps, identity, { call, amend: true }), trOf(context));
  });

  execute(VERBS.amendPreviewCall, async (context, identity, data) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, data.callId, VERBS.amendPreviewCall, data.back);
    if (!isCall(call)) return call;
    const result = validate(call, data);
    if (!result.ok) return callFormView(await callFormVm(deps, identity, { call, amend: true, values: result.values, errors: result.errors }), tr);
    const lang = languageOf(context);
    const shown = (k: (typeof AMENDABLE)[number], v: string) => (k === 'deadline' ? formatDay(lang, v) : v);
    const changed = AMENDABLE.filter((k) => result.value[k] !== call[k]);
    if (!changed.length) return detail(context, identity, call, tr('call.amend.nothing'), data.back);
    return confirmCard({
      title: tr('call.amend.confirmTitle', { ref: call.ref }),
      body: tr('call.amend.confirmBody', { n: await copies(call) }),
      sections: [{ heading: tr('call.amend.changes'), lines: changed.map((k) => `${tr(`call.fieldName.${k}`)}: ${shown(k, result.value[k]) || '–'}`) }],
      confirmLabel: tr('call.amend.confirm'),
      confirmStyle: 'positive',
      cancelLabel: tr('call.afterSend.cancel'),
      confirmVerb: VERBS.amendCall,
      cancelVerb: VERBS.openCall,
      data: { callId: call.id, back: data.back ?? null, ...Object.fromEntries(AMENDABLE.map((k) => [k, result.value[k]])) },
    });
  });

  execute(VERBS.amendCall, async (context, identity, data) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, data.callId, VERBS.amendCall, data.back);
    if (!isCall(call)) return call;
    const result = validate(call, data);
    if (!result.ok)
      return callFormView(
        await callFormVm(deps, identity, { call, amend: true, values: { ...echoCallValues(data), ...lockedValues(call) }, errors: result.errors }),
        tr,
      );
    const r = await amendCall(deps, call, result.value);
    return detail(context, identity, r.call, tr('call.amended', { ref: call.ref, n: r.copies }), data.back);
  });

  execute(VERBS.askWithdrawCall, async (context, identity, { callId, back }) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, callId, VERBS.askWithdrawCall, back);
    if (!isCall(call)) return call;
    return confirmCard({
      title: tr('call.withdraw.title', { ref: call.ref }),
      body: tr('call.withdraw.body', { n: await copies(call) }),
      confirmLabel: tr('call.withdraw.confirm'),
      cancelLabel: tr('call.afterSend.cancel'),
      confirmVerb: VERBS.withdrawCall,
      cancelVerb: VERBS.openCall,
      data: { callId, back: back ?? null },
    });
  });

  execute(VERBS.withdrawCall, async (context, identity, { callId, back }) => {
    const tr = trOf(context);
    const call = await sentCall(context, identity, callId, VERBS.withdrawCall, back);
    if (!isCall(call)) return call;
    const r = await withdrawCall(deps, call);
    return detail(context, identity, r.call, tr('call.withdrawn', { ref: call.ref, n: r.copies }), back);
  });
}
