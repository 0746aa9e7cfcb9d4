import type { Translate } from '../i18n/index.js';
import { LANGUAGES } from '../domain/people.js';
import { expand, type AdaptiveCard } from './templates.js';

export interface Fact {
  label: string;
  value: string;
}

const languageButtons = (tr: Translate) => LANGUAGES.map((code) => ({ code, label: tr(`lang.${code}` as const) }));

export interface WelcomeVm {
  you: string;
}
export function welcomeCard(tr: Translate, vm: WelcomeVm): AdaptiveCard {
  return expand('welcome', {
    t: {
      title: tr('welcome.title'),
      intro: tr('welcome.intro'),
      you: vm.you,
      help: tr('welcome.help'),
      languageHeading: tr('welcome.languageHeading'),
      privacy: tr('welcome.privacy'),
    },
    languages: languageButtons(tr),
  });
}

export interface MenuItem {
  title: string;
  command: string;
}
/** Hosts show about five actions in a row before an overflow ("…"): the menu's are in rows of five. */
const MENU_ROW = 5;

/**
 * The menu: the person's five most used actions first, the rest under "Mer" in rows of five, so
 * no host hides one behind an overflow.
 */
export function menuCard(tr: Translate, vm: { roles: string; items: MenuItem[] }): AdaptiveCard {
  const rest = vm.items.slice(MENU_ROW);
  const more = Array.from({ length: Math.ceil(rest.length / MENU_ROW) }, (_, i) => ({ items: rest.slice(i * MENU_ROW, (i + 1) * MENU_ROW) }));
  return expand('menu', {
    t: { title: tr('menu.title'), subtitle: tr('menu.subtitle', { roles: vm.roles }), more: tr('menu.more') },
    primary: vm.items.slice(0, MENU_ROW),
    more,
  });
}

export function factsCard(vm: { title: string; subtitle?: string; facts: Fact[] }): AdaptiveCard {
  return expand('facts', { subtitle: '', ...vm });
}

export interface OnboardingVm {
  municipalities: { number: string; name: string }[];
  selected: string;
  error?: string;
}
export function onboardingCard(tr: Translate, vm: OnboardingVm): AdaptiveCard {
  return expand('onboarding', {
    t: {
      title: tr('onboarding.title'),
      body: tr('onboarding.body'),
      municipalityLabel: tr('onboarding.municipalityLabel'),
      municipalityError: tr('onboarding.municipalityError'),
      submit: tr('onboarding.submit'),
    },
    municipalities: vm.municipalities,
    selected: vm.selected,
    error: vm.error ?? '',
  });
}

export function languageCard(tr: Translate, confirmation = ''): AdaptiveCard {
  return expand('language', {
    t: { title: tr('language.title'), body: tr('language.body'), confirmation },
    languages: languageButtons(tr),
  });
}

export interface MyDataVm {
  personFacts: Fact[];
  conversations: { line: string }[];
  sections: { heading: string; lines: string[] }[];
}
export function myDataCard(tr: Translate, vm: MyDataVm): AdaptiveCard {
  const empty = vm.personFacts.length === 0 && vm.conversations.length === 0 && vm.sections.length === 0;
  return expand('my-data', {
    t: {
      title: tr('myData.title'),
      nothing: tr('myData.nothing'),
      person: tr('myData.person'),
      conversations: tr('myData.conversations'),
      delete: tr('myData.delete'),
    },
    empty,
    ...vm,
  });
}

export interface ConfirmVm {
  title: string;
  body: string;
  confirmLabel: string;
  /** How the confirming button looks: destructive (the default) or positive. */
  confirmStyle?: 'destructive' | 'positive';
  cancelLabel: string;
  confirmVerb: string;
  cancelVerb: string;
  data?: Record<string, unknown>;
  /** Headed lists under the body, each line shown as "• line". */
  sections?: { heading: string; lines: string[] }[];
}
export function confirmCard(vm: ConfirmVm): AdaptiveCard {
  return expand('confirm', { data: {}, sections: [], confirmStyle: 'destructive', ...vm });
}

export function noticeCard(title: string, text = ''): AdaptiveCard {
  return expand('notice', { title, text });
}
