import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Language } from '../../domain/people.js';
import { formatDate, type Translate, type MessageKey } from '../../i18n/index.js';
import { formatDay } from '../../i18n/day.js';
import { answeredNeedLines, needChoices } from './linked-needs.js';
import { ANSWERS, AUDIENCES, CALL_KINDS, type Call } from '../../domain/calls/types.js';
import { answerRight, closesAt, isClosed, targetMunicipalities } from '../../domain/calls/rules.js';
import type { CallFieldError } from '../../domain/calls/validation.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import { withRefresh } from '../../cards/refresh.js';
import { VERBS } from '../../cards/verbs.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { answerId, callStats } from './stats.js';
import { undeliverableReason, type OutboxMessage } from '../../domain/outbox.js';
import { pageOf } from '../../domain/paging.js';
import { pagerVm } from '../../cards/pager.js';
import type { CallListState } from './list-state.js';

/** Calls on one page of a list. */
export const CALLS_PAGE_SIZE = 10;

const day = formatDay;

/** The compose form, with the person's input and problems named in words. */
export function callFormView(deps: Deps, tr: Translate, identity: Identity, opts: { values?: Record<string, string>; errors?: CallFieldError[]; call?: Call } = {}): AdaptiveCard {
  const d = deps.directory;
  const c = opts.call;
  const values: Record<string, string> = opts.values ?? (c
    ? {
        title: c.title, summary: c.summary, body: c.body, sender: c.sender, link: c.link, deadline: c.deadline, kind: c.kind, audience: c.audience,
        target: c.target.type === 'municipalities' ? 'chosen' : `${c.target.type}:${c.target.id}`,
        municipalities: c.target.type === 'municipalities' ? c.target.ids.join(',') : '',
        needs: (c.needIds ?? []).join(','),
      }
    : {});
  const targets = [
    ...identity.coordinatedClusters.map((id) => ({ value: `cluster:${id}`, title: tr('call.target.cluster', { name: d.cluster(id)?.name ?? id }) })),
    ...(identity.coordinatedRegion ? [{ value: `region:${identity.coordinatedRegion}`, title: tr('call.target.region', { name: d.region(identity.coordinatedRegion)?.name ?? '' }) }] : []),
    { value: 'chosen', title: tr('call.target.chosen') },
  ];
  const defaults = { kind: 'participation', audience: 'contacts', target: targets[0]?.value ?? 'chosen' };
  const all = ['title', 'summary', 'body', 'sender', 'link', 'deadline', 'kind', 'target', 'audience', 'municipalities', 'needs'];
  const merged = Object.fromEntries(all.map((k) => [k, values[k] ?? (defaults as Record<string, string>)[k] ?? '']));
  const errors = (opts.errors ?? []).map((e) => tr(`call.problem.${e.problem}` as MessageKey, { field: tr(`call.fieldName.${e.field}` as MessageKey), max: e.max ?? '' }));
  return expand('call-form', {
    t: {
      title: c ? tr('call.form.editTitle', { ref: c.ref }) : tr('call.form.title'),
      intro: tr('call.form.intro'),
      errorsHeading: tr('call.form.errorsHeading'),
      fTitle: tr('call.field.title'), fSummary: tr('call.field.summary'), fBody: tr('call.field.body'), fSender: tr('call.field.sender'),
      fLink: tr('call.field.link'), fDeadline: tr('call.field.deadline'), fKind: tr('call.field.kind'), fTarget: tr('call.field.target'),
      fMunicipalities: tr('call.field.municipalities'), fAudience: tr('call.field.audience'), fNeeds: tr('call.field.needs'),
      errTitle: tr('call.error.title'), errSummary: tr('call.error.summary'), errSender: tr('call.error.sender'), errDeadline: tr('call.error.deadline'), errChoice: tr('call.error.choice'),
      preview: tr('call.preview'),
    },
    values: merged,
    errors,
    today: deps.clock.now().toISOString().slice(0, 10),
    kinds: CALL_KINDS.map((k) => ({ value: k, title: tr(`call.kind.${k}`) })),
    targets,
    audiences: AUDIENCES.map((a) => ({ value: a, title: tr(`call.audience.${a}`) })),
    municipalities: workingMunicipalities(identity, d).map((m) => ({ value: m, title: d.municipality(m)?.name ?? m })).sort((a, b) => a.title.localeCompare(b.title, 'nb')),
    needChoices: needChoices(deps, tr, identity),
    callId: c?.id ?? '',
  });
}

