import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { Table } from './flatten';
import { UTF8_BOM, csvFileNames, sheetNames, toCsv, toTextTables, toXlsx } from './writers';

/** Synthetic names, as in the demo data; with tones, ư/ơ/đ, and text that looks like a formula. */
const MODELS: Table = {
  name: 'commune.livelihoodModels',
  columns: ['commune.name', 'commune.livelihoodModels.name', 'commune.livelihoodModels.outcome.participants', 'commune.livelihoodModels.escapedRate', 'commune.livelihoodModels.replicable', 'commune.livelihoodModels.note'],
  rows: [
    ['Phước Bình', 'Nuôi dê sinh sản (synthetic)', 42, 0.375, true, 'Hộ nghèo, cận nghèo; "đạt"'],
    ['Phước Bình', 'Trồng nho – Đường Ươm (synthetic)', 0, null, false, '=HYPERLINK("http://x")'],
    ['Phước Bình', 'Mô hình\nhai dòng', 7, 1, null, null],
  ],
};
const SUPPORTS: Table = { name: 'commune.livelihoodModels.technicalSupports', columns: ['commune.livelihoodModels.technicalSupports.kind'], rows: [['TRAINING']] };

describe('CSV', () => {
  it('starts with a byte-order mark, quotes what needs quoting, and ends lines with CRLF', () => {
    const csv = toCsv(MODELS);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(MODELS.columns.join(','));
    expect(lines[1]).toBe('Phước Bình,Nuôi dê sinh sản (synthetic),42,0.375,true,"Hộ nghèo, cận nghèo; ""đạt"""');
    // Text a spreadsheet would run as a formula is kept as text.
    expect(lines[2]).toBe(`Phước Bình,Trồng nho – Đường Ươm (synthetic),0,,false,"'=HYPERLINK(""http://x"")"`);
    expect(csv.endsWith('"Mô hình\nhai dòng",7,1,,\r\n')).toBe(true);
  });

  it('keeps Vietnamese text intact when another library reads it back', () => {
    const bytes = Buffer.from(toCsv(MODELS), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sheet = XLSX.read(bytes, { type: 'buffer', raw: true }).Sheets.Sheet1!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false });
    expect(rows[0]).toEqual(MODELS.columns);
    expect(rows[1]!.slice(0, 2)).toEqual(['Phước Bình', 'Nuôi dê sinh sản (synthetic)']);
    expect(rows[2]![1]).toBe('Trồng nho – Đường Ươm (synthetic)');
    expect(rows[3]![1]).toBe('Mô hình\nhai dòng');
  });

  it('writes one file per table when there are several, named after the list path', () => {
    expect(csvFileNames([MODELS], 'out/d.csv')).toEqual(['out/d.csv']);
    expect(csvFileNames([MODELS, SUPPORTS], 'out/d.csv')).toEqual(['out/d.commune.livelihoodModels.csv', 'out/d.commune.livelihoodModels.technicalSupports.csv']);
  });
});

describe('XLSX', () => {
  it('gives each table a sheet whose cells read back equal, in two libraries', async () => {
    const buffer = await toXlsx([MODELS, SUPPORTS]);
    const sheetJs = XLSX.read(buffer, { type: 'buffer' });
    expect(sheetJs.SheetNames).toEqual(['commune.livelihoodModels', 'technicalSupports']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheetJs.Sheets['commune.livelihoodModels']!, { header: 1, defval: null });
    expect(rows).toEqual([[...MODELS.columns], ...MODELS.rows.map((r) => [...r])]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('technicalSupports')!;
    expect(sheet.getCell('A1').value).toBe('commune.livelihoodModels.technicalSupports.kind');
    expect(sheet.getCell('A2').value).toBe('TRAINING');
    const models = workbook.getWorksheet('commune.livelihoodModels')!;
    expect(models.getCell('B3').value).toBe('Trồng nho – Đường Ươm (synthetic)');
    expect(models.getCell('F3').value).toBe('=HYPERLINK("http://x")'); // text, not a formula
    expect(models.getCell('F3').type).toBe(ExcelJS.ValueType.String);
    expect(models.getCell('C2').type).toBe(ExcelJS.ValueType.Number);
  });

  it('names sheets within Excel\'s rules: 31 characters, no []:*?/\\, unique', () => {
    const table = (name: string): Table => ({ name, columns: [], rows: [] });
    expect(sheetNames([table(''), table('a.b'), table('communes.livelihoodModels.supervisions.recommendations'), table('x.recommendations'), table('q[1]:*?/\\'), table('x'.repeat(40))]))
      .toEqual(['data', 'a.b', 'supervisions.recommendations', 'x.recommendations', 'q_1______', 'x'.repeat(31)]);
    expect(sheetNames([table('a.recommendations'), table('b.recommendations'), table('aaaaaaaaaaaaaaaaaaaaaaa.recommendations'), table('bbbbbbbbbbbbbbbbbbbbbbb.recommendations')]))
      .toEqual(['a.recommendations', 'b.recommendations', 'recommendations', 'recommendations (2)']);
  });
});

describe('text tables', () => {
  it('align columns by what a terminal shows, decomposed Vietnamese included', () => {
    const text = toTextTables([{ name: 'communes', columns: ['communes.name', 'communes.poor'], rows: [['Phu\u031bo\u031b\u0301c Bình'.normalize('NFD'), 120], ['Mỹ Sơn', null]] }]);
    expect(text).toBe([
      'communes (2 rows)',
      'communes.name  communes.poor',
      '-------------  -------------',
      'Phước Bình     120',
      'Mỹ Sơn',
      '',
    ].join('\n'));
  });
});
