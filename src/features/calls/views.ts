import type { Language } from '../../domain/people.js';
import { formatDate, formatTime, type Translate, type MessageKey } from '../../i18n/index.js';
import { formatDay, formatShortDate } from '../../i18n/day.js';
import { ANSWERS, AUDIENCES, CALL_KINDS, type Call, type CallAnswer } from '../../domain/calls/types.js';
import { closesAt, type AnswerRight } from '../../domain/calls/rules.js';
import type { CallFieldError } from '../../domain/calls/validation.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import { withRefresh } from '../../cards/refresh.js';
import { VERBS } from '../../cards/verbs.js';
import type { CallStats } from './stats.js';
import { undeliverableReason, type OutboxMessage } from '../../domain/outbox.js';
import type { Page } from '../../domain/paging.js';
import { pagerVm } from '../../cards/pager.js';
import { chartVm, type ChartColor, type ChartPoint, type ChartVm } from '../../cards/charts.js';
import type { CallListState } from './list-state.js';
import type { CallReads } from './reads.js';
import { municipalityReadFacts, personReadLines } from './read-views.js';
import type { ReadFilter } from '../../domain/read-receipts.js';

/** Calls on one page of a list. */
export const CALLS_PAGE_SIZE = 10;

const day = formatDay;

/** A need a call answers (or may answer), with its municipality's name. */
export interface LinkedNeed {
  id: string;
  ref: string;
  title: string;
  municipality: string;
}

export interface CallFormVm {
  call?: Call;
  /** Editing a sent call: only its text and deadline; its recipients, kind and needs stay. */
  amend?: boolean;
  values?: Record<string, string>;
  errors?: CallFieldError[];
  /** YYYY-MM-DD: the earliest deadline the form offers. */
  today: string;
  clusters: { id: string; name: string }[];
  region?: { id: string; name: string };
  /** The municipalities the coordinator may choose, sorted by name. */
  municipalities: { value: string; title: string }[];
  linkableNeeds: LinkedNeed[];
}

/** The compose form, with the person's input and problems named in words. */
export function callFormView(vm: CallFormVm, tr: Translate): AdaptiveCard {
  const c = vm.call;
  const values: Record<string, string> =
    vm.values ??
    (c
      ? {
          title: c.title,
          summary: c.summary,
          body: c.body,
          sender: c.sender,
          link: c.link,
          deadline: c.deadline,
          kind: c.kind,
          audience: c.audience,
          target: c.target.type === 'municipalities' ? 'chosen' : `${c.target.type}:${c.target.id}`,
          municipalities: c.target.type === 'municipalities' ? c.target.ids.join(',') : '',
          needs: (c.needIds ?? []).join(','),
        }
      : {});
  const targets = [
    ...vm.clusters.map((cl) => ({ value: `cluster:${cl.id}`, title: tr('call.target.cluster', { name: cl.name }) })),
    ...(vm.region ? [{ value: `region:${vm.region.id}`, title: tr('call.target.region', { name: vm.region.name }) }] : []),
    { value: 'chosen', title: tr('call.target.chosen') },
  ];
  const defaults = { kind: 'participation', audience: 'contacts', target: targets[0]?.value ?? 'chosen' };
  const all = ['title', 'summary', 'body', 'sender', 'link', 'deadline', 'kind', 'target', 'audience', 'municipalities', 'needs'];
  const merged = Object.fromEntries(all.map((k) => [k, values[k] ?? (defaults as Record<string, string>)[k] ?? '']));
  const errors = (vm.errors ?? []).map((e) =>
    tr(`call.problem.${e.problem}` as MessageKey, { field: tr(`call.fieldName.${e.field}` as MessageKey), max: e.max ?? '' }),
  );
  return expand('call-form', {
    t: {
      title: vm.amend && c ? tr('call.amend.title', { ref: c.ref }) : c ? tr('call.form.editTitle', { ref: c.ref }) : tr('call.form.title'),
      intro: vm.amend ? tr('call.amend.intro') : tr('call.form.intro'),
      errorsHeading: tr('call.form.errorsHeading'),
      fTitle: tr('call.field.title'),
      fSummary: tr('call.field.summary'),
      fBody: tr('call.field.body'),
      fSender: tr('call.field.sender'),
      fLink: tr('call.field.link'),
      fDeadline: tr('call.field.deadline'),
      fKind: tr('call.field.kind'),
      fTarget: tr('call.field.target'),
      fMunicipalities: tr('call.field.municipalities'),
      fAudience: tr('call.field.audience'),
      fNeeds: tr('call.field.needs'),
      errTitle: tr('call.error.title'),
      errSummary: tr('call.error.summary'),
      errSender: tr('call.error.sender'),
      errDeadline: tr('call.error.deadline'),
      errChoice: tr('call.error.choice'),
      preview: vm.amend ? tr('call.amend.review') : tr('call.preview'),
    },
    locked: !!vm.amend,
    submitVerb: vm.amend ? VERBS.amendPreviewCall : VERBS.previewCall,
    values: merged,
    errors,
    today: vm.today,
    kinds: CALL_KINDS.map((k) => ({ value: k, title: tr(`call.kind.${k}`) })),
    targets,
    audiences: AUDIENCES.map((a) => ({ value: a, title: tr(`call.audience.${a}`) })),
    municipalities: vm.municipalities,
    needChoices: vm.linkableNeeds.map((n) => ({ value: n.id, title: tr('call.needChoice', { ref: n.ref, title: n.title, municipality: n.municipality }) })),
    callId: c?.id ?? '',
  });
}

