export { monthlyReportRoute, MONTHLY_REPORT_OPERATION, XLSX_TYPE, type MonthlyReportRouteOptions } from './route';
export { buildMonthlyReport, DISTRICT_COLUMNS, TARGET_COLUMNS, type MonthlyReport, type MonthlyReportAnswer } from './report';
export { monthlyReportXlsx, SHEETS } from './xlsx';
export { monthlyReportHtml } from './html';
export { LinkSigner } from './signing';
