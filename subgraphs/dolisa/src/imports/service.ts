import type { WriteScope } from '@ntg/subgraph-kit';
import { writeReviews, type ReviewField } from '../poverty/service';
import { parseReviewFile, type FileProblem } from './parse';
import { DEPRIVATION_COLUMNS, REVIEW_COLUMNS } from './template';

export type ImportPhase = 'parsed' | 'staged' | 'checked' | 'applied';

export interface ImportReport {
  /** True when the file was written; false when any row was wrong and nothing was written. */
  accepted: boolean;
  rows: number;
  recorded: number;
  corrected: number;
  unchanged: number;
  /** Every bad row: the sheet's row number, the column, the value and the reason. */
  problems: FileProblem[];
}

export interface ImportOptions {
  /** The review year the file is for (rows may leave the year column blank). */
  year?: number;
  /** The communes the importing officer may write in. */
  allowedCommunes: ReadonlySet<string>;
  onProgress?: (phase: ImportPhase, rows: number) => void;
}

function columnOf(field: ReviewField): string {
  if (field === 'deprivations') return DEPRIVATION_COLUMNS.map((c) => c.header).join(' / ');
  return REVIEW_COLUMNS.find((c) => c.field === field)?.header ?? field;
}

/**
 * Imports a commune's annual-review file (XLSX or CSV) all or nothing, with the same rules as the review mutations:
 * new reviews are recorded, rows with a reason correct an existing review (history kept), identical rows change
 * nothing, so importing the same file twice changes nothing the second time. When anything is wrong, nothing is
 * written and the report lists every bad row. The caller runs it in a transaction and rolls back unless accepted.
 */
export async function importReviews(scope: WriteScope, bytes: Uint8Array, options: ImportOptions): Promise<ImportReport> {
  const parsed = await parseReviewFile(bytes, { year: options.year });
  options.onProgress?.('parsed', parsed.rows.length);
  const badInFile = new Set(parsed.problems.map((p) => p.row));
  const keep = parsed.rows.map((_, i) => !badInFile.has(parsed.sheetRows[i]!));
  const rows = parsed.rows.filter((_, i) => keep[i]);
  const sheetRows = parsed.sheetRows.filter((_, i) => keep[i]);
  const result = await writeReviews(scope, rows, {
    mode: 'import',
    allowedCommunes: options.allowedCommunes,
    onProgress: (phase, n) => options.onProgress?.(phase, n),
    // A file with a bad row writes nothing, but every other row is still checked, so the report is complete.
    apply: parsed.problems.length === 0,
  });
  const problems = [
    ...parsed.problems,
    ...result.problems.map((p) => ({
      row: sheetRows[p.row]!, column: columnOf(p.field), value: p.value === null || p.value === undefined ? null : String(p.value), reason: p.message, code: p.code,
    })),
  ].sort((a, b) => a.row - b.row);
  const accepted = problems.length === 0;
  return {
    accepted,
    rows: parsed.rows.length,
    recorded: accepted ? result.recorded : 0,
    corrected: accepted ? result.corrected : 0,
    unchanged: accepted ? result.unchanged : 0,
    problems,
  };
}
