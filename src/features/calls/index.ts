import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { hasRole } from '../../domain/identity.js';
import { languageOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { noticeCard } from '../../cards/render.js';
import type { Call } from '../../domain/calls/types.js';
import { echoCallValues, validateCallInput } from '../../domain/calls/validation.js';
import { isClosed, localDateTime, targetMunicipalities } from '../../domain/calls/rules.js';
import { send } from '../reply.js';
import { actions, teamsUserId, withIdentity } from '../actions.js';
import { command } from '../commands.js';
import { byRole } from '../menu.js';
import { CallsService } from './service.js';
import { recordAnswer, remindSilent } from './answers.js';
import { reach } from './recipients.js';
import { callDetailView, callFormView, callListView, previewView, progressView, recipientCallView } from './views.js';
import { callDetailVm, callFormVm, callListVm, previewVm, progressVm, recipientCallVm } from './queries.js';
import { trackProgress } from './progress.js';
import type { CallListState } from './list-state.js';
import type { ReadFilter } from '../../domain/read-receipts.js';
import { callExportLink, registerCallExportRoute } from './export.js';
import { deliverWaitingCalls } from './late-delivery.js';
import { mayLink } from './linked-needs.js';
import { callDeadlineOccasions, registerCallReminderRenderer } from './reminders.js';
import { recordOccasions } from '../occasions.js';
import { registerCopyRenderer } from './after-send.js';
import { registerAfterSend } from './after-send-actions.js';

/** Calls for participation and announcements: compose, preview, send durably, answer, follow up. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'calls' });
  const service = new CallsService(deps);
  const progress = trackProgress(deps, service);
  registerCallExportRoute(deps);
  const sweep = async () => {
    for (const c of await service.startDue()) await progress.flush(c.id);
  };
  deps.lifecycle.addSweep(sweep);
  registerCallReminderRenderer(deps);
  registerCopyRenderer(deps);
  deps.lifecycle.addSweep(async () => void (await recordOccasions(deps, callDeadlineOccasions(deps))));

  const isCoordinator = (i: Identity) => hasRole(i, 'coordinator') && i.coordinatedClusters.length > 0;
  deps.menu.add({ title: 'menu.newCall', command: 'command.newCall', allowed: isCoordinator, order: byRole({ coordinator: 2 }, 30) });
  deps.menu.add({ title: 'menu.calls', command: 'command.calls', allowed: isCoordinator, order: byRole({ coordinator: 3 }, 31) });
  deps.menu.add({ title: 'menu.openCalls', command: 'command.openCalls', allowed: (i) => !isCoordinator(i), order: byRole({ contact: 2 }, 32) });

  const { execute, refuse } = actions(app, log);
  /** A call the coordinator may manage, or undefined (and the attempt is logged). */
  const managed = async (context: TurnContext, identity: Identity, id: string, verb: string): Promise<Call | undefined> => {
    const call = await service.get(id);
    if (call && service.mayManage(identity, call)) return call;
    refuse(context, verb, { callId: id });
    return undefined;
  };
  const addressed = (identity: Identity, call: Call) =>
    call.status !== 'draft' &&
    call.status !== 'scheduled' &&
    call.municipalities.includes(identity.municipality) &&
    (call.audience === 'all' || identity.roles.includes('contact'));
  const viewer = (identity: Identity, context: TurnContext) => ({
    municipality: identity.municipality,
    isContact: identity.roles.includes('contact'),
    personId: identity.personId,
    userId: teamsUserId(context),
  });

  app.message(
    command('command.newCall'),
    withIdentity(async (context, identity) => {
      if (!isCoordinator(identity)) {
        refuse(context, 'call.new', {});
        return void (await send(context, trOf(context)('call.onlyCoordinators')));
      }
      await send(context, callFormView(await callFormVm(deps, identity), trOf(context)));
    }),
  );

  execute(VERBS.previewCall, async (context, identity, data) => {
    const tr = trOf(context);
    if (!isCoordinator(identity)) {
      refuse(context, VERBS.previewCall, {});
      return tr('call.onlyCoordinators');
    }
    const result = validateCallInput(data, deps.clock.now(), deps.config.timezone);
    const existing = data.callId ? await managed(context, identity, data.callId, VERBS.previewCall) : undefined;
    if (data.callId && !existing) return tr('call.notFound');
    if (!result.ok) return callFormView(await callFormVm(deps, identity, { values: result.values, errors: result.errors, call: existing }), tr);
    if (!(await mayLink(deps, identity, result.value.needIds ?? []))) {
      refuse(context, VERBS.previewCall, { needs: result.value.needIds });
      return callFormView(
        await callFormVm(deps, identity, { values: echoCallValues(data), errors: [{ field: 'needs', problem: 'invalidChoice' }], call: existing }),
        tr,
      );
    }
    const saved = await service.saveDraft(identity, result.value, existing?.id);
    if (!saved.ok) {
      refuse(context, VERBS.previewCall, { target: result.value.target });
      return saved.problem === 'forbidden'
        ? callFormView(
            await callFormVm(deps, identity, { values: echoCallValues(data), errors: [{ field: 'target', problem: 'invalidChoice' }], call: existing }),
            tr,
          )
        : tr(saved.problem === 'not-draft' ? 'call.notDraft' : 'call.notFound');
    }
    const municipalities = targetMunicipalities(saved.value.target, deps.directory);
    return previewView(
      await previewVm(deps, saved.value, { municipalities: municipalities.length, ...(await reach(deps, await service.recipients(saved.value))) }),
      tr,
      languageOf(context),
    );
  });

  execute(VERBS.editCall, async (context, identity, { callId: id }) => {
    const call = await managed(context, identity, id, VERBS.editCall);
    const tr = trOf(context);
    if (!call) return tr('call.notFound');
    if (call.status !== 'draft') return progressView(await progressVm(deps, call, tr('call.notDraft')), tr, languageOf(context));
    return callFormView(await callFormVm(deps, identity, { call }), tr);
  });

  execute(VERBS.discardCall, async (context, identity, { callId: id }) => {
    const tr = trOf(context);
    if (!(await managed(context, identity, id, VERBS.discardCall))) return tr('call.notFound');
    const r = await service.discard(identity, id);
    return r.ok ? noticeCard(tr('call.discarded')) : tr('call.notDraft');
  });

  const progressRef = (context: TurnContext) =>
    context.activity.replyToId ? { conversationId: context.activity.conversation.id, activityId: context.activity.replyToId } : undefined;

  execute(VERBS.sendCall, async (context, identity, { callId: id }) => {
    const tr = trOf(context);
    if (!(await managed(context, identity, id, VERBS.sendCall))) return tr('call.notFound');
    const r = await service.start(identity, id, progressRef(context));
    if (!r.ok) return progressView(await progressVm(deps, (await service.get(id))!, tr('call.notDraft')), tr, languageOf(context));
    // nobody reachable (or nobody at all): the sending is already over
    return progressView(await progressVm(deps, (await service.finishIfDone(id)) ?? r.value), tr, languageOf(context));
  });

  execute(VERBS.scheduleCall, async (context, identity, { callId: id, scheduleDate, scheduleTime }) => {
    const tr = trOf(context);
    const call = await managed(context, identity, id, VERBS.scheduleCall);
    if (!call) return tr('call.notFound');
    const at = localDateTime(scheduleDate, scheduleTime || '08:00', deps.config.timezone);
    if (!at || at.getTime() <= deps.clock.now().getTime()) {
      const municipalities = targetMunicipalities(call.target, deps.directory);
      return previewView(
        await previewVm(
          deps,
          call,
          { municipalities: municipalities.length, ...(await reach(deps, await service.recipients(call))) },
          tr('call.schedule.invalid'),
        ),
        tr,
        languageOf(context),
      );
    }
    const r = await service.schedule(identity, id, at, progressRef(context));
    if (!r.ok) return progressView(await progressVm(deps, call, tr('call.notDraft')), tr, languageOf(context));
    return progressView(await progressVm(deps, r.value), tr, languageOf(context));
  });

  execute(VERBS.cancelCall, async (context, identity, { callId: id }) => {
    const tr = trOf(context);
    if (!(await managed(context, identity, id, VERBS.cancelCall))) return tr('call.notFound');
    const r = await service.cancel(identity, id);
    const call = (await service.get(id))!;
    if (!r.ok) return progressView(await progressVm(deps, call), tr, languageOf(context));
    const { notSent, onTheWay } = r.value;
    const note = [tr('call.cancelled', { ref: call.ref, notSent }), ...(onTheWay ? [tr('call.cancelledOnTheWay', { n: onTheWay })] : [])].join(' ');
    return progressView(await progressVm(deps, r.value.call, note), tr, languageOf(context));
  });

  execute(VERBS.progressCall, async (context, identity, { callId: id }) => {
    const call = await managed(context, identity, id, VERBS.progressCall);
    if (!call) return trOf(context)('call.notFound');
    return progressView(await progressVm(deps, (await service.finishIfDone(id)) ?? call), trOf(context), languageOf(context));
  });

  const detail = async (context: TurnContext, identity: Identity, call: Call, banner?: string, back?: CallListState | null, readFilter?: ReadFilter) =>
    callDetailView(
      await callDetailVm(deps, call, {
        banner,
        back,
        readFilter,
        exportUrl: call.municipalities.length ? await callExportLink(deps, identity, call) : undefined,
      }),
      trOf(context),
      languageOf(context),
    );

  registerAfterSend(deps, { execute, managed, detail });

  execute(VERBS.openCall, async (context, identity, { callId: id, back }) => {
    const call = await managed(context, identity, id, VERBS.openCall);
    if (!call) return trOf(context)('call.notFound');
    return detail(context, identity, (await service.finishIfDone(id)) ?? call, undefined, back);
  });

  execute(VERBS.remindCall, async (context, identity, { callId: id, back }) => {
    const tr = trOf(context);
    const call = await managed(context, identity, id, VERBS.remindCall);
    if (!call) return tr('call.notFound');
    const r = await remindSilent(deps, call);
    return detail(context, identity, call, r.municipalities ? tr('call.reminded', r) : tr('call.nothingToRemind'), back);
  });

  // the follow-up list of the call detail: everyone who got the call, or only those receipts prove have not read it
  execute(VERBS.filterCallReads, async (context, identity, { callId: id, back, readFilter }) => {
    const call = await managed(context, identity, id, VERBS.filterCallReads);
    if (!call) return trOf(context)('call.notFound');
    return detail(context, identity, call, undefined, back, readFilter);
  });

  execute(VERBS.viewCall, async (context, identity, { callId: id, back }) => {
    const call = await service.get(id);
    const tr = trOf(context);
    if (!call || !addressed(identity, call)) return tr('call.notFound');
    return recipientCallView(await recipientCallVm(deps, call, viewer(identity, context), { back }), tr, languageOf(context));
  });

  // Teams asks for the call card's current state as it is shown (after the deadline: no answer buttons, the call is closed).
  execute(VERBS.refreshCall, async (context, identity, { callId: id, back }) => {
    const call = await service.get(id);
    const tr = trOf(context);
    if (!call || !addressed(identity, call)) {
      refuse(context, VERBS.refreshCall, { callId: id });
      return noticeCard(tr('card.notForYou.title'), tr('card.notForYou.text'));
    }
    return recipientCallView(await recipientCallVm(deps, call, viewer(identity, context), { back }), tr, languageOf(context));
  });

  execute(VERBS.answerCall, async (context, identity, { callId: id, answer: a, comment, back }) => {
    const call = await service.get(id);
    const tr = trOf(context);
    if (!call || !addressed(identity, call)) {
      refuse(context, VERBS.answerCall, { callId: id });
      return tr('call.notFound');
    }
    const r = await recordAnswer(deps, identity, id, a, comment);
    if (!r.ok && r.problem === 'slow-down')
      return recipientCallView(await recipientCallVm(deps, call, viewer(identity, context), { problem: tr('limit.slowDown'), back }), tr, languageOf(context));
    if (r.ok && r.unchanged)
      return recipientCallView(
        await recipientCallVm(deps, call, viewer(identity, context), { banner: tr('call.alreadyRecorded'), back }),
        tr,
        languageOf(context),
      );
    if (!r.ok) {
      refuse(context, VERBS.answerCall, { callId: id, answer: a });
      return recipientCallView(
        await recipientCallVm(deps, call, viewer(identity, context), {
          problem: tr(call.status === 'withdrawn' ? 'call.withdrawn.noAnswers' : 'call.answerNotAllowed'),
          back,
        }),
        tr,
        languageOf(context),
      );
    }
    log.info({ ref: call.ref, municipality: identity.municipality, answer: a }, 'call answered');
    return recipientCallView(await recipientCallVm(deps, call, viewer(identity, context), { banner: tr('call.thanks'), back }), tr, languageOf(context));
  });

  /** A coordinator's own calls, a page at a time. */
  const managedCalls = async (context: TurnContext, identity: Identity, page = 1) => {
    const calls = (await deps.store.calls.all()).filter((c) => service.mayManage(identity, c));
    return callListView(await callListVm(deps, calls, trOf(context)('call.list.title'), { list: 'managed', page }), trOf(context), languageOf(context));
  };
  /** Calls addressed to the person that are still open (announcements until their date). */
  const openCallsFor = async (identity: Identity) => {
    const now = deps.clock.now();
    return (await deps.store.calls.all()).filter(
      (c) => addressed(identity, c) && c.status !== 'cancelled' && c.status !== 'withdrawn' && !isClosed(c, now, deps.config.timezone),
    );
  };
  const openCalls = async (context: TurnContext, identity: Identity, page = 1) =>
    callListView(
      await callListVm(deps, await openCallsFor(identity), trOf(context)('call.list.open'), { list: 'open', page }),
      trOf(context),
      languageOf(context),
    );
  app.message(
    command('command.calls'),
    withIdentity(async (context, identity) => {
      await send(context, isCoordinator(identity) ? await managedCalls(context, identity) : await openCalls(context, identity));
    }),
  );
  app.message(
    command('command.openCalls'),
    withIdentity(async (context, identity) => {
      await send(context, await openCalls(context, identity));
    }),
  );
  execute(VERBS.listCalls, async (context, identity, { list, page }) => {
    if (list === 'open') return openCalls(context, identity, page);
    if (!isCoordinator(identity)) {
      refuse(context, VERBS.listCalls, { list });
      return trOf(context)('error.forbidden');
    }
    return managedCalls(context, identity, page);
  });

  // Someone installs the bot: open calls that could not reach them are sent now, and counted on the waiting card.
  deps.arrivals.add(20, async (identity, tr) => {
    const delivered = await deliverWaitingCalls(deps, identity);
    const open = (await openCallsFor(identity)).length;
    return open
      ? [
          {
            label: tr('waiting.calls'),
            count: open,
            button: tr('waiting.openCalls'),
            command: tr('command.openCalls'),
            note: delivered ? tr('waiting.callsArrive') : undefined,
          },
        ]
      : [];
  });
}
