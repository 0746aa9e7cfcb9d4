import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { serviceUrlAllowed } from '../../src/domain/service-urls.js';
import { ConnectorClient, ConnectorError } from '../../src/outbox/connector-client.js';

const authenticated = { BOT_ID: 'x', KSF_ALLOWED_TENANTS: '7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50' };

describe('where replies and proactive messages may go', () => {
  it("authenticated: Teams' own Bot Connector hosts over https, nothing else", () => {
    const { allowedServiceUrls: rules } = loadConfig(authenticated);
    for (const ok of ['https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/amer/', 'https://smba.infra.gcc.teams.microsoft.com/teams/'])
      expect(serviceUrlAllowed(rules, ok), ok).toBe(true);
    for (const bad of [
      'http://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net.evil.example/',
      'https://evil.example/smba.trafficmanager.net/',
      'http://127.0.0.1:3978/',
      'https://directline.botframework.com/',
      'https://a@smba.trafficmanager.net/',
      'not a url',
      5,
    ])
      expect(serviceUrlAllowed(rules, bad), String(bad)).toBe(false);
  });

  it("local mode: loopback only (the Playground's http://localhost:56150/_connector, the test connector on 127.0.0.1)", () => {
    const { allowedServiceUrls: rules } = loadConfig({});
    for (const ok of ['http://localhost:56150/_connector', 'http://127.0.0.1:4000/', 'http://[::1]:1/']) expect(serviceUrlAllowed(rules, ok), ok).toBe(true);
    for (const bad of ['http://10.0.0.7:3978/', 'https://smba.trafficmanager.net/emea/', 'http://localhost.evil.example/'])
      expect(serviceUrlAllowed(rules, bad), bad).toBe(false);
  });

  it('KSF_ALLOWED_SERVICE_URLS replaces the default, and is validated', () => {
    const { allowedServiceUrls: rules } = loadConfig({ KSF_ALLOWED_SERVICE_URLS: 'https://smba.teams.sovcloud-core.fr, http://127.0.0.1:4000' });
    expect(serviceUrlAllowed(rules, 'https://smba.teams.sovcloud-core.fr/x/')).toBe(true);
    expect(serviceUrlAllowed(rules, 'http://127.0.0.1:4000/')).toBe(true);
    expect(serviceUrlAllowed(rules, 'http://127.0.0.1:4001/')).toBe(false);
    expect(() => loadConfig({ KSF_ALLOWED_SERVICE_URLS: 'ftp://x' })).toThrow(/KSF_ALLOWED_SERVICE_URLS: "ftp:\/\/x" is not an http\(s\) URL/);
    expect(() => loadConfig({ ...authenticated, KSF_ALLOWED_SERVICE_URLS: 'http://bots.example.com' })).toThrow(/must use https when BOT_ID is set/);
    expect(() => loadConfig({ KSF_LISTEN_HOST: 'a b' })).toThrow(ConfigError);
  });

  it('listens on loopback in local mode, everywhere when authenticated, where KSF_LISTEN_HOST says otherwise', () => {
    expect(loadConfig({})).toMatchObject({ listenHost: '127.0.0.1', exposedWithoutAuthentication: false });
    expect(loadConfig(authenticated)).toMatchObject({ listenHost: '0.0.0.0', exposedWithoutAuthentication: false });
    expect(loadConfig({ KSF_LISTEN_HOST: '0.0.0.0' })).toMatchObject({ listenHost: '0.0.0.0', exposedWithoutAuthentication: true });
  });

  it('the connector client refuses to send to a serviceUrl that is not allowed (a stored or forged reference), without a request', async () => {
    const client = new ConnectorClient(loadConfig({}));
    const t0 = Date.now();
    const err = await client
      .send({ serviceUrl: 'http://192.0.2.1:9/', conversation: { id: 'a:x' } as never }, { type: 'message', text: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toBe('serviceUrl not allowed');
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
