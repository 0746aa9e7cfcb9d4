import { describe, it, expect } from 'vitest';
import { ACTION_SCHEMAS, MENU_COMMAND, actionSchema } from '../../src/cards/actions.js';
import { ALL_VERBS } from '../../src/cards/verbs.js';
import { templateNames } from '../../src/cards/templates.js';
import { samples, variants } from '../support/card-samples.js';
import { allActions, inputsOf, payload } from '../support/press.js';

type Node = Record<string, any>;

/** What a person would plausibly put in a required input: its first choice, its placeholder, or a value of its type. */
function plausible(input: Node): unknown {
  if (input.type === 'Input.ChoiceSet') return input.choices?.[0]?.value ?? '';
  if (input.type === 'Input.Date') return input.min || '2027-01-15';
  if (input.type === 'Input.Time') return '10:00';
  if (input.type === 'Input.Number') return input.min ?? 1;
  if (input.type === 'Input.Toggle') return input.valueOn ?? 'true';
  return input.placeholder || 'Eksempel';
}

const isEmpty = (v: unknown) => v === undefined || v === '';
const required = (i: Node) => i.isRequired === true || i.isRequired === 'true';

/** Every button of every sample card, with what Teams would send: the card's values, required inputs filled in. */
const presses = Object.entries({ ...samples, ...variants }).flatMap(([name, card]) =>
  allActions(card).map((found) => {
    const filled = Object.fromEntries(
      found.cards
        .flatMap(inputsOf)
        .filter((i) => required(i) && isEmpty(i.value))
        .map((i) => [i.id, plausible(i)]),
    );
    const sent = found.action.associatedInputs === 'none' ? payload(found) : payload(found, filled);
    return { name, title: String(found.action.title), type: found.action.type as string, verb: found.action.verb as string | undefined, sent };
  }),
);

describe('the contract between cards and handlers', () => {
  it('covers every template, and every template has buttons to check where it has any', () => {
    expect(new Set(presses.map((p) => p.name)).size).toBeGreaterThan(10);
    expect(templateNames().every((n) => n in samples)).toBe(true);
  });

  it('registers a schema for every verb, and only for verbs', () => {
    expect(Object.keys(ACTION_SCHEMAS).sort()).toEqual([...ALL_VERBS].sort());
  });

  it.each(presses.map((p) => [`${p.name}: «${p.title}» (${p.verb ?? p.type})`, p] as const))('%s sends data its handler accepts', (_label, p) => {
    if (p.type === 'Action.Submit') {
      const r = MENU_COMMAND.safeParse(p.sent);
      expect(r.success, `${JSON.stringify(p.sent)}: ${r.error?.message}`).toBe(true);
      return;
    }
    const schema = actionSchema(p.verb ?? '');
    expect(schema, `verb ${p.verb} is in the registry`).toBeDefined();
    const r = schema!.safeParse(p.sent);
    expect(r.success, `${p.verb} ${JSON.stringify(p.sent)}:\n${r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`).toBe(true);
  });
});
