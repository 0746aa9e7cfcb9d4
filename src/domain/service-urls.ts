/**
 * Where the bot may send messages (the Bot Connector's `serviceUrl`): a reply or a proactive
 * message carries the bot's credentials, so it goes only to hosts we trust.
 */
export interface ServiceUrlRule {
  protocol: 'https:' | 'http:';
  /** A host name, or `*loopback*` for localhost, 127.0.0.0/8 and ::1. */
  hostname: string;
  /** Empty = any port. */
  port: string;
}

/** Teams' own Bot Connector hosts (public cloud, GCC, GCC High, DoD, 21Vianet). */
export const TEAMS_SERVICE_HOSTS = [
  'smba.trafficmanager.net',
  'smba.onyx.prod.teams.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
  'frontend.botapi.msg.infra.teams.microsoftonline.cn',
] as const;

export const LOOPBACK = '*loopback*';

/** True for localhost, 127.x.x.x and ::1 (as URL hostnames spell them). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The default rules: Teams' hosts over https with authentication, loopback without. */
export function defaultServiceUrlRules(localMode: boolean): ServiceUrlRule[] {
  if (localMode) return (['http:', 'https:'] as const).map((protocol) => ({ protocol, hostname: LOOPBACK, port: '' }));
  return TEAMS_SERVICE_HOSTS.map((hostname) => ({ protocol: 'https:', hostname, port: '' }));
}

/** Parses one configured entry (`https://smba.trafficmanager.net`, `http://127.0.0.1:4000`); undefined if it is not one. */
export function parseServiceUrlRule(entry: string): ServiceUrlRule | undefined {
  let u: URL;
  try {
    u = new URL(entry);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password || u.search || u.hash) return undefined;
  return { protocol: u.protocol, hostname: u.hostname.toLowerCase(), port: u.port };
}

/** True when `serviceUrl` is a URL one of `rules` allows. */
export function serviceUrlAllowed(rules: readonly ServiceUrlRule[], serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || serviceUrl.length > 2000) return false;
  let u: URL;
  try {
    u = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return rules.some(
    (r) => r.protocol === u.protocol && (r.port === '' || r.port === u.port) && (r.hostname === LOOPBACK ? isLoopbackHost(host) : r.hostname === host),
  );
}
