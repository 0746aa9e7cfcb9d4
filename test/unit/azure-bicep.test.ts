import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';

// No Bicep CLI on this machine (it comes from NuGet or a download): the template is read as text, its
// parameters and resources picked out, and checked against the parameter file and the env files.
const bicep = readFileSync('infra/azure.bicep', 'utf8');
const parameterFile = JSON.parse(readFileSync('infra/azure.parameters.json', 'utf8')) as { parameters: Record<string, { value: unknown }> };
const envDev = readFileSync('env/.env.dev', 'utf8');
const toolkit = readFileSync('m365agents.yml', 'utf8');

interface Param {
  type: string;
  defaultValue?: string;
  decorators: string[];
}

const params = new Map<string, Param>();
for (const m of bicep.matchAll(/^((?:@.*\n)*)param (\w+) (\w+)(?: = (.+))?$/gm))
  params.set(m[2], { decorators: m[1].split('\n').filter(Boolean), type: m[3], defaultValue: m[4] });

interface Resource {
  type: string;
  condition?: string;
  body: string;
}

const resources = new Map<string, Resource>();
for (const m of bicep.matchAll(/^resource (\w+) '([^']+)' = (?:if \((.+)\) )?\{\n([\s\S]*?)^\}$/gm))
  resources.set(m[1], { type: m[2], condition: m[3], body: m[4] });

const resourceOf = (type: string): Resource => {
  const found = [...resources.values()].filter((r) => r.type.split('@')[0] === type);
  expect(found, type).toHaveLength(1);
  return found[0];
};
const variable = (name: string): string => {
  const m = new RegExp(`^var ${name} = ([\\s\\S]*?)\\n(?=\\n|var |resource |output |//)`, 'm').exec(bicep);
  expect(m, `var ${name}`).not.toBeNull();
  return m![1];
};
const allowed = (p: Param): string[] | undefined => {
  const d = p.decorators.find((x) => x.startsWith('@allowed('));
  return d ? [...d.matchAll(/'([^']*)'/g)].map((x) => x[1]) : undefined;
};

