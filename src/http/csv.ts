import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { stripInvisible } from '../domain/free-text.js';

/**
 * Rows as CSV the way Norwegian Excel opens it: UTF-8 with BOM, `;` between fields, CRLF line
 * ends. Every export goes through here, so no cell a person typed can run in Excel: a cell that
 * starts with `= + - @`, a tab or CR (or their full-width forms) gets a leading `'` (csv-stringify's
 * `escape_formulas`), and invisible bidi/zero-width characters are removed.
 */
export function excelCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((r) => r.map((cell) => stripInvisible(cell))),
    { delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /[;"\n\r]/, escape_formulas: true },
  );
}

/** Sends a CSV download (already BOM-prefixed) with a file name. */
export function sendCsv(res: ServerResponse, filename: string, csv: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(csv);
}
