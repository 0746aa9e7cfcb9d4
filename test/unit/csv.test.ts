import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { excelCsv } from '../../src/http/csv.js';
import { formulaCells, parseCsv } from '../support/csv.js';

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

describe('CSV for Excel', () => {
  it('is written in one place: no other module builds CSV', () => {
    const src = join(import.meta.dirname, '../../src');
    const writers = files(src)
      .filter((f) => f.endsWith('.ts') && readFileSync(f, 'utf8').includes('csv-stringify'))
      .map((f) => f.slice(src.length + 1));
    expect(writers).toEqual(['http/csv.ts']);
  });

  it('turns every formula start into text and keeps the rest as typed', () => {
    const cells = ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', '\uFF1D1', 'KB-2026-0001', '1. des. 2026', 'a;b', 'sa "hei"', 'a\u202Eb\u200Bc'];
    const csv = excelCsv([cells]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [row] = parseCsv(csv);
    expect(formulaCells([row])).toEqual([]);
    expect(row).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", "'\uFF1D1", 'KB-2026-0001', '1. des. 2026', 'a;b', 'sa "hei"', 'abc']);
  });
});
