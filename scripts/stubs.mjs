// The language-model parts that the bundle leaves out (see build.mjs), and the check that nothing
// this bot runs can reach them: each module that imports one must be on the list below, with the
// reason it is never called, or the build fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Packages replaced by a stub that throws when called. */
export const STUBBED = /^(gpt-tokenizer|openai|@microsoft\/recognizers-text[a-z-]*)(\/.*)?$/;

/** The modules allowed to import a stub, each with why it is never called here. */
export const ALLOWED_IMPORTERS = [
  {
    path: /(^|\/)node_modules\/botbuilder-dialogs\/lib\/(choices\/recognizeChoices|prompts\/(promptCultureModels|confirmPrompt|datetimePrompt|numberPrompt))\.js$/,
    why: "botbuilder-dialogs' prompts and choice recognition: this bot runs no dialogs",
  },
  {
    path: /(^|\/)node_modules\/adaptive-expressions\/lib\/(functionUtils\.internal|builtinFunctions\/(dateReadBack|getNextViableDate|getNextViableTime|getPreviousViableDate|getPreviousViableTime|timexResolve))\.js$/,
    why: 'the timex functions of card template expressions: no template calls one (checked by timexCalls)',
  },
];

/** The template-expression functions of adaptive-expressions that reach the stubbed timex parser. */
export const TIMEX_FUNCTIONS = [
  'dateReadBack',
  'getNextViableDate',
  'getNextViableTime',
  'getPreviousViableDate',
  'getPreviousViableTime',
  'isDate',
  'isDateRange',
  'isDefinite',
  'isDuration',
  'isPresent',
  'isTime',
  'isTimeRange',
  'timexResolve',
];

/** esbuild plugin: each stubbed package becomes a stub whose properties read but whose calls throw. */
export const unusedPlugin = {
  name: 'unused',
  setup(b) {
    b.onResolve({ filter: STUBBED }, (args) => ({ path: args.path, namespace: 'unused' }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      loader: 'js',
      contents: `
        const name = ${JSON.stringify(args.path)};
        const fail = () => { throw new Error(name + ' is not part of the KSF bot build (scripts/build.mjs)'); };
        // Reading properties works (modules that use it keep loading); calling or constructing fails.
        const stub = new Proxy(function unused() {}, {
          get: (_t, p) => (p === '__esModule' ? false : p === 'prototype' ? {} : p === Symbol.toPrimitive ? () => name : stub),
          apply: fail,
          construct: fail,
        });
        module.exports = stub;`,
    }));
  },
};

/** The shortest import chain from an entry point to `target`, over esbuild's metafile. */
function chainTo(metafile, target) {
  const entries = Object.keys(metafile.inputs).filter((p) => !Object.values(metafile.inputs).some((i) => i.imports.some((x) => x.path === p)));
  const from = new Map(entries.map((e) => [e, undefined]));
  const queue = [...entries];
  while (queue.length) {
    const at = queue.shift();
    if (at === target) break;
    for (const { path } of metafile.inputs[at]?.imports ?? []) {
      if (from.has(path)) continue;
      from.set(path, at);
      queue.push(path);
    }
  }
  if (!from.has(target)) return [target];
  const chain = [];
  for (let p = target; p !== undefined; p = from.get(p)) chain.unshift(p);
  return chain;
}

/**
 * Every module in the bundle that imports a stub and is not on the allowlist, as a message that
 * names the stub, the importer and how the bot's entry reaches it. Empty when the bundle is sound.
 */
export function stubProblems(metafile, allowed = ALLOWED_IMPORTERS) {
  const problems = [];
  for (const [importer, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      if (!imp.path.startsWith('unused:')) continue;
      if (allowed.some((a) => a.path.test(importer))) continue;
      const stub = imp.path.slice('unused:'.length);
      problems.push(
        `${importer} imports ${stub}, which the bundle replaces by a stub that throws when called:\n    ${chainTo(metafile, importer).join('\n -> ')}\n -> ${stub}`,
      );
    }
  }
  return problems;
}

/** Card templates (JSON files in `dir`) whose expressions call a timex function, which would throw. */
export function timexCalls(dir) {
  const pattern = new RegExp(`\\b(${TIMEX_FUNCTIONS.join('|')})\\s*\\(`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const m = pattern.exec(readFileSync(join(dir, f), 'utf8'));
      return m ? [`cards/${f} calls ${m[1]}(), which needs the timex parser the bundle leaves out`] : [];
    });
}