function baseCall(tr: Translate, lang: Language, call: Call, linkedNeeds: readonly LinkedNeed[], timezone?: string) {
  return {
    callId: call.id,
    ref: call.ref,
    title: call.title,
    from: tr('call.from', { sender: call.sender }),
    summary: call.summary,
    answersNeeds: linkedNeeds.map((n) => tr('call.answersNeed', { ref: n.ref, title: n.title, municipality: n.municipality })),
    body: call.body,
    deadline: tr('call.deadline', { date: day(lang, call.deadline) }),
    edited: call.editedAt ? tr('call.edited', { date: formatShortDate(lang, call.editedAt, timezone ?? 'Europe/Oslo') }) : '',
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
      comment: tr('call.comment'),
      readMore: tr('call.action.readMore'),
      send: tr('call.action.send'),
      schedule: tr('call.action.schedule'),
      edit: tr('call.action.edit'),
      discard: tr('call.action.discard'),
      scheduleDate: tr('call.schedule.date'),
      scheduleTime: tr('call.schedule.time'),
      back: tr('nav.backToCalls'),
    },
  };
}

/** The call as one recipient sees it: what the card needs to know about them and their answer. */
export interface RecipientCallVm {
  call: Call;
  linkedNeeds: LinkedNeed[];
  /** The name of the recipient's municipality. */
  municipalityName: string;
  timezone: string;
  /** The deadline has passed. */
  closed: boolean;
  /** What the recipient may answer now. */
  right: AnswerRight;
  /** The answer already recorded for them (their municipality's, or their own interest). */
  mine?: CallAnswer;
  /** The Teams user id the card refreshes for. */
  userId?: string;
  reminder?: boolean;
  /** Receipts prove the person has not opened the call (they send receipts; this copy has none). */
  notOpened?: boolean;
  banner?: string;
  problem?: string;
  back?: CallListState | null;
}

