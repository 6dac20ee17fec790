import ExcelJS from 'exceljs';
import type { ReviewRow } from '../poverty/service';
import { DEPRIVATION_COLUMNS, normaliseHeader, REVIEW_COLUMNS, type ReviewColumn } from './template';

/** One thing wrong with the file, as the officer fixes it: the sheet's row number, the column, the value, why. */
export interface FileProblem {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  value: string | null;
  reason: string;
  code: string;
}

export interface ParsedReviews {
  rows: ReviewRow[];
  /** The sheet row number of each parsed row. */
  sheetRows: number[];
  problems: FileProblem[];
}

type Cell = string | number | boolean | Date | null;

/** A ZIP (an .xlsx workbook) starts with "PK\x03\x04"; anything else is read as CSV text. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines in quotes), UTF-8 with or without BOM; ',' or ';' separated. */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

async function xlsxRows(bytes: Uint8Array): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const value = cell.value;
      cells[column - 1] = value === null || value === undefined ? null
        : typeof value === 'object' && !(value instanceof Date) ? (cell.text ?? null) : (value as Cell);
    });
    rows[number - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

const TRUE_MARKS = new Set(['x', '1', 'co', 'yes', 'true', 'v', '✓', '✔']);
const FALSE_MARKS = new Set(['', '0', 'khong', 'no', 'false', '-']);

function text(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** Whole đồng: a number cell, or digits with "." "," or spaces as thousands separators ("1.200.000"). */
function wholeDong(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isSafeInteger(cell) ? cell : null;
  const raw = text(cell).replace(/[\s.,]/g, '');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

function isoDate(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const raw = text(cell);
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  return dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : null;
}

/**
 * Reads a review file into rows for the review service, and every problem the file itself shows (a missing
 * column, a value that is not a number or a date). Rows that are entirely empty are skipped.
 */
export async function parseReviewFile(bytes: Uint8Array, options: { year?: number } = {}): Promise<ParsedReviews> {
  const table: Cell[][] = looksLikeXlsx(bytes) ? await xlsxRows(bytes) : parseCsv(new TextDecoder('utf-8').decode(bytes));
  const problems: FileProblem[] = [];
  const headerIndex = table.findIndex((r) => r.some((c) => text(c) !== ''));
  if (headerIndex < 0) return { rows: [], sheetRows: [], problems: [{ row: 1, column: '', value: null, reason: 'The file is empty', code: 'BAD_USER_INPUT' }] };
  const headerRow = headerIndex + 1;
  const byHeader = new Map<string, ReviewColumn>();
  for (const column of REVIEW_COLUMNS) for (const name of [column.header, ...column.aliases]) byHeader.set(normaliseHeader(name), column);
  const positions = new Map<ReviewColumn['field'], number>();
  table[headerIndex]!.forEach((cell, index) => {
    const column = byHeader.get(normaliseHeader(text(cell)));
    if (column && !positions.has(column.field)) positions.set(column.field, index);
  });
  const headerOf = (field: ReviewColumn['field']) => REVIEW_COLUMNS.find((c) => c.field === field)!.header;
  const required: ReviewColumn['field'][] = ['householdId', 'incomePerCapitaMonthly', 'assessedOn', ...(options.year === undefined ? (['year'] as const) : [])];
  for (const field of required) {
    if (!positions.has(field)) problems.push({ row: headerRow, column: headerOf(field), value: null, reason: `The column "${headerOf(field)}" is missing`, code: 'BAD_USER_INPUT' });
  }
  if (problems.length > 0) return { rows: [], sheetRows: [], problems };

  const rows: ReviewRow[] = [];
  const sheetRows: number[] = [];
  table.slice(headerIndex + 1).forEach((cells, offset) => {
    const sheetRow = headerRow + 1 + offset;
    if (!cells.some((c) => text(c) !== '')) return;
    const cell = (field: ReviewColumn['field']): Cell => cells[positions.get(field) ?? -1] ?? null;
    const problem = (field: ReviewColumn['field'], reason: string) =>
      problems.push({ row: sheetRow, column: headerOf(field), value: text(cell(field)) || null, reason, code: 'BAD_USER_INPUT' });

    const yearText = text(cell('year'));
    let year = options.year ?? Number.NaN;
    if (yearText !== '') {
      year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
      if (Number.isNaN(year)) problem('year', 'Not a year');
      else if (options.year !== undefined && year !== options.year) problem('year', `The file is imported as the ${options.year} review`);
    } else if (options.year === undefined) problem('year', 'The review year is required');

    const income = wholeDong(cell('incomePerCapitaMonthly'));
    if (income === null) problem('incomePerCapitaMonthly', 'Not a whole number of đồng');
    const assessedOn = isoDate(cell('assessedOn'));
    if (assessedOn === null) problem('assessedOn', 'Not a date (YYYY-MM-DD or DD/MM/YYYY)');
    const deprivations: string[] = [];
    for (const { deprivation } of DEPRIVATION_COLUMNS) {
      const mark = normaliseHeader(text(cell(deprivation)));
      if (TRUE_MARKS.has(mark)) deprivations.push(deprivation);
      else if (!FALSE_MARKS.has(mark)) problem(deprivation, 'Mark a deprivation with "x" and leave it blank otherwise');
    }
    const reason = text(cell('reason'));
    rows.push({
      householdId: text(cell('householdId')), year, incomePerCapitaMonthly: income ?? -1, deprivations, assessedOn: assessedOn ?? '',
      reason: reason === '' ? null : reason,
    });
    sheetRows.push(sheetRow);
  });
  return { rows, sheetRows, problems };
}
