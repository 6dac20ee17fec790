import ExcelJS from 'exceljs';
import type { Cell, Table } from './flatten';

export const EXPORT_FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Excel reads a CSV file as UTF-8 (Vietnamese text intact) only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: the departments'
 * free text (findings, recommendations) must not become a formula on an analyst's machine.
 */
function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with CRLF line ends, UTF-8 with a byte-order mark; the header row holds the column paths. */
export function toCsv(table: Table): string {
  const lines = [table.columns.map(csvText), ...table.rows.map((row) => row.map(csvText))].map((cells) => cells.join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * One file name per table when a CSV export has several: `d.csv` becomes `d.<list path>.csv` (the list path of
 * the rows, e.g. `d.commune.livelihoodModels.supervisions.recommendations.csv`); a single table keeps the name.
 */
export function csvFileNames(tables: readonly Table[], out: string): string[] {
  if (tables.length === 1) return [out];
  const stem = out.endsWith('.csv') ? out.slice(0, -4) : out;
  return tables.map((t) => `${stem}.${t.name || 'data'}.csv`);
}

const SHEET_NAME_MAX = 31;

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique ignoring case. Long list paths keep their last segments. */
export function sheetNames(tables: readonly Table[], fallback = 'data'): string[] {
  const used = new Set<string>();
  return tables.map((table) => {
    const segments = (table.name || fallback).replace(/[[\]:*?/\\]/g, '_').split('.');
    let name = segments.at(-1)!.slice(0, SHEET_NAME_MAX);
    for (let i = segments.length - 2; i >= 0; i--) {
      const longer = `${segments[i]}.${name}`;
      if (longer.length > SHEET_NAME_MAX) break;
      name = longer;
    }
    let unique = name;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${name.slice(0, SHEET_NAME_MAX - String(n).length - 3)} (${n})`;
    used.add(unique.toLowerCase());
    return unique;
  });
}

/**
 * An XLSX workbook with one sheet per table: a bold, frozen header row of column paths with a filter, numbers
 * as numbers, text as text (never formulas). The full list path of each sheet is in its A1 note when the sheet
 * name had to be shortened.
 */
export async function toXlsx(tables: readonly Table[], options: { fallbackSheetName?: string } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ninh Thuận poverty-reduction graph';
  const names = sheetNames(tables, options.fallbackSheetName);
  tables.forEach((table, index) => {
    const sheet = workbook.addWorksheet(names[index]!, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...table.columns]);
    for (const row of table.rows) sheet.addRow([...row]);
    sheet.getRow(1).font = { bold: true };
    if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    table.columns.forEach((column, c) => {
      const widest = Math.max(column.length, ...table.rows.slice(0, 200).map((row) => String(row[c] ?? '').length));
      sheet.getColumn(c + 1).width = Math.min(60, Math.max(8, widest + 2));
    });
    if (table.name && names[index] !== table.name) sheet.getCell('A1').note = `Rows: ${table.name}`;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Characters as a terminal shows them: Vietnamese text may arrive decomposed (NFD), which would misalign columns. */
function displayWidth(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** Aligned plain-text tables for a terminal, one after another, each headed by its list path. */
export function toTextTables(tables: readonly Table[]): string {
  return tables.map((table) => {
    const cells = [table.columns as readonly Cell[], ...table.rows].map((row) => row.map((c) => (c === null ? '' : String(c).normalize('NFC'))));
    const widths = table.columns.map((_, c) => Math.max(...cells.map((row) => displayWidth(row[c]!))));
    const line = (row: readonly string[]) => row.map((text, c) => text + ' '.repeat(widths[c]! - displayWidth(text))).join('  ').trimEnd();
    const rule = widths.map((w) => '-'.repeat(w)).join('  ');
    const title = table.name ? `${table.name} (${table.rows.length} row${table.rows.length === 1 ? '' : 's'})\n` : '';
    return `${title}${[line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n')}\n`;
  }).join('\n');
}
