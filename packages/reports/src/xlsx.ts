import ExcelJS from 'exceljs';
import { DISTRICT_COLUMNS, TARGET_COLUMNS, type MonthlyReport } from './report';

/** Sheet names of the workbook: districts, targets, province summary. */
export const SHEETS = { districts: 'Huyện', targets: 'Chỉ tiêu', province: 'Toàn tỉnh' } as const;

/** The report as an XLSX workbook (exceljs): Vietnamese text as UTF-8 strings, numbers as numbers. */
export async function monthlyReportXlsx(report: MonthlyReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ninh Thuận poverty-reduction graph';
  workbook.title = `Báo cáo tháng ${report.month}`;
  const table = <T>(name: string, columns: [string, (row: T) => string | number | null][], rows: T[]) => {
    // Landscape A4, one page wide: `libreoffice --convert-to pdf` (scripts/report-pdf.sh) prints it as the page reads.
    const sheet = workbook.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const header = sheet.addRow(columns.map(([h]) => h));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    for (const row of rows) sheet.addRow(columns.map(([, value]) => value(row)));
    sheet.columns.forEach((column, i) => { column.width = i === 1 ? 40 : 14; });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  table(SHEETS.districts, DISTRICT_COLUMNS, report.districts);
  table(SHEETS.targets, TARGET_COLUMNS, report.targets);
  const p = report.province;
  table<[string, string | number | null]>(SHEETS.province, [['Chỉ số', (r) => r[0]], ['Giá trị', (r) => r[1]]], [
    ['Tháng', report.month],
    ['Kế hoạch', `${report.planCode}: ${report.planTitle}`],
    ['Hộ được rà soát (năm)', p.householdsAssessed],
    ['Tỷ lệ hộ nghèo', p.poorRate],
    ['Thay đổi tỷ lệ hộ nghèo (điểm %)', p.poorRateChangePp],
    ['Vốn phê duyệt (VND)', p.fundingApproved],
    ['Vốn giải ngân (VND)', p.fundingDisbursed],
    ...p.fundingFlags.map((f): [string, number] => [`Cảnh báo tài chính ${f.code}`, f.count]),
    ['Lượt hỗ trợ kỹ thuật', p.supportEvents],
    ['Tỷ lệ bao tiêu', p.offtakeCoverage],
    ['Tỷ lệ hộ nghèo DTTS', p.minorityPoorRate],
    ['Kiến nghị đang mở (MTTQ)', p.openRecommendations],
    ['Kiến nghị quá hạn (MTTQ)', p.overdueRecommendations],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