/** The call as one recipient sees it now: answer buttons while open, their answer, or "closed". */
export function recipientCallView(
  vm: RecipientCallVm,
  tr: Translate,
  lang: Language,
  /** Cards already built in this broadcast, by view model: recipients who see the same card share one expansion. */
  built?: Map<string, AdaptiveCard>,
): AdaptiveCard {
  const { call, mine, right, timezone: tz } = vm;
  if (call.status === 'withdrawn') return withdrawnView(call, tr, lang, tz, vm.problem);
  const card = baseCall(tr, lang, call, vm.linkedNeeds, tz);
  const municipalityName = vm.municipalityName;
  const reminder = vm.reminder
    ? `${tr('call.reminderBanner', { municipality: municipalityName, date: day(lang, call.deadline) })}${vm.notOpened ? ` ${tr('call.reminderNotOpened')}` : ''}`
    : '';
  card.banner = vm.banner ?? reminder;
  card.problem = vm.problem ?? '';
  card.back = vm.back ?? null;
  if (call.status === 'cancelled') card.note = tr('call.cancelledNote');
  else if (call.kind === 'announcement') card.note = tr('call.announcementNote');
  else if (vm.closed) card.note = tr('call.closed', { date: day(lang, call.deadline) });
  if (mine) {
    card.answered = mine.personId
      ? tr('call.answeredIndividual', { when: formatDate(lang, mine.at, tz) })
      : tr('call.answered', {
          municipality: municipalityName,
          answer: tr(`call.answer.${mine.answer}`),
          who: mine.byName || tr('call.unknownRecipient'),
          when: formatDate(lang, mine.at, tz),
        });
    card.answeredComment = mine.comment ? tr('call.answeredComment', { comment: mine.comment }) : '';
  }
  if (right.ok) {
    card.answerHeading =
      right.as === 'municipality' ? `${tr('call.answerFor', { municipality: municipalityName })}${mine ? ` – ${tr('call.canChange')}` : ''}` : '';
    card.answers =
      right.as === 'municipality'
        ? ANSWERS.map((a) => ({ value: a, title: tr(`call.answer.${a}`) }))
        : [{ value: 'interested', title: tr('call.action.interestedMe') }];
  }
  // Seen again later, the card shows what is true then: no answer buttons after the deadline.
  const refreshed = (c: AdaptiveCard) => withRefresh(c, VERBS.refreshCall, { callId: call.id, ...(vm.back ? { back: vm.back } : {}) }, [vm.userId]);
  if (!built) return refreshed(expand('call', card));
  const key = JSON.stringify(card);
  let expanded = built.get(key);
  if (!expanded) built.set(key, (expanded = expand('call', card)));
  return refreshed(expanded);
}

/** What a withdrawn call's copies become: a short card that says so (and why an answer was not taken). */
function withdrawnView(call: Call, tr: Translate, lang: Language, tz: string, problem?: string): AdaptiveCard {
  const note = tr('call.withdrawn.note', { date: formatShortDate(lang, call.withdrawnAt ?? call.updatedAt, tz) });
  return expand('notice', { title: `${call.ref} ${call.title}`, text: problem ? `${note} ${problem}` : note });
}

export interface PreviewVm {
  call: Call;
  linkedNeeds: LinkedNeed[];
  /** The name of the first municipality the call reaches (the answer heading shows it). */
  firstMunicipalityName: string;
  reach: { municipalities: number; reachable: number; notInstalled: number };
  problem?: string;
}

/** The preview a coordinator sees: exactly the recipients' card, plus who it reaches and the send buttons. */
export function previewView(vm: PreviewVm, tr: Translate, lang: Language): AdaptiveCard {
  const { call } = vm;
  const base = baseCall(tr, lang, call, vm.linkedNeeds);
  return expand('call', {
    ...base,
    banner: tr('call.preview.banner'),
    problem: vm.problem ?? '',
    note: call.kind === 'announcement' ? tr('call.announcementNote') : '',
    answerHeading: call.kind === 'participation' ? tr('call.answerFor', { municipality: vm.firstMunicipalityName }) : '',
    answers: call.kind === 'participation' ? ANSWERS.map((a) => ({ value: a, title: tr(`call.answer.${a}`) })) : [],
    reach: tr('call.preview.reach', vm.reach),
    preview: true,
  });
}

