import { readFileSync } from 'node:fs';
import { directorySchema, crossCheck } from './schema.js';
import { Directory } from './directory.js';

export class DirectoryError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: string[],
  ) {
    super(`The organisation file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DirectoryError';
  }
}

function pathOf(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Parses and validates an organisation document; problems name their path inside it. */
export function parseDirectory(json: unknown, file = '(directory)'): Directory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) {
    throw new DirectoryError(
      file,
      parsed.error.issues.map((i) => `${pathOf(i.path) || '(top level)'}: ${i.message}`),
    );
  }
  const problems = crossCheck(parsed.data);
  if (problems.length) throw new DirectoryError(file, problems);
  return new Directory(parsed.data);
}

/** Reads the organisation file (KSF_DIRECTORY). */
export function loadDirectory(file: string): Directory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DirectoryError(file, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DirectoryError(file, [`not valid JSON (${(err as Error).message})`]);
  }
  return parseDirectory(json, file);
}
