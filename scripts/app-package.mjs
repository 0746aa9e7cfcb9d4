// Builds the Teams app package: fills ${{VARS}} from env/.env.<name> (+ .user), validates the
// manifest offline against its bundled JSON schema, and zips manifest, localisations and icons.
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'appPackage');

export function readEnv(name) {
  const vars = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const path = join(ROOT, 'env', file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
      if (m) vars[m[1]] = m[2];
    }
  }
  return vars;
}

export function fill(text, vars) {
  return text.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_, k) => {
    if (!vars[k]) throw new Error(`appPackage: ${k} is not set (env/.env.<name> or its .user file)`);
    return vars[k];
  });
}

/** Returns { manifest, files, errors } for the given variables. */
export async function buildPackage(vars) {
  const manifest = JSON.parse(fill(readFileSync(join(PKG, 'manifest.json'), 'utf8'), vars));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  const files = ['manifest.json', manifest.icons.color, manifest.icons.outline, ...manifest.localizationInfo.additionalLanguages.map((l) => l.file)];
  for (const f of files) if (!existsSync(join(PKG, f))) errors.push(`appPackage/${f} is missing`);
  return { manifest, files, errors };
}

async function main() {
  const name = process.argv[2] ?? 'playground';
  const vars = readEnv(name);
  if (!vars.BOT_ID) vars.BOT_ID = '00000000-0000-0000-0000-000000000000';
  const { manifest, files, errors } = await buildPackage(vars);
  if (errors.length) {
    console.error(`The app manifest is not valid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  const zip = new AdmZip();
  for (const f of files) {
    const content = f === 'manifest.json' ? Buffer.from(JSON.stringify(manifest, null, 2)) : readFileSync(join(PKG, f));
    zip.addFile(f, content);
  }
  mkdirSync(join(PKG, 'build'), { recursive: true });
  const out = join(PKG, 'build', `appPackage.${name}.zip`);
  zip.writeZip(out);
  console.log(`Wrote ${out} (${files.length} files, manifest v${manifest.manifestVersion}, app id ${manifest.id})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
