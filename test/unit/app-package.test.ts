import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM build script without types
import { buildPackage, localisationErrors, ROOT } from '../../scripts/app-package.mjs';
import { catalogs, type MessageKey } from '../../src/i18n/index.js';
import { command } from '../../src/features/commands.js';
import { SEARCH_COMMAND, SEARCH_PARAMETER } from '../../src/features/share/schemas.js';

const vars = { TEAMS_APP_ID: '0b8e1a6c-4f3d-4e2a-9b7c-1d2e3f4a5b6c', BOT_ID: '3f1c8a52-6d2e-4b7a-9c10-5e8f7a6b4c21' };

function pngSize(file: string): { width: number; height: number; alpha: boolean } {
  const b = readFileSync(join(ROOT, 'appPackage', file));
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), alpha: b[25] === 6 };
}

describe('the Teams app package', () => {
  it('validates offline against the manifest schema', async () => {
    const { manifest, errors } = await buildPackage(vars);
    expect(errors).toEqual([]);
    expect(manifest.bots[0].botId).toBe(vars.BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team']);
    // read receipts in the 1:1 chat reach the bot only with this resource-specific consent
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({ name: 'ChatMessageReadReceipt.Read.Chat', type: 'Application' });
  });

  it('reports a broken manifest in words', async () => {
    await expect(buildPackage({ TEAMS_APP_ID: vars.TEAMS_APP_ID })).rejects.toThrow('BOT_ID is not set');
  });

  it('has icons of the sizes Teams requires', () => {
    expect(pngSize('color.png')).toMatchObject({ width: 192, height: 192 });
    expect(pngSize('outline.png')).toEqual({ width: 32, height: 32, alpha: true });
  });

  it('has nynorsk and English localisations for every localisable string', async () => {
    const { manifest } = await buildPackage(vars);
    for (const file of ['nn-no.json', 'en-us.json']) {
      const loc = JSON.parse(readFileSync(join(ROOT, 'appPackage', file), 'utf8'));
      expect(Object.keys(loc)).toEqual(expect.arrayContaining(['name.short', 'name.full', 'description.short', 'description.full']));
      manifest.bots[0].commandLists.forEach((list: { commands: unknown[] }, l: number) => {
        for (let i = 0; i < list.commands.length; i++) {
          expect(loc[`bots[0].commandLists[${l}].commands[${i}].title`]).toBeTruthy();
          expect(loc[`bots[0].commandLists[${l}].commands[${i}].description`]).toBeTruthy();
        }
      });
      expect(loc['description.short'].length).toBeLessThanOrEqual(80);
      expect(localisationErrors(file, manifest.manifestVersion)).toEqual([]);
    }
  });

  type Command = { title: string; description: string };
  const menu = async (scope: string): Promise<Command[]> => {
    const { manifest } = await buildPackage(vars);
    return manifest.bots[0].commandLists.find((l: { scopes: string[] }) => l.scopes.includes(scope)).commands;
  };
  // What Teams types for each menu entry, in each manifest language, must be a command the bot knows.
  const titlesIn = async (scope: string) => {
    const { manifest } = await buildPackage(vars);
    const l = manifest.bots[0].commandLists.findIndex((x: { scopes: string[] }) => x.scopes.includes(scope));
    const nb = (await menu(scope)).map((c) => c.title);
    const loc = (file: string) => JSON.parse(readFileSync(join(ROOT, 'appPackage', file), 'utf8'));
    const nn = nb.map((_, i) => loc('nn-no.json')[`bots[0].commandLists[${l}].commands[${i}].title`]);
    const en = nb.map((_, i) => loc('en-us.json')[`bots[0].commandLists[${l}].commands[${i}].title`]);
    return { nb, nn, en };
  };
  const keyOf = (lang: 'nb' | 'nn' | 'en', title: string) =>
    (Object.keys(catalogs[lang]) as MessageKey[]).find((k) => k.startsWith('command.') && catalogs[lang][k] === title && command(k).test(title));

  it('lists the core commands in the personal command menu, each a command the bot understands in nb, nn and en', async () => {
    const { nb, nn, en } = await titlesIn('personal');
    expect(nb.length).toBeLessThanOrEqual(10);
    expect(nb).toEqual(['hjelp', 'nytt behov', 'mine behov', 'behov', 'utlysninger', 'åpne utlysninger', 'deltakelse', 'klynge', 'mine data', 'språk']);
    nb.forEach((t, i) => {
      const key = keyOf('nb', t);
      expect(key, t).toBeDefined();
      expect(nn[i]).toBe(catalogs.nn[key!]);
      expect(en[i]).toBe(catalogs.en[key!]);
    });
    expect(en).toContain('new need');
    expect(nn).toContain('opne utlysingar');
  });

  it('keeps personal commands out of the team menu (a channel is not the place for "mine data")', async () => {
    const { nb, nn, en } = await titlesIn('team');
    expect(nb.length).toBeGreaterThan(1);
    expect(nb.length).toBeLessThanOrEqual(10);
    for (const [lang, titles] of [
      ['nb', nb],
      ['nn', nn],
      ['en', en],
    ] as const)
      for (const t of titles) expect(keyOf(lang, t), t).toBeDefined();
    for (const personal of ['mine data', 'mine behov', 'meg', 'nytt behov']) expect(nb).not.toContain(personal);
    expect(nb).toContain('hjelp');
  });

  it('has a search message extension for the bot, its command and parameter in nb, nn and en, the one the bot answers', async () => {
    const { manifest, errors } = await buildPackage(vars);
    expect(errors).toEqual([]);
    const [ext] = manifest.composeExtensions;
    expect(ext.botId).toBe(vars.BOT_ID);
    const [cmd] = ext.commands;
    expect(cmd).toMatchObject({ id: SEARCH_COMMAND, type: 'query', title: 'Kunnskapsbehov' });
    expect(cmd.parameters.map((p: { name: string }) => p.name)).toEqual([SEARCH_PARAMETER]);
    for (const file of ['nn-no.json', 'en-us.json']) {
      const loc = JSON.parse(readFileSync(join(ROOT, 'appPackage', file), 'utf8'));
      for (const key of ['commands[0].title', 'commands[0].description', 'commands[0].parameters[0].title', 'commands[0].parameters[0].description'])
        expect(loc[`composeExtensions[0].${key}`], `${file} ${key}`).toBeTruthy();
    }
  });

  it("unfurls links to the bot's own domain when BOT_DOMAIN is set, and leaves the link handler out without it", async () => {
    const withDomain = await buildPackage({ ...vars, BOT_DOMAIN: 'ksf-bot.azurewebsites.net' });
    expect(withDomain.errors).toEqual([]);
    expect(withDomain.manifest.composeExtensions[0].messageHandlers).toEqual([{ type: 'link', value: { domains: ['ksf-bot.azurewebsites.net'] } }]);
    const without = await buildPackage(vars);
    expect(without.errors).toEqual([]);
    expect(without.manifest.composeExtensions[0].messageHandlers).toBeUndefined();
  });
});
