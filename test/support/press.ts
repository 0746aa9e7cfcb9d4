import type { InvokeResult, TeamsClient } from './teams-client.js';

type Card = Record<string, any> | undefined;
type Node = Record<string, any>;

/** A button on a card, with the cards it sits in (innermost last: a ShowCard's card inside its parent). */
interface Found {
  action: Node;
  cards: Node[];
}

const isInput = (n: Node) => typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string';
const isAction = (n: Node) => n.type === 'Action.Execute' || n.type === 'Action.Submit';

/** Every Execute/Submit button a person can press on the card (in ActionSets and ShowCard sub-cards; not the card's refresh). */
export function allActions(card: Card): Found[] {
  const out: Found[] = [];
  const walk = (n: any, cards: Node[]) => {
    if (Array.isArray(n)) return n.forEach((c) => walk(c, cards));
    if (!n || typeof n !== 'object') return;
    if (n.type === 'AdaptiveCard') {
      const inner = [...cards, n];
      for (const [k, v] of Object.entries(n)) if (k !== 'refresh') walk(v, inner);
      return;
    }
    if (isAction(n)) out.push({ action: n, cards });
    Object.values(n).forEach((c) => walk(c, cards));
  };
  walk(card, []);
  return out;
}

/** The inputs that sit in `card` itself (not in a ShowCard's sub-card). */
export function inputsOf(card: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object' || n.type === 'AdaptiveCard') return;
    if (isInput(n)) out.push(n);
    Object.values(n).forEach(walk);
  };
  for (const [k, v] of Object.entries(card)) if (k !== 'refresh') walk(v);
  return out;
}

/** The card's Action.Execute buttons titled `title` (exactly, or matching). */
export function actionsTitled(card: Card, title: string | RegExp): Node[] {
  return allActions(card)
    .map((f) => f.action)
    .filter((a) => a.type === 'Action.Execute' && titled(a, title));
}

const titled = (a: Node, title: string | RegExp) => (typeof title === 'string' ? a.title === title : title.test(a.title));

/** The value an input holds as the card shows it (before anyone types). */
const shownValue = (input: Node): unknown =>
  input.type === 'Input.Toggle' ? (input.value === (input.valueOn ?? 'true') ? (input.valueOn ?? 'true') : (input.valueOff ?? 'false')) : (input.value ?? '');

/** The values the card's inputs hold now, by id. */
export function inputValues(card: Card): Record<string, unknown> {
  return Object.fromEntries(
    allCards(card)
      .flatMap(inputsOf)
      .map((n) => [n.id, shownValue(n)]),
  );
}

function allCards(card: Card): Node[] {
  const out: Node[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'AdaptiveCard') out.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'refresh') walk(v);
  };
  walk(card);
  return out;
}

/**
 * What Teams sends when `found` is pressed: the button's data, with the values of the inputs of its
 * card (and the cards around it, for a button in a ShowCard) unless it says `associatedInputs:
 * "none"`. `typed` is what the person typed or chose, by input id or by the input's label. Like
 * Teams, a required input left empty blocks the press (an error here).
 */
export function payload(found: Found, typed: Record<string, unknown> = {}): Record<string, unknown> {
  const { action, cards } = found;
  const data = action.data && typeof action.data === 'object' ? action.data : {};
  if (action.associatedInputs === 'none') {
    if (Object.keys(typed).length) throw new Error(`«${action.title}» sends no inputs, but the test typed into ${Object.keys(typed).join(', ')}`);
    return { ...data };
  }
  const inputs = cards.flatMap(inputsOf);
  const values: Record<string, unknown> = Object.fromEntries(inputs.map((i) => [i.id, shownValue(i)]));
  for (const [key, value] of Object.entries(typed)) {
    const input = inputs.find((i) => i.id === key) ?? inputs.find((i) => i.label === key);
    if (!input) throw new Error(`no input «${key}» next to «${action.title}»: ${inputs.map((i) => `${i.id} (${i.label})`).join(', ')}`);
    values[input.id] = value;
  }
  const empty = inputs.filter((i) => (i.isRequired === true || i.isRequired === 'true') && (values[i.id] === '' || values[i.id] === undefined));
  if (empty.length) throw new Error(`Teams would not send «${action.title}»: required ${empty.map((i) => `«${i.label}»`).join(', ')} empty`);
  return { ...data, ...values };
}

/** The one button titled `title` on the card (an error, naming the buttons there, if none or several). */
export function findButton(card: Card, title: string | RegExp): Found {
  const all = allActions(card);
  const found = all.filter((f) => titled(f.action, title));
  if (found.length !== 1) throw new Error(`${found.length} buttons titled «${String(title)}» on the card: ${all.map((f) => f.action.title).join(', ')}`);
  return found[0];
}

/**
 * Presses the one button titled `title` on a card the bot sent, as Teams does (see `payload`): an
 * Action.Execute is an invoke whose answer replaces the card (or shows a message); an Action.Submit
 * is a message carrying the data, and `sent` holds what the bot answered. `replyToId` is the id of
 * the message that holds the card, for a test that follows updates to that message.
 */
export async function press(
  client: TeamsClient,
  card: Card,
  title: string | RegExp,
  typed: Record<string, unknown> = {},
  replyToId?: string,
): Promise<InvokeResult> {
  const found = findButton(card, title);
  const data = payload(found, typed);
  if (found.action.type === 'Action.Submit') return client.submit(data);
  return client.click(found.action.verb, data, replyToId);
}

/**
 * Posts a hand-built Action.Execute payload that no card the bot sent would produce: only for tests
 * that forge a click on purpose (security, validation, stale or foreign cards).
 */
export function forge(client: TeamsClient, verb: string, data: Record<string, unknown> = {}, replyToId?: string): Promise<InvokeResult> {
  return client.click(verb, data, replyToId);
}

/**
 * The part of a card a person looks at when the same button repeats per row: the smallest
 * container that shows `text` and holds buttons, as a card of its own (its inputs go with it).
 */
export function within(card: Card, text: string): Node {
  let best: Node | undefined;
  const size = (n: Node) => JSON.stringify(n).length;
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const json = JSON.stringify(n);
    if (
      (n.type === 'Container' || n.type === 'ColumnSet') &&
      json.includes(text) &&
      allActions({ type: 'AdaptiveCard', body: [n] }).length &&
      (!best || size(n) < size(best))
    )
      best = n;
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!best) throw new Error(`no part of the card shows «${text}» with buttons`);
  return { type: 'AdaptiveCard', version: '1.5', body: [best] };
}
