// The joint report as an Excel workbook (exceljs): one sheet per part, Chinese headings, totals,
// and a chart of check decisions by scenario and by month (ECharts rendered to SVG on the server,
// turned into a PNG by resvg with the CJK fonts of the machine).
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import ExcelJS from "exceljs";
import type { JointMeasuresReportView } from "./jointreport.service.js";

const LIST = { RED: "红名单", BLACK: "黑名单", WATCH: "重点关注名单" } as Record<string, string>;
const SCENARIO = {
  LICENSING: "行政许可", ENFORCEMENT: "行政执法", ROAD_TRANSPORT: "道路运政", WATER_TRANSPORT: "水路运政",
  PROCUREMENT: "政府采购", BIDDING: "招标投标", SUBSIDY: "财政补贴", HIRING: "招录聘用",
} as Record<string, string>;
const EFFECT = { PROHIBIT: "禁止", RESTRICT: "限制", INTENSIFY: "加强监管", FAST_TRACK: "优先办理" } as Record<string, string>;
const DECISION = { DENY: "不予办理", REVIEW: "审查", FAST_TRACK: "优先办理", PASS: "通过" } as Record<string, string>;
const DECISIONS = ["DENY", "REVIEW", "FAST_TRACK", "PASS"] as const;
const name = (names: Record<string, string>, code: string) => names[code] ?? code;

/** Sheet names, in order: what a reader of the workbook finds. */
export const SHEETS = { summary: "报送说明", objects: "联合奖惩对象", measures: "奖惩措施", effects: "实施成效", cases: "典型案例", decisions: "核查决定" } as const;

function table(sheet: ExcelJS.Worksheet, headers: string[], rows: (string | number | null)[][], total?: (string | number | null)[]) {
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  if (total) sheet.addRow(total).font = { bold: true };
  sheet.columns.forEach((c, i) => { c.width = Math.max(10, Math.min(48, (headers[i]?.length ?? 4) * 2 + 6)); });
  sheet.views = [{ state: "frozen", ySplit: sheet.actualRowCount - rows.length - (total ? 1 : 0) }];
}

export async function jointReportWorkbook(report: JointMeasuresReportView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "creditgate";
  wb.created = report.generatedAt;

  const summary = wb.addWorksheet(SHEETS.summary);
  summary.addRow(["联合奖惩季度报表"]).font = { bold: true, size: 14 };
  for (const [k, v] of [
    ["报送季度", report.quarter], ["统计区域", report.region ?? "全省"], ["统计期间", `${report.periodStart} 至 ${report.periodEnd}`],
    ["报送截止日期", report.dueDate], ["生成时间", report.generatedAt.toISOString()], ["数据版本", report.dataVersion],
    ["依据", "对经认定被列入实施联合奖惩的对象，每季度以包含联合奖惩对象、措施、成效在内的清单或案例形式向厅信用交换平台报送"],
  ]) summary.addRow([k, v]);
  summary.getColumn(1).width = 16;
  summary.getColumn(2).width = 80;

  table(wb.addWorksheet(SHEETS.objects), ["名单", "事由代码", "事由", "州市代码", "州市", "本季度新增", "本季度在列", "本季度移出"],
    report.objects.map((o) => [name(LIST, o.list), o.reason, o.reasonText, o.region, o.regionName, o.added, o.inForce, o.ended]),
    ["合计", null, null, null, null, report.objectTotals.added, report.objectTotals.inForce, report.objectTotals.ended]);

  table(wb.addWorksheet(SHEETS.measures), ["名单", "事由代码", "应用场景", "措施", "核查决定", "决定次数", "涉及主体数", "请求系统", "依据"],
    report.measures.map((m) => [name(LIST, m.list), m.reason, name(SCENARIO, m.scenario), name(EFFECT, m.effect), name(DECISION, m.decision),
      m.checks, m.subjects, m.systems.join("、"), m.legalBasis]),
    ["合计", null, null, null, null, report.measureTotals.checks, null, null, null]);

  const e = report.effects;
  table(wb.addWorksheet(SHEETS.effects), ["成效", "数量"], [
    ["完成信用修复", e.repairsCompleted], ["异议成立", e.objectionsUpheld], ["签署信用承诺", e.commitmentsSigned],
    ["违反信用承诺", e.commitmentsBroken], ["移出名单的主体", e.subjectsLeftList],
  ]);

  table(wb.addWorksheet(SHEETS.cases), ["主体", "州市代码", "名单", "事由", "认定机关", "起始日期", "截止日期", "状态", "案例事实", "标记人", "标记时间"],
    report.cases.map((c) => [c.subjectName, c.region, name(LIST, c.list), c.reasonText, c.authority, c.effectiveFrom, c.effectiveUntil, c.status,
      c.facts, c.markedBy, c.markedAt.toISOString()]),
    [`合计 ${report.cases.length} 例`, null, null, null, null, null, null, null, null, null, null]);

  const decisions = wb.addWorksheet(SHEETS.decisions);
  const scenarios = [...new Set(report.decisions.map((d) => d.scenario))].sort();
  const months = monthsOf(report);
  const sum = (f: (d: JointMeasuresReportView["decisions"][number]) => boolean) => report.decisions.filter(f).reduce((n, d) => n + d.checks, 0);
  table(decisions, ["应用场景", ...DECISIONS.map((d) => DECISION[d]!), "合计"],
    scenarios.map((s) => [name(SCENARIO, s), ...DECISIONS.map((d) => sum((x) => x.scenario === s && x.decision === d)), sum((x) => x.scenario === s)]),
    ["合计", ...DECISIONS.map((d) => sum((x) => x.decision === d)), sum(() => true)]);
  decisions.addRow([]);
  decisions.addRow(["月份", ...DECISIONS.map((d) => DECISION[d]!), "合计"]).font = { bold: true };
  for (const m of months) decisions.addRow([m, ...DECISIONS.map((d) => sum((x) => x.month === m && x.decision === d)), sum((x) => x.month === m)]);
  const png = decisionsChart(report, scenarios, months);
  const image = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: "png" });
  decisions.addImage(image, { tl: { col: 7, row: 0 }, ext: { width: 900, height: 420 } });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function monthsOf(report: JointMeasuresReportView): string[] {
  const first = Number(report.periodStart.slice(5, 7));
  return [0, 1, 2].map((i) => `${report.periodStart.slice(0, 4)}-${String(first + i).padStart(2, "0")}`);
}

