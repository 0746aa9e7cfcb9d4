/** The sha-256 of what the bundle in dist/ is built from (see source-hash.mjs). */
export function sourceHash(root: string): string;
