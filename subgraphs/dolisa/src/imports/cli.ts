import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ImportReport } from './service';
import { REVIEW_IMPORT_PATH } from './http';
import { reviewTemplate } from './template';

/**
 * `pnpm import:reviews <file.xlsx|csv> --year 2025`: uploads a commune's annual-review file to the DOLISA subgraph
 * (DOLISA_URL, default http://localhost:4001) with the officer's token (GRAPH_TOKEN or --token), shows a progress
 * bar while it is imported, then the result or every bad row. `pnpm import:reviews --template [file.xlsx]` writes
 * the template. (Not `pnpm import`: that is a pnpm built-in.)
 */
const USAGE = `Usage:
  pnpm import:reviews <file.xlsx|file.csv> [--year 2025] [--url http://localhost:4001] [--token <JWT>]
  pnpm import:reviews --template [mau-ra-soat.xlsx]
The token comes from --token or GRAPH_TOKEN (mint one with: pnpm run token --department DOLISA --role officer --area 58).`;

const PHASES = ['uploading', 'parsed', 'staged', 'checked', 'applied'] as const;

function bar(phase: string, rows: number | null): void {
  if (!process.stderr.isTTY) {
    process.stderr.write(`${phase}${rows === null ? '' : ` (${rows} rows)`}\n`);
    return;
  }
  const done = PHASES.indexOf(phase as (typeof PHASES)[number]) + 1;
  const width = 30;
  const filled = Math.round((done / PHASES.length) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${phase.padEnd(10)}${rows === null ? '' : ` ${rows} rows`}   `);
}

function printReport(report: ImportReport): void {
  if (report.accepted) {
    console.log(`Imported ${report.rows} rows: ${report.recorded} recorded, ${report.corrected} corrected, ${report.unchanged} unchanged.`);
    return;
  }
  console.error(`Nothing was written: ${report.problems.length} problem(s) in ${report.rows} rows. Fix them and import the file again.`);
  for (const p of report.problems) console.error(`  row ${p.row}, ${p.column}${p.value === null ? '' : ` = "${p.value}"`}: ${p.reason} (${p.code})`);
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: { year: { type: 'string' }; url: { type: 'string' }; token: { type: 'string' }; template: { type: 'boolean' }; help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      options: { year: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, template: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.template) {
    const out = positionals[0] ?? 'mau-ra-soat.xlsx';
    writeFileSync(out, await reviewTemplate());
    console.log(`Wrote the review template to ${out}`);
    return 0;
  }
  const file = positionals[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const token = values.token ?? process.env.GRAPH_TOKEN;
  if (!token) {
    console.error(`No token: pass --token or set GRAPH_TOKEN.\n${USAGE}`);
    return 2;
  }
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) {
    console.error(`--year must be a year such as 2025, got "${values.year}"`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const base = (values.url ?? process.env.DOLISA_URL ?? 'http://localhost:4001').replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  const target = new URL(`${base}${REVIEW_IMPORT_PATH}`);
  if (values.year) target.searchParams.set('year', values.year);
  bar('uploading', null);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson', 'content-type': file.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' },
      body: bytes,
    });
  } catch (error) {
    console.error(`\nCannot reach ${target.origin}: ${(error as Error).message}`);
    return 2;
  }
  if (!response.headers.get('content-type')?.includes('ndjson')) {
    const body = await response.text();
    console.error(`\nThe upload was refused (HTTP ${response.status}): ${body}`);
    return 2;
  }
  let report: ImportReport | undefined;
  let pending = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += Buffer.from(chunk).toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = JSON.parse(pending.slice(0, newline)) as { phase?: string; rows?: number; report?: ImportReport };
      pending = pending.slice(newline + 1);
      if (line.phase) bar(line.phase, line.rows ?? null);
      if (line.report) report = line.report;
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (!report) {
    console.error('The import ended without a report: nothing is known to be written; check the DOLISA subgraph log.');
    return 2;
  }
  printReport(report);
  return report.accepted ? 0 : 1;
}

process.exit(await main());
