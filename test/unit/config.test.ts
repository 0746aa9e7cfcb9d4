import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';

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
