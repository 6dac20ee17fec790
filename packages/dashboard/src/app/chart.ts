// The poor-rate trend as a small SVG line chart: one point per year, its rate written above it.
import { formatShare } from './labels';

export interface TrendPoint {
  year: number;
  poorRate: number | null;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A chart scaled to its own points (the axis starts at 0 so a fall is not exaggerated); years without a rate are gaps. */
export function trendChart(points: readonly TrendPoint[], title: string): SVGSVGElement {
  const width = 480;
  const height = 220;
  const pad = { left: 44, right: 36, top: 28, bottom: 30 };
  const rates = points.map((p) => p.poorRate).filter((r): r is number => r != null);
  const top = Math.max(0.01, ...rates) * 1.2;
  const x = (i: number) => pad.left + (points.length <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (rate: number) => pad.top + (1 - rate / top) * (height - pad.top - pad.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'trend-chart', 'aria-label': title });
  chart.append(svg('title', {}, title));
  for (const tick of [0, top / 2, top]) {
    chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    chart.append(svg('text', { x: pad.left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, formatShare(tick).replace(/,\d+%$/, '%')));
  }
  let path = '';
  points.forEach((p, i) => {
    if (p.poorRate == null) return;
    path += `${path && points[i - 1]?.poorRate != null ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.poorRate).toFixed(1)}`;
  });
  chart.append(svg('path', { d: path, class: 'line' }));
  points.forEach((p, i) => {
    chart.append(svg('text', { x: x(i), y: height - 8, class: 'axis', 'text-anchor': 'middle' }, String(p.year)));
    if (p.poorRate == null) return;
    const point = svg('circle', { cx: x(i), cy: y(p.poorRate), r: 4, class: 'point', 'data-year': p.year, 'data-value': p.poorRate });
    point.append(svg('title', {}, `${p.year}: ${formatShare(p.poorRate)}`));
    chart.append(point);
    chart.append(svg('text', { x: x(i), y: y(p.poorRate) - 9, class: 'value', 'text-anchor': 'middle' }, formatShare(p.poorRate)));
  });
  return chart;
}
