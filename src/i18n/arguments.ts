import { IntlMessageFormat } from 'intl-messageformat';

/** How a message uses one argument: as text, as a formatted number, or to choose a plural form. */
export type ArgumentKind = 'plain' | 'number' | 'plural' | 'select' | 'date';
export interface MessageArgument {
  name: string;
  kind: ArgumentKind;
  /** For a plural: its forms (`one`, `other`, `=0`…) and their text with `#`. */
  forms?: Record<string, string>;
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
// The parser's element types (@formatjs/icu-messageformat-parser TYPE).
const LITERAL = 0,
  ARGUMENT = 1,
  NUMBER = 2,
  DATE = 3,
  TIME = 4,
  SELECT = 5,
  PLURAL = 6,
  POUND = 7,
  TAG = 8;

/** Parses `text` as an ICU message; throws with the parser's words when it is not one. */
export function parseMessage(text: string, locale: string): Element[] {
  return new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst();
}

/** Every argument `text` uses, including those inside plural and select forms, in order of appearance. */
export function messageArguments(text: string, locale = 'nb'): MessageArgument[] {
  const out: MessageArgument[] = [];
  const walk = (elements: Element[]): void => {
    for (const e of elements) {
      if (e.type === ARGUMENT) out.push({ name: e.value, kind: 'plain' });
      else if (e.type === NUMBER) out.push({ name: e.value, kind: 'number' });
      else if (e.type === DATE || e.type === TIME) out.push({ name: e.value, kind: 'date' });
      else if (e.type === SELECT || e.type === PLURAL) {
        const forms: Record<string, string> = {};
        for (const [form, { value }] of Object.entries(e.options)) forms[form] = flatten(value);
        out.push({ name: e.value, kind: e.type === PLURAL ? 'plural' : 'select', forms });
        for (const { value } of Object.values(e.options)) walk(value);
      } else if (e.type === TAG) walk(e.children);
    }
  };
  walk(parseMessage(text, locale));
  return out;
}

/** The text of a plural form, with `#` for the number and `{name}` for nested arguments. */
function flatten(elements: Element[]): string {
  return elements.map((e) => (e.type === LITERAL ? e.value : e.type === POUND ? '#' : 'value' in e ? `{${e.value}}` : '')).join('');
}
