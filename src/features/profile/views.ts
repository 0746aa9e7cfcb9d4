import type { Identity } from '../../domain/identity.js';
import type { Translate } from '../../i18n/index.js';
import { factsCard } from '../../cards/render.js';

export interface MeVm {
  identity: Identity;
  municipalityName: string;
  /** The clusters the person's municipality belongs to, by name. */
  clusterNames: string[];
  /** The region and clusters the person coordinates, by name. */
  coordinates: string[];
}

/** `meg`: who the bot thinks the person is (name, e-mail, municipality, clusters, roles, language, source). */
export function meView(vm: MeVm, tr: Translate) {
  const { identity } = vm;
  const clusters = vm.clusterNames.join(', ');
  const facts = [
    { label: tr('me.name'), value: identity.name || tr('me.none') },
    { label: tr('me.email'), value: identity.email ?? tr('me.none') },
    { label: tr('me.municipality'), value: vm.municipalityName },
    { label: tr('me.clusters'), value: clusters || tr('me.none') },
    { label: tr('me.roles'), value: identity.roles.map((r) => tr(`role.${r}`)).join(', ') },
    { label: tr('me.language'), value: tr(`lang.${identity.language}`) },
    { label: tr('me.source'), value: tr(identity.source === 'directory' ? 'me.source.directory' : 'me.source.self') },
  ];
  if (vm.coordinates.length) facts.splice(5, 0, { label: tr('me.coordinates'), value: [...new Set(vm.coordinates)].join(', ') });
  return factsCard({ title: tr('me.title'), facts });
}
