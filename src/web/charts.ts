// Charts drawn on the server with ECharts into inline SVG: no script reaches the browser. Inline
// style attributes and elements are dropped (the pages' CSP allows none); each chart comes with its data as a table.
import * as echarts from "echarts";

const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";

export interface Series { name: string; values: number[]; color: string }

type ChartOptions = { title: string; categories: string[]; series: Series[]; horizontal?: boolean; width?: number; height?: number };

// Drawing a chart costs ~100 ms of CPU, and the counts behind it seldom change: the last few
// drawings are kept, keyed by everything they were drawn from (a bounded, per-process cache).
const drawn = new Map<string, string>();
const KEEP = 32;

/** A bar chart, one group per category, one bar per series. */
export function barChart(opts: ChartOptions): string {
  const key = JSON.stringify(opts);
  const hit = drawn.get(key);
  if (hit !== undefined) return hit;
  const svg = draw(opts);
  if (drawn.size >= KEEP) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

function draw(opts: ChartOptions): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? (opts.horizontal ? Math.max(240, opts.categories.length * 26 + 80) : 320);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  const categoryAxis = { type: "category" as const, data: opts.categories, axisLabel: { fontFamily: FONT, interval: 0, fontSize: 12 } };
  const valueAxis = { type: "value" as const, minInterval: 1, axisLabel: { fontFamily: FONT } };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: opts.horizontal ? 60 : 40, right: 20, top: 40, bottom: opts.horizontal ? 30 : 60 },
    // Without a canvas ECharts under-measures CJK text: a wide gap keeps legend items apart.
    legend: { top: 0, itemGap: 12 + Math.max(...opts.series.map((s) => s.name.length)) * 12, textStyle: { fontFamily: FONT } },
    xAxis: opts.horizontal ? valueAxis : { ...categoryAxis, axisLabel: { ...categoryAxis.axisLabel, rotate: opts.categories.length > 8 ? 40 : 0 } },
    yAxis: opts.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: opts.series.map((s) => ({ type: "bar", name: s.name, data: s.values, stack: "total", itemStyle: { color: s.color } })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/\sstyle="[^"]*"/g, "")
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(opts.title)}" focusable="false" class="chart" `);
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
