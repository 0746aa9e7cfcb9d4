// Builds the Teams app package: fills ${{VARS}} from env/.env.<name> (+ .user), validates the
// manifest and its localisation files offline against their bundled JSON schemas, and zips
// manifest, localisations and icons.
//
//   npm run package [env]        env/.env.<env> (default dev); refuses when a key is missing
//   npm run package playground   a package for the Agents Playground: an empty BOT_ID becomes a
//                                zero id, which Teams itself refuses (also: --playground)
import { readFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'appPackage');
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

/** Where the environments live (`APP_PACKAGE_ENV_DIR` lets the tests use their own). */
const ENV_DIR = process.env.APP_PACKAGE_ENV_DIR || join(ROOT, 'env');

export function readEnv(name) {
  const vars = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const path = join(ENV_DIR, file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
      if (m) vars[m[1]] = m[2];
    }
  }
  return vars;
}

/**
 * Keys a package may go without: with no BOT_DOMAIN (local, Playground) the bot's links to a need
 * are not unfurled, and the link handler is left out of the manifest.
 */
const OPTIONAL_KEYS = ['BOT_DOMAIN'];

export function fill(text, vars) {
  return text.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_, k) => {
    if (!vars[k] && OPTIONAL_KEYS.includes(k)) return '';
    if (!vars[k]) throw new Error(`appPackage: ${k} is not set (env/.env.<name> or its .user file)`);
    return vars[k];
  });
}

/** The ${{KEYS}} the manifest needs that `vars` leaves empty. */
export function missingKeys(vars) {
  const keys = [...readFileSync(join(PKG, 'manifest.json'), 'utf8').matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]);
  return [...new Set(keys)].filter((k) => !vars[k] && !OPTIONAL_KEYS.includes(k));
}

/**
 * Problems of a localisation file against the bundled MicrosoftTeams.Localization schema of the
 * manifest's version: every key must be one the schema names (exactly or by pattern), every value
 * a string within its maxLength. (The schema is flat: that is all it says.)
 */
export function localisationErrors(file, manifestVersion) {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const schema = JSON.parse(
    readFileSync(join(dir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.Localization.schema.json'), 'utf8'),
  );
  const loc = JSON.parse(readFileSync(join(PKG, file), 'utf8'));
  const errors = [];
  for (const [key, value] of Object.entries(loc)) {
    if (key === '$schema') continue;
    const rule = schema.properties?.[key] ?? Object.entries(schema.patternProperties ?? {}).find(([re]) => new RegExp(re).test(key))?.[1];
    if (!rule) errors.push(`appPackage/${file}: "${key}" is not a localisable key`);
    else if (typeof value !== 'string') errors.push(`appPackage/${file}: "${key}" must be a string`);
    else if (rule.maxLength && value.length > rule.maxLength) errors.push(`appPackage/${file}: "${key}" is longer than ${rule.maxLength} characters`);
  }
  for (const key of schema.required ?? []) if (!(key in loc)) errors.push(`appPackage/${file}: "${key}" is missing`);
  return errors;
}

/** Drops link handlers whose domain was left empty (no BOT_DOMAIN), and a handler list left empty. */
function withoutEmptyLinkHandlers(manifest) {
  for (const ext of manifest.composeExtensions ?? []) {
    if (!ext.messageHandlers) continue;
    for (const h of ext.messageHandlers) if (h.value?.domains) h.value.domains = h.value.domains.filter(Boolean);
    ext.messageHandlers = ext.messageHandlers.filter((h) => h.type !== 'link' || h.value?.domains?.length);
    if (!ext.messageHandlers.length) delete ext.messageHandlers;
  }
  return manifest;
}

/** Returns { manifest, files, errors } for the given variables. */
export async function buildPackage(vars) {
  const manifest = withoutEmptyLinkHandlers(JSON.parse(fill(readFileSync(join(PKG, 'manifest.json'), 'utf8'), vars)));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  const languages = manifest.localizationInfo.additionalLanguages.map((l) => l.file);
  const files = ['manifest.json', manifest.icons.color, manifest.icons.outline, ...languages];
  for (const f of files) if (!existsSync(join(PKG, f))) errors.push(`appPackage/${f} is missing`);
  for (const f of languages) if (existsSync(join(PKG, f))) errors.push(...localisationErrors(f, manifest.manifestVersion));
  return { manifest, files, errors };
}

function refuse(message) {
  console.error(message);
  process.exit(1);
}

async function main() {
  const args = process.argv.slice(2);
  // `npm run package --playground` arrives as npm's config, not as an argument
  const forPlayground = args.includes('--playground') || process.env.npm_config_playground === 'true';
  const name = args.find((a) => !a.startsWith('-')) ?? (forPlayground ? 'playground' : 'dev');
  const zeroBotId = forPlayground || name === 'playground';
  const envFile = `env/.env.${name}`;
  if (!existsSync(join(ENV_DIR, `.env.${name}`))) {
    const known = readdirSync(ENV_DIR)
      .map((f) => /^\.env\.([a-z0-9-]+)$/.exec(f)?.[1])
      .filter(Boolean);
    refuse(`${envFile} does not exist. Environments: ${known.join(', ')} (npm run package <environment>).`);
  }
  const vars = readEnv(name);
  if (!vars.BOT_ID && zeroBotId) vars.BOT_ID = ZERO_ID;
  const missing = missingKeys(vars);
  if (missing.length) {
    const lines = missing.map((k) =>
      k === 'BOT_ID'
        ? `  - BOT_ID is empty: a package without a bot id cannot be uploaded to Teams. Set it to the bot's Entra app id, or build a package for the Agents Playground only: npm run package playground`
        : `  - ${k} is not set`,
    );
    refuse(
      `Cannot build the Teams app package for "${name}":\n${lines.join('\n')}\nPut the values in ${envFile} or ${envFile}.user (git-ignored, for secrets).`,
    );
  }
  const { manifest, files, errors } = await buildPackage(vars);
  if (errors.length) refuse(`The app manifest is not valid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  const zip = new AdmZip();
  for (const f of files) {
    const content = f === 'manifest.json' ? Buffer.from(JSON.stringify(manifest, null, 2)) : readFileSync(join(PKG, f));
    zip.addFile(f, content);
  }
  mkdirSync(join(PKG, 'build'), { recursive: true });
  const out = join(PKG, 'build', `appPackage.${name}.zip`);
  zip.writeZip(out);
  console.log(`Wrote ${out} (${files.length} files, manifest v${manifest.manifestVersion}, app id ${manifest.id})`);
  if (manifest.bots[0].botId === ZERO_ID) console.log('The bot id is all zeros: this package is for the Agents Playground only; Teams will not accept it.');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
