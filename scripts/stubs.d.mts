/** See stubs.mjs. */
export const STUBBED: RegExp;
export const ALLOWED_IMPORTERS: { path: RegExp; why: string }[];
export const TIMEX_FUNCTIONS: string[];
export const unusedPlugin: import('esbuild').Plugin;
export function stubProblems(metafile: import('esbuild').Metafile, allowed?: { path: RegExp; why: string }[]): string[];
export function timexCalls(dir: string): string[];
