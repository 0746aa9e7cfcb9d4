import http from 'node:http';
import https from 'node:https';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../config.js';
import { serviceUrlAllowed } from '../domain/service-urls.js';

/** A failed call to the Bot Connector, with what the retry policy needs. */
export class ConnectorError extends Error {
  constructor(
    readonly statusCode: number | undefined,
    readonly retryAfterSeconds: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** One keep-alive connection pool per scheme: a broadcast reuses its connections to the Bot Connector. */
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

interface Reply {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

/** One HTTP request with node's own client (fetch costs ~1 ms of CPU more per message here). */
function request(method: string, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const [lib, agent] = u.protocol === 'https:' ? [https, httpsAgent] : [http, httpAgent];
    const req = lib.request(u, { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

interface TokenSource {
  getToken(force?: boolean): Promise<string>;
}

/**
 * The Bot Connector REST calls proactive messages need, made with one HTTP request each.
 * botframework-connector's own client retries 429/5xx three times inside every call; here the
 * outbox owns the whole retry policy, so a failed attempt is exactly one request.
 */
export class ConnectorClient {
  private credentials: Promise<TokenSource | undefined> | undefined;

  constructor(
    private readonly config: Config,
    private readonly factory?: ServiceClientCredentialsFactory,
  ) {}

  private async token(): Promise<string | undefined> {
    if (this.config.localMode || !this.factory) return undefined;
    this.credentials ??= this.factory
      .createCredentials(this.config.botId, AuthenticationConstants.ToChannelFromBotOAuthScope, AuthenticationConstants.ToChannelFromBotLoginUrl, true)
      .then((c) => c as unknown as TokenSource);
    const creds = await this.credentials;
    return creds ? await creds.getToken() : undefined;
  }

  private async call(method: 'POST' | 'PUT', url: string, body: unknown): Promise<{ id?: string }> {
    // the bot's credentials go only to an allowed Bot Connector (a reference stored before the check, or forged)
    if (!serviceUrlAllowed(this.config.allowedServiceUrls, url)) throw new ConnectorError(403, undefined, 'serviceUrl not allowed');
    const token = await this.token();
    let res: Reply;
    try {
      const headers = { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      res = await request(method, url, headers, JSON.stringify(body), 30_000);
    } catch (err) {
      throw new ConnectorError(undefined, undefined, `network error: ${(err as Error).message}`);
    }
    if (res.status < 200 || res.status >= 300) {
      const retryAfter = res.retryAfter === undefined ? NaN : Number(res.retryAfter);
      throw new ConnectorError(res.status, Number.isFinite(retryAfter) ? retryAfter : undefined, `HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    }
    try {
      return res.text ? (JSON.parse(res.text) as { id?: string }) : {};
    } catch {
      return {};
    }
  }

  private static base(reference: Partial<ConversationReference>): string {
    const service = (reference.serviceUrl ?? '').replace(/\/+$/, '');
    return `${service}/v3/conversations/${encodeURIComponent(reference.conversation?.id ?? '')}/activities`;
  }

  /** Sends `activity` into the conversation; resolves with the id Teams gave it. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ id?: string }> {
    const full = TurnContext.applyConversationReference({ ...activity }, reference);
    return this.call('POST', ConnectorClient.base(reference), full);
  }

  /** Replaces a message the bot sent earlier (a card updated in place). */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }> {
    const full = TurnContext.applyConversationReference({ ...activity, id: activityId }, reference);
    return this.call('PUT', `${ConnectorClient.base(reference)}/${encodeURIComponent(activityId)}`, full);
  }
}