/** Decisions by scenario (left) and by month (right), stacked by decision, as a PNG. */
export function decisionsChart(report: JointMeasuresReportView, scenarios: string[], months: string[]): Buffer {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 900, height: 420 });
  const count = (f: (d: JointMeasuresReportView["decisions"][number]) => boolean) => report.decisions.filter(f).reduce((n, d) => n + d.checks, 0);
  chart.setOption({
    animation: false,
    backgroundColor: "#ffffff",
    // Deny red, review amber, fast-track green, pass grey: in the order of DECISIONS.
    color: ["#c9302c", "#ec971f", "#449d44", "#9e9e9e"],
    textStyle: { fontFamily: "Noto Sans CJK SC, Noto Serif CJK SC, sans-serif" },
    title: [{ text: `${report.quarter} 核查决定（按应用场景）`, left: "4%", textStyle: { fontSize: 14 } }, { text: "按月份", left: "56%", textStyle: { fontSize: 14 } }],
    legend: { bottom: 0, data: DECISIONS.map((d) => DECISION[d]!) },
    grid: [{ left: "6%", width: "40%", top: 50, bottom: 70 }, { left: "56%", width: "40%", top: 50, bottom: 70 }],
    xAxis: [
      { type: "category", gridIndex: 0, data: scenarios.map((s) => name(SCENARIO, s)), axisLabel: { interval: 0, rotate: 30 } },
      { type: "category", gridIndex: 1, data: months },
    ],
    yAxis: [{ type: "value", gridIndex: 0, minInterval: 1 }, { type: "value", gridIndex: 1, minInterval: 1 }],
    series: DECISIONS.flatMap((d) => [
      { name: DECISION[d], type: "bar", stack: "scenario", xAxisIndex: 0, yAxisIndex: 0, data: scenarios.map((s) => count((x) => x.scenario === s && x.decision === d)) },
      { name: DECISION[d], type: "bar", stack: "month", xAxisIndex: 1, yAxisIndex: 1, data: months.map((m) => count((x) => x.month === m && x.decision === d)) },
    ]),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "Noto Sans CJK SC" }, background: "#ffffff" }).render().asPng();
}
