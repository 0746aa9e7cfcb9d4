import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM build script without types
import { buildPackage, ROOT } from '../../scripts/app-package.mjs';

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
      const commands = manifest.bots[0].commandLists[0].commands.length;
      for (let i = 0; i < commands; i++) expect(loc[`bots[0].commandLists[0].commands[${i}].title`]).toBeTruthy();
      expect(loc['description.short'].length).toBeLessThanOrEqual(80);
    }
  });
});
