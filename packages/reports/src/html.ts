import { DISTRICT_COLUMNS, TARGET_COLUMNS, type MonthlyReport } from './report';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function cell(value: string | number | null): string {
  if (value === null) return '<td class="na">–</td>';
  if (typeof value === 'number') return `<td class="num">${Number.isInteger(value) ? value.toLocaleString('vi-VN') : value.toFixed(4)}</td>`;
  return `<td>${escape(value)}</td>`;
}

function table<T>(id: string, columns: [string, (row: T) => string | number | null][], rows: T[]): string {
  return `<table id="${id}"><thead><tr>${columns.map(([h]) => `<th>${escape(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${columns.map(([, value]) => cell(value(row))).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** A bar chart of the poor rate by district, as inline SVG (no script, prints as drawn). */
export function poorRateChart(report: MonthlyReport): string {
  const rows = report.districts;
  const width = 640, barHeight = 26, left = 190, top = 10, scaleWidth = width - left - 70;
  const max = Math.max(0.01, ...rows.map((d) => d.poorRate ?? 0));
  const bars = rows.map((d, i) => {
    const y = top + i * (barHeight + 8);
    const w = ((d.poorRate ?? 0) / max) * scaleWidth;
    const label = d.poorRate === null ? 'không có số liệu' : `${(d.poorRate * 100).toFixed(2)}%`;
    return `<text x="${left - 8}" y="${y + barHeight * 0.7}" text-anchor="end">${escape(d.name)}</text>`
      + `<rect class="bar" x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="#b03a2e"><title>${escape(d.name)}: ${label}</title></rect>`
      + `<text x="${(left + w + 6).toFixed(1)}" y="${y + barHeight * 0.7}">${label}</text>`;
  });
  const height = top * 2 + rows.length * (barHeight + 8);
  return `<svg id="poor-rate-chart" role="img" aria-label="Tỷ lệ hộ nghèo theo huyện" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">${bars.join('')}</svg>`;
}

/** The printable page: summary, chart of the poor rate by district, the target table, the district table. */
export function monthlyReportHtml(report: MonthlyReport, links: { xlsx: string; html: string }): string {
  const p = report.province;
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo tháng ${escape(report.month)} – ${escape(report.provinceName)}</title>
<style>
  body { font-family: sans-serif; margin: 2em; color: #222; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
  table { border-collapse: collapse; margin: 0.5em 0; font-size: 12px; }
  th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
  th { background: #eee; } td.num { text-align: right; } td.na { color: #888; text-align: center; }
  .links a { margin-right: 1em; }
  @media print { .links { display: none; } body { margin: 0; } }
</style></head>
<body>
<h1>Báo cáo tháng ${escape(report.month)}: giảm nghèo bền vững, ${escape(report.provinceName)}</h1>
<p>Kế hoạch ${escape(report.planCode)}: ${escape(report.planTitle)}</p>
<p class="links"><a id="download-xlsx" href="${escape(links.xlsx)}">Tải XLSX</a><a id="print-link" href="${escape(links.html)}">Bản in</a>
(liên kết có hiệu lực trong thời gian ngắn)</p>
<p>Hộ được rà soát năm ${report.year}: ${p.householdsAssessed.toLocaleString('vi-VN')}; tỷ lệ hộ nghèo ${pct(p.poorRate)}
(${p.poorRateChangePp === null ? '–' : `${p.poorRateChangePp.toFixed(2)} điểm %`});
vốn phê duyệt ${p.fundingApproved?.toLocaleString('vi-VN') ?? '–'} VND, giải ngân ${p.fundingDisbursed?.toLocaleString('vi-VN') ?? '–'} VND;
kiến nghị đang mở ${p.openRecommendations ?? '–'}, quá hạn ${p.overdueRecommendations ?? '–'}.</p>
<h2>Tỷ lệ hộ nghèo theo huyện (${report.year})</h2>
${poorRateChart(report)}
<h2>Chỉ tiêu T1–T5</h2>
${table('targets', TARGET_COLUMNS, report.targets)}
<h2>Theo huyện</h2>
${table('districts', DISTRICT_COLUMNS, report.districts)}
</body></html>
`;
}
