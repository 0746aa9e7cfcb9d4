import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${start}`);
    dir = up;
  }
  return dir;
}

/** The project folder (works from `src/` under tsx/vitest and from `dist/src/` after a build). */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const CARDS_DIR = join(PROJECT_ROOT, 'cards');
export const DEMO_DIRECTORY = join(PROJECT_ROOT, 'src', 'directory', 'demo-directory.json');
export const LOCALES_DIR = join(PROJECT_ROOT, 'src', 'i18n', 'locales');