interface Viewer {
  municipality: string;
  isContact: boolean;
  personId?: string;
  /** The Teams user id the card refreshes for; default: the one of the person's newest 1:1 chat. */
  userId?: string;
  reminder?: boolean;
}

function baseCall(deps: Deps, tr: Translate, lang: Language, call: Call) {
  return {
    callId: call.id,
    ref: call.ref,
    title: call.title,
    from: tr('call.from', { sender: call.sender }),
    summary: call.summary,
    answersNeeds: answeredNeedLines(deps, tr, call),
    body: call.body,
    deadline: tr('call.deadline', { date: day(lang, call.deadline) }),
    link: call.link,
    banner: '',
    problem: '',
    note: '',
    answered: '',
    answeredComment: '',
    answerHeading: '',
    answers: [] as { title: string; value: string }[],
    reach: '',
    preview: false,
    back: null as CallListState | null,
    t: {
      comment: tr('call.comment'), readMore: tr('call.action.readMore'), send: tr('call.action.send'), schedule: tr('call.action.schedule'),
      edit: tr('call.action.edit'), discard: tr('call.action.discard'), scheduleDate: tr('call.schedule.date'), scheduleTime: tr('call.schedule.time'),
      back: tr('nav.backToCalls'),
    },
  };
}

/** The call as one recipient sees it now: answer buttons while open, their answer, or "closed". */
export function recipientCallCard(
  deps: Deps,
  tr: Translate,
  lang: Language,
  call: Call,
  viewer: Viewer,
  extra: { banner?: string; problem?: string; back?: CallListState | null } = {},
  /** Cards already built in this broadcast, by view model: recipients who see the same card share one expansion. */
  built?: Map<string, AdaptiveCard>,
): AdaptiveCard {
  const vm = baseCall(deps, tr, lang, call);
  const municipalityName = deps.directory.municipality(viewer.municipality)?.name ?? viewer.municipality;
  const tz = deps.config.timezone;
  const now = deps.clock.now();
  vm.banner = extra.banner ?? (viewer.reminder ? tr('call.reminderBanner', { municipality: municipalityName, date: day(lang, call.deadline) }) : '');
  vm.problem = extra.problem ?? '';
  vm.back = extra.back ?? null;
  if (call.status === 'cancelled') vm.note = tr('call.cancelledNote');
  else if (call.kind === 'announcement') vm.note = tr('call.announcementNote');
  else if (isClosed(call, now, tz)) vm.note = tr('call.closed', { date: day(lang, call.deadline) });
  const identityLike = { personId: viewer.personId ?? '', municipality: viewer.municipality, roles: viewer.isContact ? ['contact', 'employee'] : ['employee'] } as Identity;
  const right = answerRight(identityLike, call, now, tz);
  const mine = deps.store.calls.answer(answerId(call.id, viewer.municipality, right.ok && right.as === 'individual' ? viewer.personId : undefined));
  if (mine) {
    vm.answered =
      mine.personId
        ? tr('call.answeredIndividual', { when: formatDate(lang, mine.at, tz) })
        : tr('call.answered', { municipality: municipalityName, answer: tr(`call.answer.${mine.answer}`), who: mine.byName || tr('call.unknownRecipient'), when: formatDate(lang, mine.at, tz) });
    vm.answeredComment = mine.comment ? tr('call.answeredComment', { comment: mine.comment }) : '';
  }
  if (right.ok) {
    vm.answerHeading = right.as === 'municipality' ? `${tr('call.answerFor', { municipality: municipalityName })}${mine ? ` – ${tr('call.canChange')}` : ''}` : '';
    vm.answers = right.as === 'municipality' ? ANSWERS.map((a) => ({ value: a, title: tr(`call.answer.${a}`) })) : [{ value: 'interested', title: tr('call.action.interestedMe') }];
  }
  const userId = viewer.userId ?? (viewer.personId ? deps.store.conversations.personalOf(viewer.personId)?.userId : undefined);
  // Seen again later, the card shows what is true then: no answer buttons after the deadline.
  const refreshed = (card: AdaptiveCard) => withRefresh(card, VERBS.refreshCall, { callId: call.id, ...(extra.back ? { back: extra.back } : {}) }, [userId]);
  if (!built) return refreshed(expand('call', vm));
  const key = JSON.stringify(vm);
  let card = built.get(key);
  if (!card) built.set(key, (card = expand('call', vm)));
  return refreshed(card);
}

