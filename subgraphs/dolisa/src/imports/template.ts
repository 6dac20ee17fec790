import ExcelJS from 'exceljs';
import type { Deprivation } from '../generated/types';
import type { ReviewField } from '../poverty/service';

/**
 * The annual-review file communes send (Circular 07/2021 forms B1 income and B2 deprivations, one row per
 * household): Vietnamese headers, as the template `pnpm import:reviews --template` writes. English names are
 * accepted too, for files made by other systems.
 */
export interface ReviewColumn {
  header: string;
  /** Other spellings accepted for the header (English, without diacritics). */
  aliases: readonly string[];
  field: ReviewField | Deprivation;
  help: string;
  width: number;
}

export const DEPRIVATION_COLUMNS: readonly { deprivation: Deprivation; header: string }[] = [
  { deprivation: 'EMPLOYMENT', header: 'Việc làm' },
  { deprivation: 'DEPENDANTS', header: 'Người phụ thuộc trong hộ gia đình' },
  { deprivation: 'NUTRITION', header: 'Dinh dưỡng' },
  { deprivation: 'HEALTH_INSURANCE', header: 'Bảo hiểm y tế' },
  { deprivation: 'ADULT_EDUCATION', header: 'Trình độ giáo dục của người lớn' },
  { deprivation: 'CHILD_SCHOOL_ATTENDANCE', header: 'Tình trạng đi học của trẻ em' },
  { deprivation: 'HOUSING_QUALITY', header: 'Chất lượng nhà ở' },
  { deprivation: 'HOUSING_AREA', header: 'Diện tích nhà ở bình quân đầu người' },
  { deprivation: 'DOMESTIC_WATER', header: 'Nguồn nước sinh hoạt' },
  { deprivation: 'HYGIENIC_LATRINE', header: 'Nhà tiêu hợp vệ sinh' },
  { deprivation: 'TELECOM_SERVICES', header: 'Sử dụng dịch vụ viễn thông' },
  { deprivation: 'INFORMATION_ACCESS', header: 'Phương tiện phục vụ tiếp cận thông tin' },
];

export const REVIEW_COLUMNS: readonly ReviewColumn[] = [
  { header: 'Mã hộ', aliases: ['householdId', 'ma ho', 'household id'], field: 'householdId', width: 22, help: 'Mã hộ trên sổ hộ của DOLISA (household id), ví dụ HH-22783-1A2B3C4D.' },
  { header: 'Năm rà soát', aliases: ['year', 'nam ra soat', 'nam'], field: 'year', width: 12, help: 'Năm rà soát (review year). Có thể bỏ trống khi nhập với --year.' },
  {
    header: 'Thu nhập bình quân (đồng/người/tháng)', aliases: ['incomePerCapitaMonthly', 'thu nhap binh quan', 'income'], field: 'incomePerCapitaMonthly', width: 20,
    help: 'Thu nhập bình quân đầu người/tháng, số nguyên đồng (mẫu B1). Monthly income per person, whole đồng.',
  },
  ...DEPRIVATION_COLUMNS.map(({ deprivation, header }) => ({
    header, aliases: [deprivation], field: deprivation, width: 14,
    help: `Thiếu hụt "${header}" (mẫu B2): ghi "x" nếu thiếu hụt, để trống nếu không. Deprived: "x"; not: blank.`,
  })),
  { header: 'Ngày rà soát', aliases: ['assessedOn', 'ngay ra soat'], field: 'assessedOn', width: 14, help: 'Ngày rà soát: YYYY-MM-DD hoặc DD/MM/YYYY, hoặc ô ngày của Excel.' },
  {
    header: 'Lý do điều chỉnh', aliases: ['reason', 'ly do dieu chinh'], field: 'reason', width: 32,
    help: 'Chỉ khi sửa một kết quả đã ghi của năm đó: lý do điều chỉnh (required to correct an existing review).',
  },
];

/** Header text compared without case, spacing or diacritics, so "Ma ho" and "MÃ HỘ" both match "Mã hộ". */
export function normaliseHeader(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The template file: the header row, one synthetic example row, and a sheet explaining each column. */
export async function reviewTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ninh Thuận poverty-reduction graph';
  const sheet = workbook.addWorksheet('Rà soát');
  sheet.columns = REVIEW_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow({ householdId: 'HH-22783-EXAMPLE0', year: 2025, incomePerCapitaMonthly: 1_200_000, NUTRITION: 'x', HOUSING_AREA: 'x', DOMESTIC_WATER: 'x', assessedOn: '2025-10-15' });
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  sheet.getCell('A2').note = 'Dòng ví dụ (synthetic): xoá trước khi gửi. Example row: delete it before sending.';
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.columns = [{ header: 'Cột (column)', key: 'header', width: 40 }, { header: 'Cách ghi (how to fill it)', key: 'help', width: 100 }];
  guide.getRow(1).font = { bold: true };
  for (const column of REVIEW_COLUMNS) guide.addRow({ header: column.header, help: column.help });
  guide.addRow({});
  guide.addRow({ header: 'Cả tệp hoặc không gì', help: 'Nếu có một dòng sai, không dòng nào được ghi; báo cáo liệt kê mọi dòng sai (dòng, cột, giá trị, lý do). One bad row and nothing is written.' });
  guide.addRow({ header: 'Nhập lại', help: 'Nhập lại cùng một tệp không thay đổi gì. Importing the same file again changes nothing.' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
