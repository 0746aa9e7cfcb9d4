import type { FakeConnector, Recorded } from './connector.js';
import { unescapeLiteral } from '../../src/cards/literal.js';
import { liveMarkdown } from './markdown.js';
import { allActions, press } from './press.js';

export interface User {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  tenantId?: string;
  locale?: string;
  /** Another 1:1 chat of the same person (an old installation); default `a:personal-<aadObjectId>`. */
  conversationId?: string;
}

export const TENANT = '7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50';

export interface InvokeResult {
  status: number;
  card?: Record<string, any>;
  message?: string;
  /** What the bot sent into the chat during the turn (for a press that posts a message). */
  sent?: Recorded[];
}

/** A scripted Teams client speaking the Bot Framework protocol to the bot's HTTP endpoint. */
export class TeamsClient {
  readonly conversationId: string;
  private seq = 0;
  private conversationType = 'personal';

  constructor(
    private readonly botUrl: () => string,
    private readonly connector: FakeConnector,
    readonly user: User,
    private readonly headers: Record<string, string> = {},
  ) {
    this.conversationId = user.conversationId ?? `a:personal-${user.aadObjectId}`;
  }

  /** The member entry Teams' roster API returns for this user. */
  get member() {
    return { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId, email: this.user.email, userPrincipalName: this.user.email };
  }

