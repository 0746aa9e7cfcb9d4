import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { hasRole, resolveIdentity } from '../../domain/identity.js';
import { languageOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { send } from '../reply.js';
import { actions, teamsUserId, withIdentity } from '../actions.js';
import { noticeCard } from '../../cards/render.js';
import { withRefresh } from '../../cards/refresh.js';
import type { AdaptiveCard } from '../../cards/templates.js';
import { command } from '../commands.js';
import { byRole } from '../menu.js';
import type { MessageKey } from '../../i18n/index.js';
import { issueLink, redeemLink, sendLinkError } from '../../http/signed-links.js';
import { excelCsv, sendCsv } from '../../http/csv.js';
import { actingAs, invite, recordStep, remindPending, trackedMunicipalities } from './service.js';
import { overviewView, participationView, type ParticipationOpts } from './views.js';
import { overviewVm, participationVm } from './queries.js';
import type { OverviewState } from './state.js';
import { lastStepFor } from './changes.js';
import { participationRows } from './export.js';
import { languageOfPerson } from '../notices.js';
import { registerChanges } from './change-actions.js';
import { capitalised, dateProblem } from './problems.js';
import { participationOccasions, registerParticipationReminderRenderer } from './reminders.js';
import { recordOccasions } from '../occasions.js';
import { containsFodselsnummer } from '../../domain/needs/fnr.js';
import type { Participation } from '../../domain/participation.js';

/** Each municipality's road into its cluster: recorded by its contact person, followed by the coordinator. */
export function register(app: Application<TurnState>, deps: Deps): void {
  registerParticipationReminderRenderer(deps);
  deps.lifecycle.addSweep(async () => void (await recordOccasions(deps, await participationOccasions(deps))));
  const log = deps.logger.child({ feature: 'participation' });
  deps.menu.add({ title: 'menu.cluster', command: 'command.cluster', allowed: (i) => i.coordinatedClusters.length > 0, order: byRole({ coordinator: 4 }, 10) });
  deps.menu.add({
    title: 'menu.participation',
    command: 'command.participation',
    allowed: (i) => hasRole(i, 'contact', 'admin') && !i.coordinatedClusters.length,
    order: byRole({ contact: 3 }, 12),
  });

  const exportUrl = (identity: Identity) => (cluster: string) => issueLink(deps, '/exports/participation', 'participation', { c: cluster }, identity);
  const overview = async (context: TurnContext, identity: Identity, banner = '', state?: OverviewState) =>
    overviewView(await overviewVm(deps, identity, exportUrl(identity), banner, state), trOf(context), languageOf(context));
  const { execute, refuse } = actions(app, log);
  /** A participation card that refreshes to the current state whenever the person sees it again. */
  const shown = (context: TurnContext, card: AdaptiveCard, cluster: string, municipality: string, back?: OverviewState | null) =>
    withRefresh(card, VERBS.refreshParticipation, { cluster, municipality, ...(back ? { back } : {}) }, [teamsUserId(context)]);
  type CardOpts = Omit<ParticipationOpts, 'asCoordinator' | 'change'>;
  /** The municipality's card as this person sees it: the back button for a coordinator, the correct/undo buttons for those allowed. */
  const card = async (context: TurnContext, identity: Identity, p: Participation, opts: CardOpts = {}) => {
    const asCoordinator = actingAs(identity, p.cluster, p.municipality) === 'coordinator';
    const back = asCoordinator ? opts.back : null;
    const { last, right } = await lastStepFor(deps, identity, p.cluster, p.municipality);
    const change = last && right.ok ? { stepN: last.n, canCorrect: last.step !== 'active', canUndo: true } : undefined;
    return shown(
      context,
      participationView(await participationVm(deps, p, { ...opts, asCoordinator, back, change }), trOf(context), languageOf(context)),
      p.cluster,
      p.municipality,
      back,
    );
  };

  app.message(
    command('command.cluster'),
    withIdentity(async (context, identity) => {
      if (!identity.coordinatedClusters.length) {
        refuse(context, 'cluster.view', {});
        return void (await send(context, trOf(context)('ov.none')));
      }
      await send(context, await overview(context, identity));
    }),
  );

  execute(VERBS.openCluster, async (context, identity, state) => {
    if (!identity.coordinatedClusters.length) return trOf(context)('ov.none');
    return overview(context, identity, '', state);
  });

  app.message(
    command('command.participation'),
    withIdentity(async (context, identity) => {
      const tr = trOf(context);
      if (!hasRole(identity, 'contact', 'admin')) return void (await send(context, tr('part.notContact')));
      const clusters = deps.directory.clustersOf(identity.municipality).map((c) => c.id);
      const stored = await Promise.all(deps.directory.data.clusters.map((c) => deps.store.participation.stored(c.id)));
      const tracked = deps.directory.data.clusters.filter((_c, i) => stored[i].some((p) => p.municipality === identity.municipality)).map((c) => c.id);
      const all = [...new Set([...clusters, ...tracked])];
      if (!all.length)
        return void (await send(context, tr('part.noClusters', { municipality: deps.directory.municipality(identity.municipality)?.name ?? '' })));
      for (const c of all) await send(context, await card(context, identity, await deps.store.participation.get(c, identity.municipality)));
    }),
  );

  execute(VERBS.openParticipation, async (context, identity, { cluster, municipality, back }) => {
    const as = actingAs(identity, cluster, municipality);
    if (!as || !(await trackedMunicipalities(deps, cluster)).includes(municipality)) {
      refuse(context, VERBS.openParticipation, { cluster, municipality });
      return trOf(context)('error.forbidden');
    }
    return card(context, identity, await deps.store.participation.get(cluster, municipality), { back });
  });
  execute(VERBS.refreshParticipation, async (context, identity, { cluster, municipality, back }) => {
    const as = actingAs(identity, cluster, municipality);
    const tr = trOf(context);
    if (!as || !(await trackedMunicipalities(deps, cluster)).includes(municipality)) {
      refuse(context, VERBS.refreshParticipation, { cluster, municipality });
      return noticeCard(tr('card.notForYou.title'), tr('card.notForYou.text'));
    }
    return card(context, identity, await deps.store.participation.get(cluster, municipality), { back });
  });

  execute(VERBS.recordParticipation, async (context, identity, d) => {
    const tr = trOf(context);
    const { cluster, municipality, step, note, back, ...facts } = d;
    const values = d as unknown as Record<string, string>;
    const personal = (['caseNumber', 'signedBy', 'note'] as const).find((k) => containsFodselsnummer(d[k]));
    if (personal) {
      if (!actingAs(identity, cluster, municipality)) return tr('error.forbidden');
      const problem = tr('need.problem.personalData', { field: capitalised(tr(`part.fieldName.${personal}`)) });
      return card(context, identity, await deps.store.participation.get(cluster, municipality), { problem, values, back });
    }
    const r = await recordStep(deps, identity, cluster, municipality, step, { ...facts, outcome: facts.outcome || undefined }, note);
    const current = await deps.store.participation.get(cluster, municipality);
    if (!r.ok && (r.problem === 'unchanged' || r.problem === 'slow-down')) {
      return card(context, identity, current, { problem: tr(r.problem === 'unchanged' ? 'change.alreadyRecorded' : 'limit.slowDown'), back });
    }
    if (!r.ok) {
      if (r.problem === 'forbidden') {
        refuse(context, VERBS.recordParticipation, { cluster, municipality, step });
        return tr('error.forbidden');
      }
      const problem =
        r.problem === 'date'
          ? dateProblem(tr, languageOf(context), r.date)
          : r.problem === 'missing'
            ? tr('part.missing', { fields: (r.missing ?? []).map((f) => tr(`part.fieldName.${f}` as MessageKey)).join(', ') })
            : tr('part.notAllowed', { state: tr(`part.state.${current.state}`) });
      return card(context, identity, current, { problem, values, back });
    }
    const name = deps.directory.municipality(municipality)?.name ?? municipality;
    return card(context, identity, r.value, { banner: tr('part.recorded', { municipality: name, state: tr(`part.state.${r.value.state}`) }), back });
  });

  registerChanges(deps, execute, refuse, card);

  execute(VERBS.inviteParticipation, async (context, identity, data) => {
    const municipality = String((data as Record<string, unknown>)[`invite-${data.cluster}`] ?? '');
    if (!(await invite(deps, identity, data.cluster, municipality))) {
      refuse(context, VERBS.inviteParticipation, { cluster: data.cluster, municipality });
      return trOf(context)('error.forbidden');
    }
    return overview(context, identity, trOf(context)('ov.invited', { municipality: deps.directory.municipality(municipality)?.name ?? municipality }), {
      pages: data.pages,
    });
  });

  execute(VERBS.remindParticipation, async (context, identity, { cluster, pages }) => {
    if (!identity.coordinatedClusters.includes(cluster)) {
      refuse(context, VERBS.remindParticipation, { cluster });
      return trOf(context)('error.forbidden');
    }
    const r = await remindPending(deps, cluster);
    return overview(context, identity, r.municipalities ? trOf(context)('ov.reminded', r) : trOf(context)('ov.nothingPending'), { pages });
  });

  deps.routes.get('/exports/participation/:token', async (req, res) => {
    const checked = await redeemLink(deps, 'participation', req.params?.token ?? '');
    if ('error' in checked) return sendLinkError(res, checked, req);
    const person = await deps.store.people.get(checked.personId);
    const cluster = checked.data.c ?? '';
    if (!person || !resolveIdentity(deps.directory, deps.config.admins, person).coordinatedClusters.includes(cluster))
      return sendLinkError(res, { error: 'forbidden', language: checked.language });
    const rows = await participationRows(deps, await languageOfPerson(deps, person.id), cluster);
    const header = [
      'Klynge',
      'Kommunenummer',
      'Kommune',
      'Status',
      'Møtedato formannskap',
      'Vedtaksdato',
      'Saksnummer',
      'Utfall',
      'Signert dato',
      'Signert av',
      'FOUi-kontakt',
      'Sist endret',
      'Historikk',
    ];
    sendCsv(res, `ksf-deltakelse-${cluster}.csv`, excelCsv([header, ...rows]));
  });
}
