import type { Translate } from '../i18n/index.js';
import type { Role } from '../domain/people.js';

/** Roles as they read inside a sentence: "koordinator og FOUi-kontakt" (employee only when alone). */
export function rolesInline(tr: Translate, roles: readonly Role[]): string {
  const shown = roles.length > 1 ? roles.filter((r) => r !== 'employee') : roles;
  const words = shown.map((r) => tr(`roleInline.${r}`));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${tr('roles.and')} ${words.at(-1)}`;
}
