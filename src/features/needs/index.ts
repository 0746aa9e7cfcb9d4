import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { hasRole } from '../../domain/identity.js';
import { identityOf, languageOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { confirmCard } from '../../cards/render.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { NEED_STATUSES } from '../../domain/needs/types.js';
import { validateNeedInput } from '../../domain/needs/validation.js';
import { canSee } from '../../domain/needs/scope.js';
import { freeText } from '../../domain/free-text.js';
import { send } from '../reply.js';
import { actions } from '../actions.js';
import { command } from '../commands.js';
import { NeedsService, type Result } from './service.js';
import { formView, needView } from './views.js';
import { defaultScope, filterSchema, listView, mayList, prioritiesView, visibleClusters } from './lists.js';
import { exportLink, EXPORT_MINUTES, needsCsv } from './export.js';
import { registerExportRoute } from './export-route.js';
import { registerNeedEraser } from './eraser.js';
import { registerLinkEraser } from '../../http/signed-links.js';

const needId = z.object({ needId: z.string().uuid() });
const transition = needId.extend({ to: z.enum(NEED_STATUSES), note: freeText('need.fieldName.note', 1000).optional() });
const link = needId.extend({ otherId: z.string().uuid() });
const move = z.object({ cluster: z.string().min(1).max(100), entry: z.string().min(1).max(100), direction: z.enum(['up', 'down']) });
const rank = z.object({ cluster: z.string().min(1).max(100), entry: z.string().min(1).max(100), key: z.string().regex(/^\d{1,4}$/) }).passthrough();

/** Knowledge needs: register, follow, qualify, prioritise, link, export. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'needs' });
  const service = new NeedsService(deps);
  // the similarity index is built between the first turns after start, not in the first registration
  deps.lifecycle.onStart(() => void service.warmIndex().catch((err: unknown) => log.error({ err }, 'similarity index not built')));
  registerExportRoute(deps);
  registerNeedEraser(deps);
  registerLinkEraser(deps);

  const isContactOrCoordinator = (i: Identity) => hasRole(i, 'contact', 'coordinator');
  deps.menu.add({ title: 'menu.newNeed', command: 'command.newNeed', allowed: () => true, order: 20 });
  deps.menu.add({ title: 'menu.myNeeds', command: 'command.myNeeds', allowed: () => true, order: 21 });
  deps.menu.add({ title: 'menu.needs', command: 'command.needs', allowed: (i) => hasRole(i, 'contact') && !i.coordinatedClusters.length, order: 22 });
  deps.menu.add({ title: 'menu.clusterNeeds', command: 'command.needs', allowed: (i) => i.coordinatedClusters.length > 0, order: 22 });
  deps.menu.add({ title: 'menu.priorities', command: 'command.priorities', allowed: isContactOrCoordinator, order: 23 });
  deps.menu.add({ title: 'menu.exportNeeds', command: 'command.exportNeeds', allowed: (i) => i.coordinatedClusters.length > 0, order: 24 });

  const { execute, refuse } = actions(app, log);
  const view = (context: TurnContext, identity: Identity, id: string, extra: { banner?: string; problem?: string } = {}) => {
    const need = service.get(id);
    const tr = trOf(context);
    if (!need || !canSee(identity, need, deps.directory)) return tr('need.notFound');
    return needView(deps, service, tr, languageOf(context), identity, need, extra);
  };
  const problemText = (context: TurnContext, r: Extract<Result<unknown>, { ok: false }>, id: string, action?: string) => {
    const tr = trOf(context);
    const need = service.get(id);
    if (r.problem === 'note-required') return tr('need.note.required', { action: action ?? '' });
    if (r.problem === 'same-municipality') return tr('link.sameMunicipality');
    if (r.problem === 'not-allowed' && need) return tr('need.transition.notAllowed', { ref: need.ref, status: tr(`need.status.${need.status}`) });
    return tr('need.notFound');
  };

  const form = (context: TurnContext) => formView(deps, trOf(context), languageOf(context), identityOf(context)!);
  app.message(command('command.newNeed'), async (context) => send(context, form(context)));
  execute(VERBS.newNeed, z.object({}).passthrough(), async (context) => form(context));

  app.message(command('command.myNeeds'), async (context) => {
    await send(context, listView(deps, trOf(context), languageOf(context), identityOf(context)!, filterSchema.parse({ scope: 'mine' })));
  });
  app.message(command('command.needs'), async (context) => {
    const identity = identityOf(context)!;
    await send(context, listView(deps, trOf(context), languageOf(context), identity, filterSchema.parse({ scope: defaultScope(identity) })));
  });
  execute(VERBS.filterNeeds, filterSchema, async (context, identity, f) => {
    if (!mayList(identity, f.scope)) {
      refuse(context, VERBS.filterNeeds, f);
      return trOf(context)('error.forbidden');
    }
    return listView(deps, trOf(context), languageOf(context), identity, f);
  });

  execute(VERBS.submitNeed, z.object({ needId: z.union([z.literal(''), z.string().uuid()]).optional() }).passthrough(), async (context, identity, data) => {
    const tr = trOf(context);
    const lang = languageOf(context);
    const existing = data.needId ? service.get(data.needId) : undefined;
    if (data.needId && (!existing || existing.authorId !== identity.personId)) {
      refuse(context, VERBS.submitNeed, { needId: data.needId });
      return tr('need.notFound');
    }
    const result = validateNeedInput(data, deps.directory.themes().map((t) => t.id));
    if (!result.ok) return formView(deps, tr, lang, identity, { values: result.values, errors: result.errors, need: existing });
    if (existing) {
      const edited = await service.edit(identity, existing.id, result.value);
      if (!edited.ok) return tr('need.editNotAllowed', { ref: existing.ref, status: tr(`need.status.${existing.status}`) });
      return needView(deps, service, tr, lang, identity, edited.value, { banner: tr('need.saved') });
    }
    const need = await service.create(identity, result.value);
    log.info({ ref: need.ref, municipality: need.municipality }, 'knowledge need registered');
    return needView(deps, service, tr, lang, identity, need, { banner: tr('need.receipt', { ref: need.ref }) });
  });

  execute(VERBS.openNeed, needId, async (context, identity, { needId: id }) => view(context, identity, id));

  execute(VERBS.editNeed, needId, async (context, identity, { needId: id }) => {
    const need = service.get(id);
    const tr = trOf(context);
    if (!need || need.authorId !== identity.personId) return tr('need.notFound');
    if (need.status !== 'received' && need.status !== 'returned') return view(context, identity, id, { problem: tr('need.editNotAllowed', { ref: need.ref, status: tr(`need.status.${need.status}`) }) });
    return formView(deps, tr, languageOf(context), identity, { need });
  });

  execute(VERBS.transitionNeed, transition, async (context, identity, { needId: id, to, note }) => {
    const tr = trOf(context);
    const r = await service.transition(identity, id, to, note);
    if (!r.ok) {
      refuse(context, VERBS.transitionNeed, { needId: id, to });
      return view(context, identity, id, { problem: problemText(context, r, id, tr(`need.action.to.${to}`)) });
    }
    return view(context, identity, id, { banner: tr('need.transition.done', { ref: r.value.ref, status: tr(`need.status.${to}`) }) });
  });

  execute(VERBS.askWithdrawNeed, needId, async (context, identity, { needId: id }) => {
    const need = service.get(id);
    const tr = trOf(context);
    if (!need || need.authorId !== identity.personId) return tr('need.notFound');
    return confirmCard({
      title: tr('need.withdraw.title', { ref: need.ref }),
      body: tr('need.withdraw.body'),
      confirmLabel: tr('need.withdraw.confirm'),
      cancelLabel: tr('need.withdraw.cancel'),
      confirmVerb: VERBS.confirmWithdrawNeed,
      cancelVerb: VERBS.cancelWithdrawNeed,
      data: { needId: id },
    });
  });
  execute(VERBS.confirmWithdrawNeed, needId, async (context, identity, { needId: id }) => {
    const tr = trOf(context);
    const r = await service.transition(identity, id, 'withdrawn', undefined);
    if (!r.ok) return view(context, identity, id, { problem: problemText(context, r, id) });
    return view(context, identity, id, { banner: tr('need.transition.done', { ref: r.value.ref, status: tr('need.status.withdrawn') }) });
  });
  execute(VERBS.cancelWithdrawNeed, needId, async (context, identity, { needId: id }) => view(context, identity, id, { banner: trOf(context)('need.withdraw.cancelled') }));

  execute(VERBS.linkNeed, link, async (context, identity, { needId: id, otherId }) => {
    const tr = trOf(context);
    const r = await service.link(identity, id, otherId);
    if (!r.ok) {
      refuse(context, VERBS.linkNeed, { needId: id, otherId });
      return view(context, identity, id, { problem: problemText(context, r, id) });
    }
    const municipalities = r.value.needIds.map((n) => service.get(n)).map((n) => deps.directory.municipality(n!.municipality)?.name ?? '').join(', ');
    return view(context, identity, id, { banner: tr('link.done', { ref: service.get(id)!.ref, other: service.get(otherId)!.ref, municipalities }) });
  });
  execute(VERBS.unlinkNeed, needId, async (context, identity, { needId: id }) => {
    const r = await service.unlink(identity, id);
    if (!r.ok) {
      refuse(context, VERBS.unlinkNeed, { needId: id });
      return view(context, identity, id, { problem: problemText(context, r, id) });
    }
    return view(context, identity, id, { banner: trOf(context)('link.unlinked', { ref: r.value.ref }) });
  });

  app.message(command('command.priorities'), async (context) => {
    const identity = identityOf(context)!;
    const tr = trOf(context);
    if (!visibleClusters(deps, identity).length) return void (await send(context, tr('needs.onlyRoles')));
    await send(context, prioritiesView(deps, tr, identity));
  });
  const reRank = async (context: TurnContext, identity: Identity, cluster: string, entry: string, place: number) => {
    const r = await service.rank(identity, cluster, entry, place);
    if (!r.ok) {
      refuse(context, 'priority', { cluster, entry });
      return trOf(context)(r.problem === 'not-allowed' ? 'error.forbidden' : 'priority.unknownEntry');
    }
    return prioritiesView(deps, trOf(context), identity);
  };
  execute(VERBS.movePriority, move, async (context, identity, { cluster, entry, direction }) => {
    const current = deps.store.needs.priorities(cluster).entries.indexOf(entry) + 1;
    return reRank(context, identity, cluster, entry, direction === 'up' ? current - 1 : current + 1);
  });
  execute(VERBS.rankPriority, rank, async (context, identity, data) => {
    const place = Number((data as Record<string, unknown>)[`rank-${data.key}`]);
    if (!Number.isFinite(place) || place < 1) return trOf(context)('error.invalidCard');
    return reRank(context, identity, data.cluster, data.entry, place);
  });

  app.message(command('command.exportNeeds'), async (context) => {
    const identity = identityOf(context)!;
    const tr = trOf(context);
    if (!identity.coordinatedClusters.length) return void (await send(context, tr('export.none')));
    for (const cluster of identity.coordinatedClusters) {
      const { count } = needsCsv(deps, cluster);
      await send(context, actionNoticeCard({
        title: tr('export.title'),
        lines: [tr('export.body', { cluster: deps.directory.cluster(cluster)?.name ?? cluster, count, minutes: EXPORT_MINUTES }), tr('link.once')],
        links: [{ title: tr('export.download'), url: exportLink(deps, identity, cluster) }],
      }));
    }
  });
}