  activity(partial: Record<string, unknown>): Record<string, unknown> {
    const tenantId = this.user.tenantId ?? TENANT;
    return {
      id: `act-${this.user.aadObjectId}-${++this.seq}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      from: { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId },
      recipient: { id: '28:ksf-bot', name: 'KSF' },
      conversation: { id: this.conversationId, conversationType: this.conversationType, tenantId },
      channelData: { tenant: { id: tenantId } },
      locale: this.user.locale ?? 'nb-NO',
      ...partial,
    };
  }

  /** The same person in another chat (a group chat, a channel): what they send and click goes there. */
  in(conversation: { id: string; conversationType: 'groupChat' | 'channel' | 'personal' }): TeamsClient {
    const c = new TeamsClient(this.botUrl, this.connector, { ...this.user, conversationId: conversation.id }, this.headers);
    c.conversationType = conversation.conversationType;
    return c;
  }

  /** A message extension invoke as Teams sends it; `result` is the `composeExtension` of the answer (its cards checked literal). */
  async messageExtension(name: string, value: unknown): Promise<{ status: number; body: any; result?: any }> {
    const { status, body } = await this.post(this.activity({ type: 'invoke', name, value }));
    for (const a of body?.composeExtension?.attachments ?? []) if (a.contentType === 'application/vnd.microsoft.card.adaptive') assertLiteral(a.content);
    return { status, body, result: body?.composeExtension };
  }

  /** Types `query` into the message extension's search box (`composeExtension/query`). */
  search(query: string, queryOptions: Record<string, unknown> = { skip: 0, count: 25 }, commandId = 'searchNeeds') {
    return this.messageExtension('composeExtension/query', { commandId, parameters: [{ name: 'query', value: query }], queryOptions });
  }

  /** Picks a search result: Teams sends its preview's tap value (`composeExtension/selectItem`). */
  pick(result: { preview?: { content?: { tap?: { value?: unknown } } } } | undefined) {
    return this.messageExtension('composeExtension/selectItem', result?.preview?.content?.tap?.value);
  }

  /** Pastes a link into the compose box (`composeExtension/queryLink`). */
  unfurl(url: string) {
    return this.messageExtension('composeExtension/queryLink', { url });
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.botUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers, ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, body };
  }

  /**
   * Runs a turn and returns what the bot sent into this conversation in answer to it: its replies
   * (which name the activity they answer, `replyToId`), not proactive messages from the outbox that
   * happen to arrive meanwhile (a notice, a card update) — those are in the connector's record.
   */
  private async turn(activity: Record<string, unknown>): Promise<{ status: number; sent: Recorded[]; body: any }> {
    const before = (await this.connector.activities()).length;
    const { status, body } = await this.post(activity);
    const sent = (await this.connector.activities())
      .slice(before)
      .filter((a) => a.conversationId === this.conversationId && a.method === 'POST' && a.replyToId === activity.id);
    return { status, sent, body };
  }

  async say(text: string): Promise<Recorded[]> {
    const { status, sent } = await this.turn(this.activity({ type: 'message', text }));
    if (status >= 300) throw new Error(`bot answered HTTP ${status}`);
    return sent;
  }

  async install(): Promise<Recorded[]> {
    return (await this.turn(this.activity({ type: 'installationUpdate', action: 'add' }))).sent;
  }

  async uninstall(): Promise<Recorded[]> {
    return (await this.turn(this.activity({ type: 'installationUpdate', action: 'remove' }))).sent;
  }

  /** Sends an Action.Submit button's data as Teams does: a message with the data as its value and no text. */
  async submit(value: Record<string, unknown>): Promise<InvokeResult> {
    const { status, sent } = await this.turn(this.activity({ type: 'message', value }));
    if (status >= 300) throw new Error(`bot answered HTTP ${status}`);
    return { status, sent };
  }

  /** Clicks an Action.Execute button: the response replaces the card (or shows a message). */
  async click(verb: string, data: Record<string, unknown> = {}, replyToId = `card-${this.seq + 1}`): Promise<InvokeResult> {
    // Teams puts the id of the message that holds the card in replyToId.
    const { status, body } = await this.post(
      this.activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }),
    );
    const result: InvokeResult = { status };
    if (body?.type === 'application/vnd.microsoft.card.adaptive') result.card = assertLiteral(body.value);
    if (body?.type === 'application/vnd.microsoft.activity.message') result.message = body.value;
    return result;
  }

  /**
   * The person looks at a card again, as Teams shows it: a card whose `refresh` lists this user (or
   * lists nobody) is refreshed automatically — Teams invokes its verb with trigger "automatic" and
   * shows what the bot answers; any other card stays as it was.
   */
  async reopen(card: Record<string, any>): Promise<InvokeResult> {
    const ids: string[] | undefined = card.refresh?.userIds;
    if (!card.refresh || (ids && !ids.includes(this.user.id))) return { status: 200, card };
    return this.refresh(card);
  }

  /** Sends the card's refresh invoke as this user whatever its `userIds` say (what a forger could do). */
  async refresh(card: Record<string, any>): Promise<InvokeResult> {
    const action = card.refresh?.action;
    if (!action) throw new Error('the card has no refresh');
    const { status, body } = await this.post(
      this.activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId: `card-${this.seq + 1}`, value: { action, trigger: 'automatic' } }),
    );
    const result: InvokeResult = { status };
    if (body?.type === 'application/vnd.microsoft.card.adaptive') result.card = body.value;
    if (body?.type === 'application/vnd.microsoft.activity.message') result.message = body.value;
    return result;
  }
}

/** Adaptive cards in what the bot sent. */
export function cardsIn(sent: Recorded[]): Record<string, any>[] {
  return sent.flatMap((r) =>
    (r.activity.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => assertLiteral(a.content)),
  );
}

/** Every card a test receives from the bot: no text in it is left to markdown (see markdown.ts). */
function assertLiteral(card: Record<string, any>): Record<string, any> {
  const problems = liveMarkdown(card);
  if (problems.length) throw new Error(`card text left to markdown:\n${problems.join('\n')}`);
  return card;
}

/** Plain texts the bot sent. */
export function textsIn(sent: Recorded[]): string[] {
  return sent.map((r) => r.activity.text).filter((t): t is string => typeof t === 'string');
}

/** Everything a person reads on a card (markdown escapes removed, as the card shows them): text blocks, facts, choices and button titles. */
export function cardText(card: Record<string, any> | undefined): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'AdaptiveCard' && n.refresh) return walk({ ...n, refresh: undefined });
    if (n.type === 'TextBlock') out.push(unescapeLiteral(n.text));
    if (n.type === 'FactSet') for (const f of n.facts ?? []) out.push(`${unescapeLiteral(f.title)}: ${unescapeLiteral(f.value)}`);
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(`[${n.title}]`);
    if (n.type === 'Input.ChoiceSet' && n.label) out.push(`${n.label}?`);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** Button titles of a card. */
export function buttons(card: Record<string, any> | undefined): string[] {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'AdaptiveCard' && n.refresh) return walk({ ...n, refresh: undefined });
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n.title);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/**
 * A coordinator types `ny utlysning`, fills in the compose form the bot sends with `form` (by input
 * id; a `callId` in it is ignored, the form carries its own) and presses «Forhåndsvis».
 */
export async function previewCall(coordinator: TeamsClient, form: Record<string, unknown>): Promise<InvokeResult> {
  const [compose] = cardsIn(await coordinator.say('ny utlysning'));
  if (!compose) throw new Error('no compose form for «ny utlysning»');
  const { callId: _ignored, ...typed } = form;
  return press(coordinator, compose, 'Forhåndsvis', typed);
}

/** The id of the call a preview shows, read off its send button. */
export function callIdOn(card: Record<string, any> | undefined): string {
  const send = allActions(card).find((f) => f.action.verb === 'call.send');
  if (!send) throw new Error(`no preview: ${cardText(card)}`);
  return send.action.data.callId;
}

/** A coordinator previews a call (see `previewCall`) and returns the draft's id. */
export async function draftCall(coordinator: TeamsClient, form: Record<string, unknown>): Promise<string> {
  const preview = await previewCall(coordinator, form);
  if (preview.message) throw new Error(`no preview: ${preview.message}`);
  return callIdOn(preview.card);
}
