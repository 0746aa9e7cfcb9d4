import { DateTime } from 'luxon';
import type { Deps } from '../../deps.js';
import type { DirectoryPerson } from '../../directory/schema.js';
import { isoWeek } from '../../domain/calendar.js';
import { FINAL_PARTICIPATION } from '../../domain/participation.js';
import { PARTICIPATION_EVERY_DAYS, REMINDER, trackedIn } from '../../domain/reminders.js';
import { noticeFor, renderRequestTo } from '../notices.js';
import { workingDayStart, type Occasion } from '../occasions.js';
import { digestView, type DigestVm } from './views.js';

const DAY = 86_400_000;

/** What a coordinator's digest counts this week, read from the store (their region's clusters, or their cluster). */
export async function digestVm(deps: Deps, coordinator: DirectoryPerson, now: Date, week: string): Promise<DigestVm> {
  const d = deps.directory;
  const tz = deps.config.timezone;
  const clusters = coordinator.region ? d.clustersInRegion(coordinator.region).map((c) => c.id) : coordinator.cluster ? [coordinator.cluster] : [];
  const members = new Set(clusters.flatMap((c) => d.cluster(c)?.members ?? []));
  const weekAgo = now.getTime() - 7 * DAY;
  const calls = (await deps.store.calls.all()).filter((c) => c.municipalities.some((m) => members.has(m)));
  const end = DateTime.fromJSDate(now, { zone: tz }).endOf('week').toISODate()!;
  const today = DateTime.fromJSDate(now, { zone: tz }).toISODate()!;
  return {
    clusterNames: clusters.map((c) => d.cluster(c)?.name ?? c),
    week,
    newNeeds: (await deps.store.needs.inMunicipalities(members)).filter((n) => Date.parse(n.createdAt) >= weekAgo).length,
    answers: (await Promise.all(calls.map((c) => deps.store.calls.answers(c.id)))).flat().filter((a) => Date.parse(a.at) >= weekAgo).length,
    closing: calls
      .filter((c) => c.kind === 'participation' && c.status !== 'cancelled' && c.status !== 'withdrawn' && c.deadline >= today && c.deadline <= end)
      .map((c) => `${c.ref} ${c.title} (${c.deadline})`),
    lagging: (
      await Promise.all(
        clusters.map(async (c) =>
          (await Promise.all(trackedIn(d.cluster(c)?.members ?? [], await deps.store.participation.stored(c)).map((m) => deps.store.participation.get(c, m))))
            .filter((p) => !FINAL_PARTICIPATION.includes(p.state) && p.updatedAt && now.getTime() - Date.parse(p.updatedAt) > PARTICIPATION_EVERY_DAYS * DAY)
            .map((p) => ({ name: d.municipality(p.municipality)?.name ?? p.municipality, state: p.state })),
        ),
      )
    ).flat(),
  };
}

/** The weekly digest, from Monday morning (a render request: drawn when sent, with the figures and language of then), to each coordinator who has not turned it off. */
export async function* digestOccasions(deps: Deps): AsyncGenerator<Occasion> {
  const now = deps.clock.now();
  const week = isoWeek(now, deps.config.timezone);
  if (now.getTime() < workingDayStart(deps, week.monday)) return;
  for (const entry of deps.directory.data.people.filter((p) => p.roles.includes('coordinator'))) {
    const person = await deps.store.people.findByEmail(entry.email);
    if (!person || person.digest === false) continue;
    yield {
      id: `rem:digest:${person.id}:${week.label}`,
      build: () => renderRequestTo(deps, person.id, REMINDER.digest, week.label, { renderer: REMINDER.digest, data: { week: week.label } }),
    };
  }
}

/** Draws the digest when it is sent; one turned off meanwhile (or whose coordinator is gone) is not sent. */
export function registerDigestRenderer(deps: Deps): void {
  deps.outbox.registerRenderer(REMINDER.digest, async (data, m) => {
    const person = m.personId ? await deps.store.people.get(m.personId) : undefined;
    const entry = person?.email ? deps.directory.personByEmail(person.email) : undefined;
    if (!person || !entry || person.digest === false) return null;
    const week = typeof data.week === 'string' ? data.week : '';
    return noticeFor(deps, person.id, async (tr) => digestView(await digestVm(deps, entry, deps.clock.now(), week), tr));
  });
}
