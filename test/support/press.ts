import type { InvokeResult, TeamsClient } from './teams-client.js';

type Card = Record<string, any> | undefined;

function nodes(card: Card): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'AdaptiveCard' && n.refresh) return walk({ ...n, refresh: undefined });
    out.push(n);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** The card's Action.Execute buttons titled `title` (exactly, or matching). */
export function actionsTitled(card: Card, title: string | RegExp): Record<string, any>[] {
  return nodes(card).filter((n) => n.type === 'Action.Execute' && (typeof title === 'string' ? n.title === title : title.test(n.title)));
}

/** The values the card's inputs hold now, by id. */
export function inputValues(card: Card): Record<string, string> {
  return Object.fromEntries(nodes(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id).map((n) => [n.id, n.value ?? '']));
}

/**
 * Presses the one button titled `title` on `card`, as Teams does: its data, plus the card's input
 * values (changed by `typed`) unless the button says `associatedInputs: "none"`.
 */
export async function press(client: TeamsClient, card: Card, title: string | RegExp, typed: Record<string, string> = {}): Promise<InvokeResult> {
  const found = actionsTitled(card, title);
  if (found.length !== 1) throw new Error(`${found.length} buttons titled ${String(title)} on the card`);
  const [a] = found;
  const inputs = a.associatedInputs === 'none' ? {} : { ...inputValues(card), ...typed };
  return client.click(a.verb, { ...(a.data ?? {}), ...inputs });
}