describe('the Azure template (infra/azure.bicep)', () => {
  it('stores in PostgreSQL by default and keeps the JSON store possible', () => {
    const storeKind = params.get('storeKind')!;
    expect(storeKind.defaultValue).toBe("'postgres'");
    expect(allowed(storeKind)).toEqual(['postgres', 'json']);
    expect(bicep).toMatch(/^var usePostgres = storeKind == 'postgres'$/m);
  });

  it('creates a PostgreSQL 15/16 Flexible Server (B1ms or D2s), 7 days of backups, geo-redundancy off unless asked', () => {
    const server = resourceOf('Microsoft.DBforPostgreSQL/flexibleServers');
    expect(server.condition).toBe('usePostgres');
    expect(params.get('dbVersion')!.defaultValue).toMatch(/^'1[56]'$/);
    expect(allowed(params.get('dbVersion')!)!.every((v) => ['15', '16'].includes(v))).toBe(true);
    expect(server.body).toMatch(/^\s+version: dbVersion$/m);
    expect(params.get('dbSku')!.defaultValue).toBe("'Standard_B1ms'");
    expect(allowed(params.get('dbSku')!)).toEqual(expect.arrayContaining(['Standard_B1ms', 'Standard_D2s_v3']));
    expect(server.body).toMatch(/name: dbSku/);
    expect(server.body).toMatch(/tier: startsWith\(dbSku, 'Standard_B'\) \? 'Burstable' : 'GeneralPurpose'/);
    expect(server.body).toMatch(/backupRetentionDays: 7\b/);
    expect(params.get('dbGeoRedundantBackup')).toMatchObject({ type: 'bool', defaultValue: 'false' });
    expect(server.body).toMatch(/geoRedundantBackup: dbGeoRedundantBackup \? 'Enabled' : 'Disabled'/);
  });

  it('takes the admin password as a secure parameter and uses it only for the server and the database URL', () => {
    expect(params.get('dbAdminPassword')!.decorators).toContain('@secure()');
    expect(resourceOf('Microsoft.DBforPostgreSQL/flexibleServers').body).toMatch(/administratorLoginPassword: dbAdminPassword$/m);
    const uses = bicep.split('\n').filter((l) => /\bdbAdminPassword\b/.test(l) && !/^param |^@/.test(l));
    expect(uses).toHaveLength(2);
    expect(bicep).not.toMatch(/^output .*dbAdminPassword/m);
  });

  it('creates the database ksf and lets Azure services through the firewall', () => {
    const db = resourceOf('Microsoft.DBforPostgreSQL/flexibleServers/databases');
    expect(db.condition).toBe('usePostgres');
    expect(db.body).toMatch(/parent: postgres/);
    expect(bicep).toMatch(/^var databaseName = 'ksf'$/m);
    expect(db.body).toMatch(/name: databaseName/);
    const fw = resourceOf('Microsoft.DBforPostgreSQL/flexibleServers/firewallRules');
    expect(fw.condition).toBe('usePostgres');
    expect(fw.body).toMatch(/startIpAddress: '0\.0\.0\.0', endIpAddress: '0\.0\.0\.0'/);
  });

  it('runs instanceCount instances (default 2) with PostgreSQL and always one with the JSON store', () => {
    expect(params.get('instanceCount')).toMatchObject({ type: 'int', defaultValue: '2' });
    expect(resourceOf('Microsoft.Web/serverfarms').body).toMatch(/capacity: usePostgres \? instanceCount : 1$/m);
  });

  it('gives the web app KSF_DATABASE_URL from the server FQDN with sslmode=require, or KSF_STORE for the JSON store', () => {
    const web = resourceOf('Microsoft.Web/sites');
    expect(web.body).toMatch(/siteConfig: siteConfig/);
    expect(web.body).toMatch(/dependsOn: \[database, allowAzureServices\]/);
    const siteConfig = variable('siteConfig');
    expect(siteConfig).toContain("linuxFxVersion: 'NODE|24-lts'");
    expect(siteConfig).toContain('appSettings: concat(commonSettings, storeSettings)');
    const [postgresSettings, jsonSettings] = variable('storeSettings').split(/^\] : \[$/m);
    expect(postgresSettings).toMatch(/^usePostgres \? \[/);
    expect(postgresSettings).toContain("name: 'KSF_DATABASE_URL'");
    expect(postgresSettings).toContain(
      "value: 'postgres://${uriComponent(dbAdminLogin)}:${uriComponent(dbAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'",
    );
    expect(postgresSettings).toContain("{ name: 'KSF_DB_POOL_SIZE', value: string(dbPoolSize) }");
    expect(postgresSettings).not.toContain('KSF_STORE');
    expect(jsonSettings).toContain("{ name: 'KSF_STORE', value: '/home/data/ksf.json' }");
    expect(jsonSettings).not.toContain('KSF_DATABASE_URL');
    const common = variable('commonSettings');
    for (const name of ['NODE_ENV', 'BOT_ID', 'BOT_PASSWORD', 'KSF_ALLOWED_TENANTS', 'WEBSITES_ENABLE_APP_SERVICE_STORAGE'])
      expect(common).toContain(`name: '${name}'`);
  });

  it('has a staging slot only on request and only with PostgreSQL (a slot on the JSON store would fight over its lock)', () => {
    const slot = resourceOf('Microsoft.Web/sites/slots');
    expect(slot.condition).toBe('usePostgres && stagingSlot');
    expect(params.get('stagingSlot')).toMatchObject({ type: 'bool', defaultValue: 'false' });
    expect(slot.body).toMatch(/siteConfig: siteConfig/);
  });

  it('gets every parameter from infra/azure.parameters.json with the right type and an allowed value', () => {
    const given = parameterFile.parameters;
    for (const [name, p] of params) if (p.defaultValue === undefined && name !== 'location') expect(given, `required ${name}`).toHaveProperty(name);
    for (const [name, { value }] of Object.entries(given)) {
      const p = params.get(name);
      expect(p, `${name} is not a parameter of azure.bicep`).toBeDefined();
      expect(typeof value, name).toBe({ string: 'string', int: 'number', bool: 'boolean' }[p!.type]);
      const values = allowed(p!);
      if (values && typeof value === 'string' && !value.includes('${{')) expect(values, name).toContain(value);
    }
    expect(given.dbAdminPassword.value).toBe('${{SECRET_KSF_DB_ADMIN_PASSWORD}}');
  });

  it('fills every ${{VAR}} of the parameter file from env/.env.dev, its .user file (secrets, named there) or the toolkit', () => {
    const written = [...toolkit.matchAll(/^\s+\w+: (\w+)$/gm)].map((m) => m[1]);
    for (const [, v] of JSON.stringify(parameterFile).matchAll(/\$\{\{(\w+)\}\}/g)) {
      if (v.startsWith('SECRET_')) expect(envDev, `${v} named in env/.env.dev's comment`).toMatch(new RegExp(`^#\\s+${v}=`, 'm'));
      else expect(new RegExp(`^${v}=`, 'm').test(envDev) || written.includes(v), `${v} in env/.env.dev or written by m365agents.yml`).toBe(true);
    }
  });
});