export interface ProgressVm {
  call: Call;
  deliveries: CallStats['deliveries'];
  reads: CallReads;
  /** Municipality names by number. */
  names: Record<string, string>;
  answers: CallStats['municipalityAnswers'];
  /** Someone who installs the bot now still gets the call. */
  stillOpen: boolean;
  timezone: string;
  problem?: string;
}

/**
 * The coordinator's delivery card. "Done" is delivered: the bar and its text count only those who
 * got the call; the others are counted apart, and the card says in words what happens to them.
 */
export function progressView(vm: ProgressVm, tr: Translate, lang: Language): AdaptiveCard {
  const { call, deliveries: s, reads } = vm;
  const count = (k: 'read' | 'unknown') => reads.municipalities.reduce((n, m) => n + m[k], 0);
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  const percent = total ? Math.round((s.sent / total) * 100) : 0;
  const buttons = [
    ...(call.status === 'sending' ? [{ title: tr('call.action.cancelSending'), verb: 'call.cancel', style: 'destructive' }] : []),
    ...(call.status === 'scheduled' ? [{ title: tr('call.action.cancelSchedule'), verb: 'call.cancel', style: 'destructive' }] : []),
    { title: tr('call.action.refresh'), verb: 'call.progress', style: 'default' },
    { title: tr('call.action.open'), verb: 'call.open', style: 'default' },
  ];
  const note =
    call.status === 'scheduled' && call.scheduledAt ? tr('call.scheduled', { when: formatDate(lang, call.scheduledAt, vm.timezone) }) : (vm.problem ?? '');
  const rest = [
    ...(s['not-installed']
      ? [
          vm.stillOpen
            ? tr('call.progress.laterInstall', { date: day(lang, call.deadline) })
            : call.status === 'cancelled'
              ? tr('call.progress.laterInstallStopped')
              : tr('call.progress.laterInstallClosed', { date: day(lang, call.deadline) }),
        ]
      : []),
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
      { label: tr('call.progress.read'), value: String(count('read')) },
      { label: tr('call.progress.readUnknown'), value: String(count('unknown')) },
      { label: tr('call.progress.pending'), value: String(s.pending) },
      { label: tr('call.progress.failed'), value: String(s.failed) },
      { label: tr('call.progress.unreachable'), value: String(s.unreachable) },
      { label: tr('call.progress.notInstalled'), value: String(s['not-installed']) },
      ...(s.cancelled ? [{ label: tr('call.progress.cancelled'), value: String(s.cancelled) }] : []),
    ],
    rest,
    note,
    readsHeading: tr('call.reads.heading'),
    reads: municipalityReadFacts(tr, call, reads, (m) => vm.names[m] ?? m, vm.answers),
    buttons,
  });
}

/** Why one recipient has not got the call, in words. */
function undeliveredLine(tr: Translate, stillOpen: boolean, m: OutboxMessage): string {
  const reason = undeliverableReason(m) ?? 'rejected';
  if (reason === 'not-installed') return `${tr('call.progress.notInstalled')}${stillOpen ? ` – ${tr('call.detail.getsItOnInstall')}` : ''}`;
  return `${tr(m.status === 'failed' ? 'call.progress.failed' : 'call.progress.unreachable')}: ${tr(`outbox.reason.${reason}`)}`;
}

export interface CallListVm {
  title: string;
  state: CallListState;
  /** The page shown (newest first), each call with its counts. */
  page: Page<{ call: Call; stats: CallStats }>;
}

