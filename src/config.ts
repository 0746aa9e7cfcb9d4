import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { z } from 'zod';
import { checkDatabaseUrl } from './domain/database-url.js';
import { defaultServiceUrlRules, isLoopbackHost, parseServiceUrlRule, type ServiceUrlRule } from './domain/service-urls.js';

/** Validated configuration. The only place in the code base that reads `process.env`. */
export interface Config {
  port: number;
  /** The address the HTTP server listens on: loopback in local mode unless KSF_LISTEN_HOST says otherwise. */
  listenHost: string;
  /** Local mode listening beyond loopback (KSF_LISTEN_HOST): anyone who reaches it can act as anyone. */
  exposedWithoutAuthentication: boolean;
  /** Where replies and proactive messages may go (the activity's serviceUrl). */
  allowedServiceUrls: ServiceUrlRule[];
  /** Empty in local mode: no Bot Framework authentication (Playground, tests). */
  botId: string;
  botPassword: string;
  botType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  botTenantId: string;
  /** Override of the channel's OpenID metadata (tests, sovereign clouds). */
  openIdMetadataUrl?: string;
  /** `postgres` when KSF_DATABASE_URL is set (then KSF_STORE is ignored), else the embedded JSON store. */
  storeKind: 'json' | 'postgres';
  /** The JSON store's file (KSF_STORE); unused when storeKind is `postgres`. */
  storePath: string;
  /** KSF_DATABASE_URL, checked: postgres:// or postgresql://, a host and a database. Holds the password: never log it as is. */
  databaseUrl?: string;
  /** Connections each instance keeps open to PostgreSQL at most (KSF_DB_POOL_SIZE). */
  dbPoolSize: number;
  /** This process among several on one database (KSF_INSTANCE_ID; default `hostname-pid`): lease and claim owner. */
  instanceId: string;
  /** Base URL people's browsers reach the bot at (signed download links). */
  publicUrl: string;
  directoryPath?: string;
  allowedTenants: string[];
  admins: string[];
  timezone: string;
  /** Reminders only on Norwegian working days within these hours (off for tests). */
  quietHours: { enabled: boolean; start: number; end: number };
  /** Local mode only: the bot's clock starts here (to try reminders in the Playground). */
  fakeNow?: Date;
  /** Changes one person may make per minute (null = no limit: the bench). */
  changesPerMinute: number | null;
  logLevel: string;
  production: boolean;
  localMode: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const schema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? 3978 : Number(s)))
    .pipe(z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(0).max(65535)),
  BOT_ID: z.string().optional().default(''),
  BOT_PASSWORD: z.string().optional().default(''),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().default('MultiTenant'),
  BOT_TENANT_ID: z.string().optional().default(''),
  BOT_OPENID_METADATA_URL: z.string().url('must be a URL').optional(),
  KSF_STORE: z.string().min(1).optional().default('./data/ksf.json'),
  // checked after parsing, by checkDatabaseUrl: zod's messages must never quote the password
  KSF_DATABASE_URL: z.string().optional(),
  KSF_DB_POOL_SIZE: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100'))
    .optional()
    .default('10'),
  KSF_INSTANCE_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,100}$/, 'must be 1-100 visible ASCII characters without spaces, such as ksf-bot-1')
    .optional(),
  KSF_DIRECTORY: z.string().min(1).optional(),
  KSF_PUBLIC_URL: z.string().url('must be a URL such as https://ksf-bot.azurewebsites.net').optional(),
  KSF_ALLOWED_TENANTS: list.pipe(z.array(z.string().regex(guid, 'must be comma-separated tenant ids (GUIDs)'))),
  KSF_ADMINS: list.pipe(z.array(z.string().email('must be comma-separated e-mail addresses'))),
  KSF_TIMEZONE: z.string().optional().default('Europe/Oslo'),
  KSF_QUIET_HOURS: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'must be "on" or "off"' }) })
    .optional()
    .default('on'),
  KSF_WORKDAY: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, 'must be like 8-16 (hours)')
    .optional()
    .default('8-16'),
  KSF_FAKE_NOW: z.string().optional(),
  KSF_CHANGES_PER_MINUTE: z
    .string()
    .regex(/^(off|[1-9]\d{0,4})$/, 'must be a number of changes (1-99999) or "off"')
    .optional()
    .default('30'),
  KSF_LISTEN_HOST: z
    .string()
    .refine((h) => isIP(h) !== 0 || /^[a-z0-9](?:[a-z0-9.-]{0,252})$/i.test(h), 'must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0')
    .optional(),
  KSF_ALLOWED_SERVICE_URLS: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  NODE_ENV: z.string().optional().default('development'),
});

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses and validates the environment. Throws a {@link ConfigError} that names every bad key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  const localMode = e.BOT_ID === '';
  if (!validTimezone(e.KSF_TIMEZONE)) problems.push(`KSF_TIMEZONE: unknown time zone "${e.KSF_TIMEZONE}"`);
  if (production) {
    const missing = ['BOT_ID', 'BOT_PASSWORD'].filter((k) => !e[k as 'BOT_ID' | 'BOT_PASSWORD']);
    if (e.BOT_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) missing.push('BOT_TENANT_ID');
    for (const k of missing) problems.push(`${k}: required when NODE_ENV=production`);
  }
  if (!localMode && e.BOT_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) {
    problems.push('BOT_TENANT_ID: required when BOT_TYPE=SingleTenant');
  }
  if (!localMode && e.KSF_ALLOWED_TENANTS.length === 0) {
    problems.push('KSF_ALLOWED_TENANTS: must list at least one tenant id when BOT_ID is set (empty = all is only allowed in local mode)');
  }
  const [start, end] = e.KSF_WORKDAY.split('-').map(Number);
  if (!(start < end && end <= 24)) problems.push('KSF_WORKDAY: the start hour must come before the end hour (like 8-16)');
  let fakeNow: Date | undefined;
  if (e.KSF_FAKE_NOW !== undefined) {
    fakeNow = new Date(e.KSF_FAKE_NOW);
    if (!localMode) problems.push('KSF_FAKE_NOW: only allowed in local mode (without BOT_ID); remove it');
    else if (Number.isNaN(fakeNow.getTime())) problems.push('KSF_FAKE_NOW: must be an ISO time such as 2027-01-12T07:30:00+01:00');
  }
  const listenHost = e.KSF_LISTEN_HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0');
  const allowedServiceUrls: ServiceUrlRule[] = [];
  for (const entry of e.KSF_ALLOWED_SERVICE_URLS) {
    const rule = parseServiceUrlRule(entry);
    if (!rule) problems.push(`KSF_ALLOWED_SERVICE_URLS: "${entry}" is not an http(s) URL such as https://smba.trafficmanager.net`);
    else if (!localMode && rule.protocol === 'http:' && !isLoopbackHost(rule.hostname))
      problems.push(`KSF_ALLOWED_SERVICE_URLS: "${entry}" must use https when BOT_ID is set`);
    else allowedServiceUrls.push(rule);
  }
  let databaseUrl: string | undefined;
  if (e.KSF_DATABASE_URL !== undefined) {
    const db = checkDatabaseUrl(e.KSF_DATABASE_URL);
    if (db.ok) databaseUrl = db.url;
    else problems.push(`KSF_DATABASE_URL: ${db.problem}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    listenHost,
    exposedWithoutAuthentication: localMode && !isLoopbackHost(listenHost),
    allowedServiceUrls: allowedServiceUrls.length ? allowedServiceUrls : defaultServiceUrlRules(localMode),
    botId: e.BOT_ID,
    botPassword: e.BOT_PASSWORD,
    botType: e.BOT_TYPE,
    botTenantId: e.BOT_TENANT_ID,
    openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    storeKind: databaseUrl ? 'postgres' : 'json',
    storePath: e.KSF_STORE,
    databaseUrl,
    dbPoolSize: e.KSF_DB_POOL_SIZE,
    instanceId: e.KSF_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    publicUrl: (e.KSF_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    directoryPath: e.KSF_DIRECTORY,
    allowedTenants: e.KSF_ALLOWED_TENANTS.map((t) => t.toLowerCase()),
    admins: e.KSF_ADMINS.map((a) => a.toLowerCase()),
    timezone: e.KSF_TIMEZONE,
    quietHours: { enabled: e.KSF_QUIET_HOURS === 'on', start, end },
    fakeNow,
    changesPerMinute: e.KSF_CHANGES_PER_MINUTE === 'off' ? null : Number(e.KSF_CHANGES_PER_MINUTE),
    logLevel: e.LOG_LEVEL,
    production,
    localMode,
  };
}
