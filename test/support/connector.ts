import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Recorded {
  conversationId: string;
  method: string;
  /** For a reply (POST …/activities/{id}): the activity it answers. */
  replyToId?: string;
  id?: string;
  fault?: number;
  /** When the request arrived (before any delay set with {@link FakeConnector.delay}). */
  startedAt: number;
  /** When it was answered. */
  at: number;
  activity: Record<string, any>;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

/** Client for the fake Bot Connector process. */
export class FakeConnector {
  private constructor(
    private readonly proc: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeConnector> {
    const script = fileURLToPath(new URL('./fake-connector.mjs', import.meta.url));
    const proc = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      proc.once('error', reject);
      proc.stdout!.on('data', (chunk: Buffer) => {
        const m = /LISTENING (\d+)/.exec(chunk.toString());
        if (m) resolve(Number(m[1]));
      });
    });
    return new FakeConnector(proc, `http://127.0.0.1:${port}/`);
  }

  async activities(light = false): Promise<Recorded[]> {
    return (await fetch(`${this.url}_control/activities${light ? '?light=1' : ''}`)).json() as Promise<Recorded[]>;
  }

  async clear(): Promise<void> {
    await fetch(`${this.url}_control/activities`, { method: 'DELETE' });
  }

  async roster(members: RosterMember[]): Promise<void> {
    await fetch(`${this.url}_control/roster`, { method: 'POST', body: JSON.stringify(members) });
  }

  async faults(list: { conversationId?: string; status: number; times: number; retryAfter?: number }[]): Promise<void> {
    await fetch(`${this.url}_control/faults`, { method: 'POST', body: JSON.stringify(list) });
  }

  /** Enforces Teams' rate limits (429 with Retry-After) and injects random 429/500 faults. */
  async limits(l: { perConversation?: number; global?: number; windowMs?: number; randomFaultRate?: number; seed?: number } | null): Promise<void> {
    await fetch(`${this.url}_control/limits`, { method: 'POST', body: JSON.stringify(l) });
  }

  /** Makes every activity request take `ms` (to keep a broadcast in flight). */
  async delay(ms: number): Promise<void> {
    await fetch(`${this.url}_control/delay`, { method: 'POST', body: JSON.stringify({ ms }) });
  }

  /** Holds every new message (POST activity) unanswered from now on: the bot sees it in flight. */
  async hold(): Promise<void> {
    await fetch(`${this.url}_control/hold`, { method: 'POST' });
  }

  /** How many requests are held unanswered now. */
  async held(): Promise<number> {
    return ((await (await fetch(`${this.url}_control/hold`)).json()) as { held: number }).held;
  }

  /** Answers the held requests (faults set meanwhile apply to them, in order) and stops holding. */
  async release(): Promise<void> {
    await fetch(`${this.url}_control/release`, { method: 'POST' });
  }

  /** Publishes signing keys (JWKS) behind `${url}openid/.well-known/openidconfiguration`. */
  async publishKeys(jwks: { keys: unknown[] }): Promise<void> {
    await fetch(`${this.url}_control/jwks`, { method: 'POST', body: JSON.stringify(jwks) });
  }

  get openIdMetadataUrl(): string {
    return `${this.url}openid/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    this.proc.kill('SIGTERM');
  }
}
