import { describe, it, expect } from 'vitest';
import { hostname } from 'node:os';
import { loadConfig, ConfigError } from '../../src/config.js';
import { redactDatabaseUrl } from '../../src/domain/database-url.js';

describe('configuration', () => {
  it('has sensible defaults for local mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3978, botId: '', localMode: true, storePath: './data/ksf.json', timezone: 'Europe/Oslo', allowedTenants: [] });
  });

  it('names every malformed key in one error', () => {
    try {
      loadConfig({ PORT: 'abc', KSF_ADMINS: 'not-an-email', KSF_ALLOWED_TENANTS: 'x', BOT_TYPE: 'Weird' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('KSF_ADMINS');
      expect(msg).toContain('KSF_ALLOWED_TENANTS');
      expect(msg).toContain('BOT_TYPE');
      expect(msg).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('refuses to start in production without credentials, naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/BOT_ID: required when NODE_ENV=production[\s\S]*BOT_PASSWORD/);
  });

  it('does not allow every tenant once authentication is on', () => {
    expect(() => loadConfig({ BOT_ID: 'id', BOT_PASSWORD: 'pw' })).toThrow(/KSF_ALLOWED_TENANTS: must list at least one tenant/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig({ KSF_TIMEZONE: 'Europe/Nowhere' })).toThrow(/KSF_TIMEZONE: unknown time zone/);
  });

  it('reads lists case-insensitively', () => {
    const c = loadConfig({ KSF_ADMINS: 'A@B.no, c@d.no', KSF_ALLOWED_TENANTS: '7E4F0C2A-3B1D-4C5E-8F9A-0B1C2D3E4F50' });
    expect(c.admins).toEqual(['a@b.no', 'c@d.no']);
    expect(c.allowedTenants).toEqual(['7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50']);
  });
});

describe('PostgreSQL settings', () => {
  const password = 'S3cret-Pw_9';
  const problemsOf = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    return expect.unreachable('the configuration was accepted') as never;
  };

  it('uses the JSON store, ten connections and hostname-pid without them', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ storeKind: 'json', storePath: './data/ksf.json', databaseUrl: undefined, dbPoolSize: 10 });
    expect(c.instanceId).toBe(`${hostname()}-${process.pid}`);
  });

  it('takes a postgres:// or postgresql:// URL, and then the store is PostgreSQL whatever KSF_STORE says', () => {
    for (const url of [
      `postgres://ksf:${password}@db.example.com:5432/ksf?sslmode=require`,
      `postgresql://ksf:${password}@127.0.0.1/ksf_test`,
      'postgres://ksf@localhost/ksf',
      'postgresql:///ksf?host=/tmp/pg-sock',
    ]) {
      const c = loadConfig({ KSF_DATABASE_URL: url, KSF_STORE: '/home/data/ksf.json' });
      expect(c.storeKind, url).toBe('postgres');
      expect(c.databaseUrl, url).toBe(url);
    }
  });

  it('names KSF_DATABASE_URL and what is wrong, and never repeats the password', () => {
    const cases: [string, RegExp][] = [
      [`mysql://ksf:${password}@db.example.com/ksf`, /KSF_DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//],
      [`ksf:${password}@db.example.com/ksf`, /KSF_DATABASE_URL: must be a URL such as postgres:\/\//],
      [`postgres://ksf:${password}@db.example.com`, /KSF_DATABASE_URL: names no database/],
      [`postgres://ksf:${password}@db.example.com/`, /KSF_DATABASE_URL: names no database/],
      [`postgres://ksf:${password}@/ksf`, /KSF_DATABASE_URL: is not a valid URL \(a password with @ : \/ \? # % must be percent-encoded/],
      ['postgresql:///ksf', /KSF_DATABASE_URL: names no host/],
      [`postgres://ksf:${password}@db.example.com:99999/ksf`, /KSF_DATABASE_URL: is not a valid URL/],
      [`postgres://ksf:${password}#x@db.example.com/ksf`, /KSF_DATABASE_URL: is not a valid URL/],
      [`postgres://ksf:${password}@db.example.com/ksf#x`, /KSF_DATABASE_URL: holds a #/],
      [`postgres://ksf:${password}@db.example.com/ksf/more`, /KSF_DATABASE_URL: must name one database/],
      [`postgres://ksf:${password}@db.example.com/ksf?sslmode=sometimes`, /KSF_DATABASE_URL: sslmode must be one of disable/],
    ];
    for (const [url, expected] of cases) {
      const msg = problemsOf({ KSF_DATABASE_URL: url });
      expect(msg, url).toMatch(expected);
      expect(msg, url).not.toContain(password);
    }
  });

  it('takes a pool size from 1 to 100 and refuses anything else, named', () => {
    expect(loadConfig({ KSF_DB_POOL_SIZE: '1' }).dbPoolSize).toBe(1);
    expect(loadConfig({ KSF_DB_POOL_SIZE: '100' }).dbPoolSize).toBe(100);
    for (const bad of ['0', '101', '2.5', 'ten', '-3', '1e2'])
      expect(problemsOf({ KSF_DB_POOL_SIZE: bad }), bad).toMatch(/KSF_DB_POOL_SIZE: must be a whole number from 1 to 100/);
  });

  it('takes an instance id and refuses one with spaces', () => {
    expect(loadConfig({ KSF_INSTANCE_ID: 'ksf-bot-1' }).instanceId).toBe('ksf-bot-1');
    expect(problemsOf({ KSF_INSTANCE_ID: 'ksf bot 1' })).toMatch(/KSF_INSTANCE_ID: must be 1-100 visible ASCII characters/);
    expect(problemsOf({ KSF_INSTANCE_ID: 'x'.repeat(101) })).toMatch(/KSF_INSTANCE_ID/);
  });
});

describe('a database URL in a log line', () => {
  it('shows everything but the password', () => {
    expect(redactDatabaseUrl('postgres://ksf:S3cret@db.example.com:5432/ksf?sslmode=require')).toBe(
      'postgres://ksf:***@db.example.com:5432/ksf?sslmode=require',
    );
    expect(redactDatabaseUrl('postgres://ksf@db/ksf?password=S3cret')).not.toContain('S3cret');
    expect(redactDatabaseUrl('postgres://ksf:S3cret@/ksf')).toBe('(unparseable)');
  });
});
