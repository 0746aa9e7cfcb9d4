import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import type { FieldError } from '../../domain/needs/validation.js';
import { callsAnswering } from '../../domain/calls/rules.js';
import type { NeedsService } from './service.js';
import type { Filters } from './lists.js';
import type { FormVm, NeedVm } from './views.js';

// What the needs views show, read from the store, the directory and the service: the views
// themselves are pure functions of what these return.

const municipalityName = (deps: Deps, m: string) => deps.directory.municipality(m)?.name ?? m;

/** The need form for a person: their municipality and the themes. */
export function formVm(
  deps: Deps,
  identity: Identity,
  opts: { values?: Record<string, string>; errors?: FieldError[]; need?: Need; back?: Filters | null } = {},
): FormVm {
  return { municipalityName: municipalityName(deps, identity.municipality), themes: deps.directory.themes(), ...opts };
}

/** One need as this person sees it: their capacities, its group, calls, history and similar needs. */
export async function needVm(
  deps: Deps,
  service: NeedsService,
  identity: Identity,
  need: Need,
  extra: { banner?: string; problem?: string; back?: Filters | null } = {},
): Promise<NeedVm> {
  const d = deps.directory;
  const actors = service.actors(identity, need);
  const group = need.groupId ? await deps.store.needs.group(need.groupId) : undefined;
  const groupRefs = (await deps.store.needs.getMany((group?.needIds ?? []).filter((id) => id !== need.id)))
    .filter((n): n is Need => !!n)
    .map((n) => `${n.ref} (${municipalityName(deps, n.municipality)})`);
  // a coordinator sees similar needs; so does the author on the receipt (a banner)
  const showSimilar = actors.includes('coordinator') || extra.banner !== undefined;
  return {
    need,
    actors,
    municipalityName: municipalityName(deps, need.municipality),
    contacts: d.contactsOf(need.municipality).map((p) => p.name),
    groupRefs,
    theme: d.themes().find((th) => th.id === need.theme),
    answeringCalls: callsAnswering(await deps.store.calls.all(), need.id),
    history: await deps.store.needs.history(need.id),
    ...(showSimilar
      ? {
          similar: (await service.similarTo(need)).map((s) => ({
            id: s.id,
            ref: s.ref,
            title: s.title,
            municipality: municipalityName(deps, s.municipality),
            status: s.status,
            ...(s.groupId ? { groupId: s.groupId } : {}),
          })),
        }
      : {}),
    timezone: deps.config.timezone,
    ...extra,
  };
}
