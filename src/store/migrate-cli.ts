// npm run store:migrate -- --to postgres://… [--from data/ksf.json] [--overwrite] [--batch-size 1000]
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { checkDatabaseUrl } from '../domain/database-url.js';
import { migrateJsonToPg, type MigrationReport } from './migrate-to-pg.js';

const USAGE = 'Usage: npm run store:migrate -- --to postgres://user:password@host:5432/db [--from path/to/ksf.json] [--overwrite] [--batch-size 1000]';

/** Exit codes: 0 every count agrees, 1 an error or a count that does not, 2 records differ (nothing written; see --overwrite). */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = values.from && values.to ? undefined : loadConfig();
  const from = values.from ?? config!.storePath;
  const to = values.to ?? config!.databaseUrl;
  if (!to) throw new Error(`Name the PostgreSQL database with --to (or set KSF_DATABASE_URL). ${USAGE}`);
  const url = checkDatabaseUrl(to);
  if (!url.ok) throw new Error(`--to ${url.problem}`);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error('--batch-size must be a whole number from 1 to 10000');
  const report = await migrateJsonToPg({ from, to, overwrite: values.overwrite, batchSize, log: (line) => console.log(line) });
  print(report);
  return report.stopped ? 2 : report.ok ? 0 : 1;
}

function print(report: MigrationReport): void {
  const head = ['collection', 'JSON', 'new', 'unchanged', 'differing', 'written', 'PostgreSQL', ''];
  const rows = report.collections.map((r) => [
    r.collection,
    ...[r.json, r.added, r.unchanged, r.differing, r.written, r.pg].map(String),
    r.ok ? 'ok' : 'MISMATCH',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const sum = (f: (r: (typeof report.collections)[number]) => number) => report.collections.reduce((n, r) => n + f(r), 0);
  const raised = sum((r) => r.raised);
  console.log('');
  console.log(
    `${sum((r) => r.added)} new, ${sum((r) => r.unchanged)} unchanged, ${sum((r) => r.differing)} differing, ${sum((r) => r.written)} written${raised ? ` (${raised} counters raised)` : ''}.`,
  );
  if (report.differences.length) {
    console.log('');
    console.log(`${report.differences.length} records differ in PostgreSQL from the JSON store:`);
    for (const d of report.differences.slice(0, 50)) console.log(`  ${d.collection}/${d.id}: ${d.fields.join(', ')}`);
    if (report.differences.length > 50) console.log(`  … and ${report.differences.length - 50} more`);
    console.log(
      report.stopped
        ? 'Nothing was written. Run again with --overwrite to replace them with the JSON store’s version.'
        : 'They were replaced with the JSON store’s version (--overwrite).',
    );
  }
  const bad = report.collections.filter((r) => !r.ok);
  if (!report.stopped) {
    console.log(
      bad.length
        ? `The counts do not agree for ${bad.map((r) => r.collection).join(', ')}: the database holds records the JSON store does not, or a write was lost.`
        : `Every count agrees: ${report.from} is in ${report.to}.`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    console.error(`store:migrate failed: ${err.message}`);
    process.exitCode = 1;
  },
);
