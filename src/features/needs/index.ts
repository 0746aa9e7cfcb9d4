import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { hasRole } from '../../domain/identity.js';
import { languageOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { confirmCard, noticeCard } from '../../cards/render.js';
import { withRefresh } from '../../cards/refresh.js';
import type { AdaptiveCard } from '../../cards/templates.js';
import { actionNoticeCard } from '../../cards/needs.js';
import type { Need, NeedStatus } from '../../domain/needs/types.js';
import { validateNeedInput } from '../../domain/needs/validation.js';
import { canSee } from '../../domain/needs/scope.js';
import { checkTransition } from '../../domain/needs/transitions.js';
import { containsFodselsnummer } from '../../domain/needs/fnr.js';
import { send } from '../reply.js';
import { actions, teamsUserId, withIdentity } from '../actions.js';
import { command } from '../commands.js';
import { byRole } from '../menu.js';
import { NeedsService, type Problem } from './service.js';
import { formView, needView } from './views.js';
import { formVm, needVm } from './queries.js';
import { needWaitingOccasions, registerNeedReminderRenderer } from './reminders.js';
import { recordOccasions } from '../occasions.js';
import { defaultScope, filterSchema, listVm, mayList, prioritiesVm, visibleClusters, type Filters } from './lists.js';
import { listView, prioritiesView } from './list-views.js';
import { exportLink, EXPORT_MINUTES, needsCsv } from './export.js';
import { registerExportRoute } from './export-route.js';
import { registerLinkEraser } from '../../http/signed-links.js';

/** Knowledge needs: register, follow, qualify, prioritise, link, export. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'needs' });
  const service = new NeedsService(deps);
  // the similarity index is built between the first turns after start, not in the first registration
  registerNeedReminderRenderer(deps);
  deps.lifecycle.addSweep(async () => void (await recordOccasions(deps, needWaitingOccasions(deps))));
  deps.lifecycle.onStart(() => void service.warmIndex().catch((err: unknown) => log.error({ err }, 'similarity index not built')));
  registerExportRoute(deps);
  registerLinkEraser(deps);

  const isContactOrCoordinator = (i: Identity) => hasRole(i, 'contact', 'coordinator');
  deps.menu.add({ title: 'menu.newNeed', command: 'command.newNeed', allowed: () => true, order: byRole({ contact: 4 }, 20) });
  deps.menu.add({ title: 'menu.myNeeds', command: 'command.myNeeds', allowed: () => true, order: 21 });
  deps.menu.add({
    title: 'menu.needs',
    command: 'command.needs',
    allowed: (i) => hasRole(i, 'contact') && !i.coordinatedClusters.length,
    order: byRole({ contact: 1 }, 22),
  });
  deps.menu.add({
    title: 'menu.clusterNeeds',
    command: 'command.needs',
    allowed: (i) => i.coordinatedClusters.length > 0,
    order: byRole({ coordinator: 1 }, 22),
  });
  deps.menu.add({
    title: 'menu.priorities',
    command: 'command.priorities',
    allowed: isContactOrCoordinator,
    order: byRole({ coordinator: 5, contact: 5 }, 23),
  });
  deps.menu.add({ title: 'menu.exportNeeds', command: 'command.exportNeeds', allowed: (i) => i.coordinatedClusters.length > 0, order: 24 });

  // A contact person who installs later hears how many of the municipality's needs wait for their assessment.
  deps.arrivals.add(10, async (identity, tr) => {
    if (!hasRole(identity, 'contact') || identity.coordinatedClusters.length) return [];
    const count = (await deps.store.needs.inMunicipalities([identity.municipality])).filter((n) => n.status === 'received').length;
    return count ? [{ label: tr('waiting.needs'), count, button: tr('waiting.openNeeds'), command: tr('command.needs') }] : [];
  });

  const { execute, refuse } = actions(app, log);
  /** The need card for the person in this turn; it refreshes to its current state (and keeps its way back) whenever they see it again. */
  const shown = (context: TurnContext, card: AdaptiveCard, id: string, back?: Filters | null) =>
    withRefresh(card, VERBS.refreshNeed, { needId: id, ...(back ? { back } : {}) }, [teamsUserId(context)]);
  const view = async (context: TurnContext, identity: Identity, id: string, extra: { banner?: string; problem?: string; back?: Filters | null } = {}) => {
    const need = await service.get(id);
    const tr = trOf(context);
    if (!need || !canSee(identity, need, deps.directory)) return tr('need.notFound');
    return shown(context, needView(await needVm(deps, service, identity, need, extra), tr, languageOf(context)), id, extra.back);
  };
  /** Why the author may not withdraw the need now, in words, or undefined while they may (the transition table decides). */
  const withdrawRefusal = async (context: TurnContext, identity: Identity, id: string) => {
    const need = await service.get(id);
    if (!need || checkTransition(service.actors(identity, need), need.status, 'withdrawn', undefined).ok) return undefined;
    const tr = trOf(context);
    return tr('need.withdraw.notAllowed', { ref: need.ref, status: tr(`need.status.${need.status}`) });
  };
  const problemText = async (context: TurnContext, r: { ok: false; problem: Problem }, id: string, action?: string) => {
    const tr = trOf(context);
    const need = await service.get(id);
    if (r.problem === 'note-required') return tr('need.note.required', { action: action ?? '' });
    if (r.problem === 'same-municipality') return tr('link.sameMunicipality');
    if (r.problem === 'unchanged') return tr('change.alreadyRecorded');
    if (r.problem === 'slow-down') return tr('limit.slowDown');
    if (r.problem === 'not-allowed' && need) return tr('need.transition.notAllowed', { ref: need.ref, status: tr(`need.status.${need.status}`) });
    return tr('need.notFound');
  };

  /** A move that passes over a step (prioritising an unassessed need) without its reason: says so in words. */
  const overrideProblem = async (context: TurnContext, identity: Identity, id: string, to: NeedStatus, r: { ok: false; problem: Problem }) => {
    const need = await service.get(id);
    if (r.problem !== 'note-required' || !need) return undefined;
    const check = checkTransition(service.actors(identity, need), need.status, to, '');
    return !check.ok && check.reason === 'note-required' && check.rule.override ? trOf(context)('need.override.reasonRequired', { ref: need.ref }) : undefined;
  };

  /** Says which linked needs a group action left alone because they are outside the person's clusters. */
  const skippedText = (context: TurnContext, skipped: Need[]) =>
    trOf(context)('group.skipped', {
      count: skipped.length,
      refs: skipped.map((n) => `${n.ref} (${deps.directory.municipality(n.municipality)?.name ?? n.municipality})`).join(', '),
    });

  const form = (context: TurnContext, identity: Identity) => formView(formVm(deps, identity), trOf(context), languageOf(context));
  app.message(
    command('command.newNeed'),
    withIdentity(async (context, identity) => send(context, form(context, identity))),
  );
  execute(VERBS.newNeed, async (context, identity) => form(context, identity));

  app.message(
    command('command.myNeeds'),
    withIdentity(async (context, identity) => {
      await send(context, listView(await listVm(deps, identity, filterSchema.parse({ scope: 'mine' })), trOf(context), languageOf(context)));
    }),
  );
  app.message(
    command('command.needs'),
    withIdentity(async (context, identity) => {
      await send(context, listView(await listVm(deps, identity, filterSchema.parse({ scope: defaultScope(identity) })), trOf(context), languageOf(context)));
    }),
  );
  execute(VERBS.filterNeeds, async (context, identity, f) => {
    if (!mayList(identity, f.scope)) {
      refuse(context, VERBS.filterNeeds, f);
      return trOf(context)('error.forbidden');
    }
    return listView(await listVm(deps, identity, f), trOf(context), languageOf(context));
  });

  execute(VERBS.submitNeed, async (context, identity, data) => {
    const tr = trOf(context);
    const lang = languageOf(context);
    const existing = data.needId ? await service.get(data.needId) : undefined;
    if (data.needId && (!existing || existing.authorId !== identity.personId)) {
      refuse(context, VERBS.submitNeed, { needId: data.needId });
      return tr('need.notFound');
    }
    const result = validateNeedInput(
      data,
      deps.directory.themes().map((t) => t.id),
    );
    const back = data.back ?? null;
    if (!result.ok) return formView(formVm(deps, identity, { values: result.values, errors: result.errors, need: existing, back }), tr, lang);
    if (existing) {
      const edited = await service.edit(identity, existing.id, result.value);
      if (!edited.ok) return tr('need.editNotAllowed', { ref: existing.ref, status: tr(`need.status.${existing.status}`) });
      return shown(context, needView(await needVm(deps, service, identity, edited.value, { banner: tr('need.saved'), back }), tr, lang), existing.id, back);
    }
    const need = await service.create(identity, result.value);
    log.info({ ref: need.ref, municipality: need.municipality }, 'knowledge need registered');
    return shown(context, needView(await needVm(deps, service, identity, need, { banner: tr('need.receipt', { ref: need.ref }) }), tr, lang), need.id);
  });

  execute(VERBS.openNeed, async (context, identity, { needId: id, back }) => view(context, identity, id, { back }));
  // Teams asks for the card's current state as it is shown: someone who may not see the need gets no data and no actions.
  execute(VERBS.refreshNeed, async (context, identity, { needId: id, back }) => {
    const need = await service.get(id);
    const tr = trOf(context);
    if (!need || !canSee(identity, need, deps.directory)) {
      refuse(context, VERBS.refreshNeed, { needId: id });
      return noticeCard(tr('card.notForYou.title'), tr('card.notForYou.text'));
    }
    return view(context, identity, id, { back });
  });

  execute(VERBS.editNeed, async (context, identity, { needId: id, back }) => {
    const need = await service.get(id);
    const tr = trOf(context);
    if (!need || need.authorId !== identity.personId) return tr('need.notFound');
    if (need.status !== 'received' && need.status !== 'returned')
      return view(context, identity, id, { problem: tr('need.editNotAllowed', { ref: need.ref, status: tr(`need.status.${need.status}`) }), back });
    return formView(formVm(deps, identity, { need, back }), tr, languageOf(context));
  });

  execute(VERBS.transitionNeed, async (context, identity, { needId: id, to, note, back }) => {
    const tr = trOf(context);
    // a reason or a question is free text like any other: no fødselsnummer in it
    if (note && containsFodselsnummer(note))
      return view(context, identity, id, { problem: tr('need.problem.personalData', { field: tr('need.fieldName.note') }), back });
    const r = await service.transition(identity, id, to, note);
    if (!r.ok) {
      refuse(context, VERBS.transitionNeed, { needId: id, to });
      return view(context, identity, id, {
        problem: (await overrideProblem(context, identity, id, to, r)) ?? (await problemText(context, r, id, tr(`need.action.to.${to}`))),
        back,
      });
    }
    const done = tr('need.transition.done', { ref: r.value.ref, status: tr(`need.status.${to}`) });
    return view(context, identity, id, { banner: r.skipped.length ? `${done} ${skippedText(context, r.skipped)}` : done, back });
  });

  execute(VERBS.askWithdrawNeed, async (context, identity, { needId: id, back }) => {
    const need = await service.get(id);
    const tr = trOf(context);
    if (!need || need.authorId !== identity.personId) return tr('need.notFound');
    const refusal = await withdrawRefusal(context, identity, id);
    if (refusal) return view(context, identity, id, { problem: refusal });
    return confirmCard({
      title: tr('need.withdraw.title', { ref: need.ref }),
      body: tr('need.withdraw.body'),
      confirmLabel: tr('need.withdraw.confirm'),
      cancelLabel: tr('need.withdraw.cancel'),
      confirmVerb: VERBS.confirmWithdrawNeed,
      cancelVerb: VERBS.cancelWithdrawNeed,
      data: { needId: id, back: back ?? null },
    });
  });
  execute(VERBS.confirmWithdrawNeed, async (context, identity, { needId: id, back }) => {
    const tr = trOf(context);
    const r = await service.transition(identity, id, 'withdrawn', undefined);
    if (!r.ok) return view(context, identity, id, { problem: (await withdrawRefusal(context, identity, id)) ?? (await problemText(context, r, id)), back });
    return view(context, identity, id, { banner: tr('need.transition.done', { ref: r.value.ref, status: tr('need.status.withdrawn') }), back });
  });
  execute(VERBS.cancelWithdrawNeed, async (context, identity, { needId: id, back }) =>
    view(context, identity, id, { banner: trOf(context)('need.withdraw.cancelled'), back }),
  );

  execute(VERBS.linkNeed, async (context, identity, { needId: id, otherId, back }) => {
    const tr = trOf(context);
    const r = await service.link(identity, id, otherId);
    if (!r.ok) {
      refuse(context, VERBS.linkNeed, { needId: id, otherId });
      return view(context, identity, id, { problem: await problemText(context, r, id), back });
    }
    const municipalities = (await deps.store.needs.getMany(r.value.needIds)).map((n) => deps.directory.municipality(n!.municipality)?.name ?? '').join(', ');
    return view(context, identity, id, {
      banner: tr('link.done', { ref: (await service.get(id))!.ref, other: (await service.get(otherId))!.ref, municipalities }),
      back,
    });
  });
  execute(VERBS.unlinkNeed, async (context, identity, { needId: id, back }) => {
    const r = await service.unlink(identity, id);
    if (!r.ok) {
      refuse(context, VERBS.unlinkNeed, { needId: id });
      return view(context, identity, id, { problem: await problemText(context, r, id), back });
    }
    const done = trOf(context)('link.unlinked', { ref: r.value.ref });
    return view(context, identity, id, { banner: r.skipped.length ? `${done} ${skippedText(context, r.skipped)}` : done, back });
  });

  app.message(
    command('command.priorities'),
    withIdentity(async (context, identity) => {
      const tr = trOf(context);
      if (!visibleClusters(deps, identity).length) return void (await send(context, tr('needs.onlyRoles')));
      await send(context, prioritiesView(await prioritiesVm(deps, identity), tr));
    }),
  );
  const reRank = async (context: TurnContext, identity: Identity, cluster: string, entry: string, place: number) => {
    const r = await service.rank(identity, cluster, entry, place);
    if (!r.ok && r.problem === 'slow-down') return trOf(context)('limit.slowDown');
    if (!r.ok) {
      refuse(context, 'priority', { cluster, entry });
      return trOf(context)(r.problem === 'not-allowed' ? 'error.forbidden' : 'priority.unknownEntry');
    }
    return prioritiesView(await prioritiesVm(deps, identity), trOf(context));
  };
  execute(VERBS.movePriority, async (context, identity, { cluster, entry, direction }) => {
    const current = (await deps.store.needs.priorities(cluster)).entries.indexOf(entry) + 1;
    return reRank(context, identity, cluster, entry, direction === 'up' ? current - 1 : current + 1);
  });
  execute(VERBS.rankPriority, async (context, identity, data) => {
    const place = Number((data as Record<string, unknown>)[`rank-${data.key}`]);
    if (!Number.isFinite(place) || place < 1) return trOf(context)('error.invalidCard');
    return reRank(context, identity, data.cluster, data.entry, place);
  });

  app.message(
    command('command.exportNeeds'),
    withIdentity(async (context, identity) => {
      const tr = trOf(context);
      if (!identity.coordinatedClusters.length) return void (await send(context, tr('export.none')));
      for (const cluster of identity.coordinatedClusters) {
        const { count } = await needsCsv(deps, cluster);
        await send(
          context,
          actionNoticeCard({
            title: tr('export.title'),
            lines: [tr('export.body', { cluster: deps.directory.cluster(cluster)?.name ?? cluster, count, minutes: EXPORT_MINUTES }), tr('link.once')],
            links: [{ title: tr('export.download'), url: await exportLink(deps, identity, cluster) }],
          }),
        );
      }
    }),
  );
}