/** The preview a coordinator sees: exactly the recipients' card, plus who it reaches and the send buttons. */
export function previewCard(deps: Deps, tr: Translate, lang: Language, call: Call, reach: { municipalities: number; reachable: number; notInstalled: number }, problem = ''): AdaptiveCard {
  const firstMunicipality = targetMunicipalities(call.target, deps.directory)[0] ?? '';
  const vm = baseCall(deps, tr, lang, call);
  return expand('call', {
    ...vm,
    banner: tr('call.preview.banner'),
    problem,
    note: call.kind === 'announcement' ? tr('call.announcementNote') : '',
    answerHeading: call.kind === 'participation' ? tr('call.answerFor', { municipality: deps.directory.municipality(firstMunicipality)?.name ?? '' }) : '',
    answers: call.kind === 'participation' ? ANSWERS.map((a) => ({ value: a, title: tr(`call.answer.${a}`) })) : [],
    reach: tr('call.preview.reach', reach),
    preview: true,
  });
}

/** Whether someone who installs the bot now still gets the call: sent or sending, not stopped, deadline not passed. */
export function stillOpen(deps: Deps, call: Call): boolean {
  return (call.status === 'sending' || call.status === 'sent') && !isClosed(call, deps.clock.now(), deps.config.timezone);
}

/**
 * The coordinator's delivery card. "Done" is delivered: the bar and its text count only those who
 * got the call; the others are counted apart, and the card says in words what happens to them.
 */
export function progressCard(deps: Deps, tr: Translate, lang: Language, call: Call, problem = ''): AdaptiveCard {
  const s = callStats(deps, call).deliveries;
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  const percent = total ? Math.round((s.sent / total) * 100) : 0;
  const buttons = [
    ...(call.status === 'sending' ? [{ title: tr('call.action.cancelSending'), verb: 'call.cancel', style: 'destructive' }] : []),
    ...(call.status === 'scheduled' ? [{ title: tr('call.action.cancelSchedule'), verb: 'call.cancel', style: 'destructive' }] : []),
    { title: tr('call.action.refresh'), verb: 'call.progress', style: 'default' },
    { title: tr('call.action.open'), verb: 'call.open', style: 'default' },
  ];
  const note = call.status === 'scheduled' && call.scheduledAt ? tr('call.scheduled', { when: formatDate(lang, call.scheduledAt, deps.config.timezone) }) : problem;
  const rest = [
    ...(s['not-installed'] ? [tr(stillOpen(deps, call) ? 'call.progress.laterInstall' : 'call.progress.laterInstallClosed', { date: day(lang, call.deadline) })] : []),
    ...(s.unreachable + s.failed ? [tr('call.progress.seeDetail')] : []),
  ].join(' ');
  return expand('call-progress', {
    callId: call.id,
    title: tr('call.progress.title', { ref: call.ref, title: call.title }),
    status: tr('call.progress.status', { status: tr(`call.status.${call.status}`) }),
    percentText: total ? tr('call.progress.delivered', { delivered: s.sent, total, percent }) : tr('call.progress.nobody'),
    doneWidth: percent,
    restWidth: 100 - percent,
    counts: [
      { label: tr('call.progress.received'), value: String(s.sent) },
      { label: tr('call.progress.pending'), value: String(s.pending) },
      { label: tr('call.progress.failed'), value: String(s.failed) },
      { label: tr('call.progress.unreachable'), value: String(s.unreachable) },
      { label: tr('call.progress.notInstalled'), value: String(s['not-installed']) },
      ...(s.cancelled ? [{ label: tr('call.progress.cancelled'), value: String(s.cancelled) }] : []),
    ],
    rest,
    note,
    buttons,
  });
}

/** Why one recipient has not got the call, in words. */
function undeliveredLine(deps: Deps, tr: Translate, call: Call, m: OutboxMessage): string {
  const reason = undeliverableReason(m) ?? 'rejected';
  if (reason === 'not-installed') return `${tr('call.progress.notInstalled')}${stillOpen(deps, call) ? ` – ${tr('call.detail.getsItOnInstall')}` : ''}`;
  return `${tr(m.status === 'failed' ? 'call.progress.failed' : 'call.progress.unreachable')}: ${tr(`outbox.reason.${reason}`)}`;
}