/** One page of a list of calls with status (and, for their coordinator, answer counts); each call opens with the way back. */
export function callListView(vm: CallListVm, tr: Translate, lang: Language): AdaptiveCard {
  const { page, state } = vm;
  const forCoordinator = state.list === 'managed';
  const here: CallListState = { ...state, page: page.page };
  const rows = page.items.map(({ call: c, stats: s }) => ({
    id: c.id,
    title: c.title, // the reference starts the line below, as in the needs list
    detail: tr('call.list.row', { ref: c.ref, status: tr(`call.status.${c.status}`), deadline: day(lang, c.deadline) }),
    counts:
      forCoordinator && c.kind === 'participation' && c.municipalities.length
        ? tr('call.list.counts', { join: s.join, interested: s.interested, notRelevant: s.notRelevant, silent: s.silent.length })
        : '',
    verb: forCoordinator ? 'call.open' : 'call.view',
    open: tr('call.action.openRef', { ref: c.ref }),
  }));
  return expand('call-list', { title: vm.title, empty: tr('call.list.empty'), rows, back: here, pager: pagerVm(tr, page, (p) => ({ ...here, page: p })) });
}

/** A bar with its number in its label, and the same number for the text fallback. */
function point(tr: Translate, name: string, value: number, color: ChartColor): ChartPoint {
  return { label: tr('chart.legend', { label: name, count: value }), value, color, name, text: String(value) };
}

/** Who got the call, who is still waiting and who was not reached (and who was stopped, if any). */
function deliveryChart(tr: Translate, d: CallStats['deliveries']): ChartVm {
  const points = [
    point(tr, tr('call.progress.received'), d.sent, 'good'),
    point(tr, tr('call.progress.pending'), d.pending, 'neutral'),
    point(tr, tr('call.chart.notReached'), d.failed + d.unreachable + d['not-installed'], 'attention'),
    ...(d.cancelled ? [point(tr, tr('call.progress.cancelled'), d.cancelled, 'warning')] : []),
  ];
  const total = Object.values(d).reduce((a, b) => a + b, 0);
  return chartVm(tr('call.chart.deliveries', { count: total }), points, true);
}

/** The municipalities' answers by kind, and those who have not answered. */
function answerChart(tr: Translate, s: CallStats): ChartVm {
  const points = [
    point(tr, tr('call.answer.join'), s.join, 'good'),
    point(tr, tr('call.answer.interested'), s.interested, 'categoricalBlue'),
    point(tr, tr('call.answer.not-relevant'), s.notRelevant, 'neutral'),
    point(tr, tr('call.chart.silent'), s.silent.length, 'warning'),
  ];
  return chartVm(tr('call.chart.answers', { count: s.join + s.interested + s.notRelevant + s.silent.length }), points, true);
}

export interface CallDetailVm {
  call: Call;
  stats: CallStats;
  /** Call deliveries that did not arrive (unreachable, not installed, failed). */
  undelivered: OutboxMessage[];
  /** Municipality names by number, for every municipality the card names. */
  names: Record<string, string>;
  reads: CallReads;
  /** Which recipients the per-person list shows. */
  readFilter: ReadFilter;
  timezone: string;
  /** Answers are still taken (a participation call, sent, deadline not passed). */
  open: boolean;
  stillOpen: boolean;
  banner?: string;
  exportUrl?: string;
  back?: CallListState | null;
}

/** Under the per-person list: what "read" rests on, or (filtered) who is left out and why. */
function readsNote(tr: Translate, vm: CallDetailVm): string {
  if (vm.readFilter === 'all') return vm.reads.people.length ? tr('call.reads.note') : '';
  const unknown = vm.reads.people.filter((p) => p.state === 'unknown').length;
  const none = vm.reads.people.some((p) => p.state === 'unread') ? '' : `${tr('call.reads.noneUnread')} `;
  return `${none}${unknown ? tr('call.reads.unknownLeftOut', { n: unknown }) : ''}`.trim();
}

