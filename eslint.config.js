// `npm run lint`: ESLint's and typescript-eslint's recommended rules, and no import cycles.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// the globals of Node that the plain-JavaScript scripts use (TypeScript checks its own files)
const NODE_GLOBALS = Object.fromEntries(
  'process console Buffer URL URLSearchParams fetch setTimeout clearTimeout setInterval clearInterval setImmediate structuredClone AbortController TextEncoder TextDecoder performance require module __filename __dirname globalThis'
    .split(' ')
    .map((g) => [g, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'appPackage/build/**', 'devTools/**', '.localConfigs/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: NODE_GLOBALS },
    plugins: { 'import-x': importX },
    settings: {
      // reads the imports of the TypeScript files a file imports (without it no cycle through a .ts file is seen)
      'import-x/extensions': ['.ts', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // resolves the `.js` specifiers of TypeScript ESM to their `.ts` files
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // the one-way house: identity and the app know no feature's internals (app.ts only registers the list);
      // the domain knows no Teams, HTTP, store or feature
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/identity', from: './src/features' },
            { target: './src/app.ts', from: './src/features', except: ['./index.ts'] },
            { target: './src/domain', from: ['./src/features', './src/store', './src/http', './src/outbox', './src/identity', './src/app.ts', './src/bot.ts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // the store is asynchronous: a promise nobody awaits is a read or write whose failure nobody sees
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // tests walk the JSON of cards and activities, whose shape is what they check
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