/** One page of a list of calls with status (and, for their coordinator, answer counts); each call opens with the way back. */
export function callListCard(deps: Deps, tr: Translate, lang: Language, calls: Call[], title: string, state: CallListState): AdaptiveCard {
  const forCoordinator = state.list === 'managed';
  const page = pageOf([...calls].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), state.page, CALLS_PAGE_SIZE);
  const here: CallListState = { ...state, page: page.page };
  const rows = page.items.map((c) => {
    const s = callStats(deps, c);
    return {
      id: c.id,
      title: `${c.ref} ${c.title}`,
      detail: tr('call.list.row', { ref: c.ref, status: tr(`call.status.${c.status}`), deadline: day(lang, c.deadline) }),
      counts: forCoordinator && c.kind === 'participation' && c.municipalities.length ? tr('call.list.counts', { join: s.join, interested: s.interested, notRelevant: s.notRelevant, silent: s.silent.length }) : '',
      verb: forCoordinator ? 'call.open' : 'call.view',
      open: tr('call.action.openRef', { ref: c.ref }),
    };
  });
  return expand('call-list', { title, empty: tr('call.list.empty'), rows, back: here, pager: pagerVm(tr, page, (p) => ({ ...here, page: p })) });
}

/** Per-municipality answers, the silent ones, individuals and who could not be reached. */
export function callDetailCard(deps: Deps, tr: Translate, lang: Language, call: Call, extra: { banner?: string; exportUrl?: string; back?: CallListState | null } = {}): AdaptiveCard {
  const d = deps.directory;
  const tz = deps.config.timezone;
  const s = callStats(deps, call);
  const name = (m: string) => d.municipality(m)?.name ?? m;
  const answers = s.municipalityAnswers
    .sort((a, b) => name(a.municipality).localeCompare(name(b.municipality), 'nb'))
    .map((a) => ({
      label: name(a.municipality),
      value: `${tr('call.detail.answerLine', { answer: tr(`call.answer.${a.answer}`), who: a.byName || tr('call.unknownRecipient'), when: formatDate(lang, a.at, tz) })}${a.comment ? ` – «${a.comment}»` : ''}`,
    }));
  const unreachable = deps.store.outbox
    .bySubject(call.id)
    .filter((m) => m.kind === 'call' && ['unreachable', 'not-installed', 'failed'].includes(m.status))
    .map((m) => tr('call.detail.unreachableLine', { name: m.recipientName ?? tr('call.unknownRecipient'), municipality: name(m.municipality ?? ''), reason: undeliveredLine(deps, tr, call, m) }));
  const open = call.kind === 'participation' && !isClosed(call, deps.clock.now(), tz) && (call.status === 'sending' || call.status === 'sent');
  return expand('call-detail', {
    callId: call.id,
    back: extra.back ?? null,
    banner: extra.banner ?? '',
    title: `${call.ref} ${call.title}`,
    facts: [
      { label: tr('need.fact.status'), value: tr(`call.status.${call.status}`) },
      { label: tr('call.fieldName.deadline'), value: `${day(lang, call.deadline)} (${formatDate(lang, closesAt(call, tz).toISOString(), tz)})` },
      { label: tr('call.progress.received'), value: String(s.deliveries.sent) },
      { label: tr('call.progress.pending'), value: String(s.deliveries.pending) },
    ],
    answers,
    silent: call.kind !== 'participation' ? tr('call.announcementNote') : s.silent.length ? tr('call.detail.silent', { municipalities: s.silent.map(name).sort((a, b) => a.localeCompare(b, 'nb')).join(', ') }) : tr('call.detail.allAnswered'),
    individuals: s.individual.map((a) => `${a.byName} (${name(a.municipality)})`),
    unreachable,
    t: { answers: tr('call.detail.answers'), individuals: tr('call.detail.individuals'), unreachable: tr('call.detail.unreachable'), back: tr('nav.backToCalls') },
    buttons: [
      ...(open && s.silent.length ? [{ title: tr('call.action.remind'), verb: 'call.remind', style: 'positive' }] : []),
      ...(call.status === 'sending' || call.status === 'scheduled' ? [{ title: tr('call.action.cancelSending'), verb: 'call.cancel', style: 'destructive' }] : []),
      { title: tr('call.action.refresh'), verb: 'call.open', style: 'default' },
    ],
    links: extra.exportUrl ? [{ title: tr('call.action.export'), url: extra.exportUrl }] : [],
  });
}