/** Per-municipality answers, the silent ones, individuals and who could not be reached. */
export function callDetailView(vm: CallDetailVm, tr: Translate, lang: Language): AdaptiveCard {
  const { call, stats: s, timezone: tz } = vm;
  const name = (m: string) => vm.names[m] ?? m;
  const answers = [...s.municipalityAnswers]
    .sort((a, b) => name(a.municipality).localeCompare(name(b.municipality), 'nb'))
    .map((a) => ({
      label: name(a.municipality),
      value: `${tr('call.detail.answerLine', { answer: tr(`call.answer.${a.answer}`), who: a.byName || tr('call.unknownRecipient'), when: formatDate(lang, a.at, tz) })}${a.comment ? ` – ${tr('quoted', { text: a.comment })}` : ''}`,
    }));
  const unreachable = vm.undelivered.map((m) =>
    tr('call.detail.unreachableLine', {
      name: m.recipientName ?? tr('call.unknownRecipient'),
      municipality: name(m.municipality ?? ''),
      reason: undeliveredLine(tr, vm.stillOpen, m),
    }),
  );
  return expand('call-detail', {
    callId: call.id,
    back: vm.back ?? null,
    banner: vm.banner ?? '',
    title: `${call.ref} ${call.title}`,
    facts: [
      { label: tr('need.fact.status'), value: tr(`call.status.${call.status}`) },
      {
        label: tr('call.fieldName.deadline'),
        value: tr('call.detail.deadlineAt', { day: day(lang, call.deadline), time: formatTime(lang, closesAt(call, tz).toISOString(), tz) }),
      },
    ],
    deliveries: deliveryChart(tr, s.deliveries),
    answersChart: call.kind === 'participation' ? answerChart(tr, s) : chartVm('', []),
    answers,
    silent:
      call.kind !== 'participation'
        ? tr('call.announcementNote')
        : s.silent.length
          ? tr('call.detail.silent', {
              municipalities: s.silent
                .map(name)
                .sort((a, b) => a.localeCompare(b, 'nb'))
                .join(', '),
            })
          : tr('call.detail.allAnswered'),
    individuals: s.individual.map((a) => `${a.byName} (${name(a.municipality)})`),
    unreachable,
    reads: municipalityReadFacts(tr, call, vm.reads, name, s.municipalityAnswers),
    people: personReadLines(tr, lang, tz, vm.reads, name, vm.readFilter),
    peopleNote: readsNote(tr, vm),
    readButtons: vm.reads.people.length
      ? [
          vm.readFilter === 'all'
            ? { title: tr('call.action.filterUnread'), data: { callId: call.id, back: vm.back ?? null, readFilter: 'unread' } }
            : { title: tr('call.action.filterAll'), data: { callId: call.id, back: vm.back ?? null, readFilter: 'all' } },
        ]
      : [],
    t: {
      reads: tr('call.reads.heading'),
      people: tr(vm.readFilter === 'unread' ? 'call.reads.peopleUnread' : 'call.reads.people'),
      answers: tr('call.detail.answers'),
      individuals: tr('call.detail.individuals'),
      unreachable: tr('call.detail.unreachable'),
      back: tr('nav.backToCalls'),
    },
    buttons: [
      ...(vm.open && s.silent.length ? [{ title: tr('call.action.remind'), verb: 'call.remind', style: 'positive' }] : []),
      ...(vm.stillOpen && call.status === 'sent' ? [{ title: tr('call.action.resend'), verb: 'call.resend.ask', style: 'positive' }] : []),
      ...(call.status === 'sent'
        ? [
            { title: tr('call.action.amend'), verb: 'call.amend.form', style: 'default' },
            { title: tr('call.action.withdraw'), verb: 'call.withdraw.ask', style: 'destructive' },
          ]
        : []),
      ...(call.status === 'sending' || call.status === 'scheduled'
        ? [{ title: tr('call.action.cancelSending'), verb: 'call.cancel', style: 'destructive' }]
        : []),
      { title: tr('call.action.refresh'), verb: 'call.open', style: 'default' },
    ],
    links: vm.exportUrl ? [{ title: tr('call.action.export'), url: vm.exportUrl }] : [],
  });
}
