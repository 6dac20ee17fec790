import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { createWriteScope, inTransaction, openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { auditLog } from '../db/schema';
import { dolisa } from '../index';
import { seedDolisa } from '../seed';
import { importReviews, type ImportReport } from './service';
import { REVIEW_COLUMNS } from './template';

/**
 * The annual-review import at the province's size: a scratch database (DATABASE_URL's server, else embedded),
 * seeded at `scale`, then one review file for `year` with a row for every household on the registry, imported
 * three ways: with one bad row (nothing written, the row named), whole, and again (nothing changed).
 * `pnpm --filter @ntg/subgraph-dolisa measure:import [--scale 1] [--year 2025]`; `pnpm bench` runs it too.
 */
export interface ImportMeasure {
  backend: string;
  rows: number;
  bytes: number;
  badRow: { seconds: number; problems: number; firstProblem: string; assessmentsWritten: number };
  /** Seconds up to each phase's end: parsed, staged, checked, applied, then the commit. */
  whole: { seconds: number; recorded: number; corrected: number; unchanged: number; phases: Record<string, number> };
  again: { seconds: number; recorded: number; unchanged: number; assessmentsWritten: number };
}

const HEADER = REVIEW_COLUMNS.map((c) => c.header);
const at = (field: string) => REVIEW_COLUMNS.findIndex((c) => c.field === field);

/** One CSV row per household, incomes and deprivations drawn from the household id (repeatable, no PRNG state). */
function reviewFile(householdIds: readonly string[], year: number, badRowAt?: number): Buffer {
  const lines: string[] = [HEADER.join(',')];
  householdIds.forEach((id, index) => {
    let hash = 0;
    for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
    const cells = HEADER.map(() => '');
    cells[at('householdId')] = id;
    cells[at('year')] = String(year);
    cells[at('incomePerCapitaMonthly')] = index === badRowAt ? 'không rõ' : String(900_000 + (hash % 40) * 50_000);
    if (hash % 3 === 0) cells[at('NUTRITION')] = 'x';
    if (hash % 5 === 0) cells[at('HOUSING_AREA')] = 'x';
    if (hash % 7 === 0) cells[at('DOMESTIC_WATER')] = 'x';
    cells[at('assessedOn')] = `${year}-10-${String(1 + (hash % 28)).padStart(2, '0')}`;
    lines.push(cells.join(','));
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function measureReviewImport(options: { scale: number; year: number; log?: (line: string) => void }): Promise<ImportMeasure> {
  const log = options.log ?? (() => {});
  const subgraph = await openTestSubgraph(dolisa);
  try {
    log(`seeding DOLISA at scale ${options.scale} (${subgraph.database.backend})`);
    await seedDolisa(subgraph.database, { scale: options.scale, seed: 2023 });
    const ids = (await subgraph.database.rows<{ id: string }>(sql`select id from dolisa.households where dissolved_on is null order by id`)).map((r) => r.id);
    const assessments = async () => (await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.poverty_assessments`))[0]!.n;
    const caller = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'import-measure' });
    const run = async (file: Buffer): Promise<{ report: ImportReport; seconds: number; phases: Record<string, number> }> => {
      const started = process.hrtime.bigint();
      const phases: Record<string, number> = {};
      let last = started;
      const onProgress = (phase: string) => {
        const now = process.hrtime.bigint();
        phases[phase] = Number(now - last) / 1e9;
        last = now;
      };
      let report: ImportReport | undefined;
      await inTransaction(subgraph.database.db, async (tx) => {
        const scope = createWriteScope({ database: subgraph.database, tx, caller, auditLog, operation: 'importReviews' });
        report = await importReviews(scope, file, { year: options.year, allowedCommunes: ALL_COMMUNES, onProgress });
        if (!report.accepted) throw new RolledBack();
      }).catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
            phases.commit = Number(process.hrtime.bigint() - last) / 1e9;
      return { report: report!, seconds: Number(process.hrtime.bigint() - started) / 1e9, phases };
    };

    const before = await assessments();
    log(`${ids.length} households; importing a file with one bad row`);
    const bad = await run(reviewFile(ids, options.year, Math.floor(ids.length / 2)));
    if (bad.report.accepted) throw new Error('the file with a bad row was accepted');
    const afterBad = await assessments();
    log('importing the whole file');
    const file = reviewFile(ids, options.year);
    const whole = await run(file);
    if (!whole.report.accepted) throw new Error(`the file was refused: ${JSON.stringify(whole.report.problems.slice(0, 3))}`);
    const afterWhole = await assessments();
    log('importing it again');
    const again = await run(file);
    if (!again.report.accepted) throw new Error('the second import was refused');
    const problem = bad.report.problems[0]!;
    return {
      backend: subgraph.database.backend,
      rows: ids.length,
      bytes: file.length,
      badRow: { seconds: bad.seconds, problems: bad.report.problems.length, firstProblem: `row ${problem.row}, ${problem.column}: ${problem.reason}`, assessmentsWritten: afterBad - before },
      whole: { seconds: whole.seconds, phases: whole.phases, recorded: whole.report.recorded, corrected: whole.report.corrected, unchanged: whole.report.unchanged },
      again: { seconds: again.seconds, recorded: again.report.recorded, unchanged: again.report.unchanged, assessmentsWritten: (await assessments()) - afterWhole },
    };
  } finally {
    await subgraph.close();
  }
}

class RolledBack extends Error {}
const ALL_COMMUNES: ReadonlySet<string> = new Set(communes.map((c) => c.code));

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const value = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const measure = await measureReviewImport({ scale: value('scale', 1), year: value('year', 2025), log: (line) => console.error(line) });
  console.log(JSON.stringify(measure, null, 2));
}
