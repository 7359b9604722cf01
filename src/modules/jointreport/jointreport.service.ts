// The quarterly joint reward/punishment report (联合奖惩季度报送). The work plan: "对经认定被列入
// 实施联合奖惩的对象，每季度以包含联合奖惩对象、措施、成效在内的清单或案例形式向厅信用交换平台报送"
// — objects, measures, effects and cases — and "各责任部门和单位每季度 20 日前 … 报送": the report
// of a quarter is due on the 20th of the month after it. Every figure is read from the register and
// the audit trail when the report is asked for, so a restart changes nothing.
import { historyRegion } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { readDataVersion } from "../../db/version.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { isUuid } from "../../shared/ids.js";
import { chinaDate } from "../../shared/clock.js";
import { checkRegion, regionName } from "../../shared/regions.js";
import type { CatalogueService, MeasureRow } from "../catalogue/catalogue.service.js";
import {
  type CaseRow, caseRows, firstAuditAt, inSnapshot, type DecisionCount, decisionCounts, effectCounts, type EffectCounts, measureUses, objectRows, type Quarter, upsertCase,
} from "./jointreport.store.js";

const DECISION_OF: Record<string, string> = { PROHIBIT: "DENY", RESTRICT: "REVIEW", INTENSIFY: "REVIEW", FAST_TRACK: "FAST_TRACK" };

export interface ObjectLine { list: string; reason: string; reasonText: string; region: string; regionName: string; added: number; inForce: number; ended: number }
export interface MeasureLine {
  list: string; reason: string; scenario: string; effect: string; legalBasis: string | null; decision: string;
  checks: number; subjects: number; systems: string[]; inCatalogue: boolean;
}
export interface JointMeasuresReportView {
  quarter: string; region: string | null; periodStart: string; periodEnd: string; dueDate: string; overdue: boolean;
  generatedAt: Date; dataVersion: string;
  objects: ObjectLine[];
  objectTotals: { added: number; inForce: number; ended: number; subjects: number };
  measures: MeasureLine[];
  /** Check results a measure decided, over all measures. */
  measureTotals: { checks: number };
  decisions: DecisionCount[];
  effects: EffectCounts & { subjectsLeftList: number };
  cases: CaseRow[];
}

/** "2026-Q3" → its days; anything else is BAD_USER_INPUT. */
export function parseQuarter(label: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(label.trim());
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2100) throw new AppError("BAD_USER_INPUT", msg("jointReport.quarter", { quarter: label }));
  const year = Number(m[1]);
  const q = Number(m[2]);
  const day = (y: number, month: number, d: number) => `${y}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const next = q === 4 ? day(year + 1, 1, 1) : day(year, q * 3 + 1, 1);
  const lastDay = new Date(Date.UTC(year, q * 3, 0)).getUTCDate();
  return { label: `${year}-Q${q}`, start: day(year, q * 3 - 2, 1), end: day(year, q * 3, lastDay), next };
}

/** The quarter a day ("2026-10-01") falls in: "2026-Q4". */
export const quarterOf = (day: string): string => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** The 20th of the month after the quarter (工作推进情况每季度 20 日前报送). */
export const dueDateOf = (quarter: Quarter): string => `${quarter.next.slice(0, 8)}20`;

export class JointReportService {
  constructor(private readonly db: Database, private readonly catalogue: CatalogueService) {}

  async report(input: { quarter: string; region?: string | null }, reader: { today: string; principal: Principal }): Promise<JointMeasuresReportView> {
    const quarter = parseQuarter(input.quarter);
    const own = historyRegion(reader.principal);
    if (own === null) throw new AppError("FORBIDDEN", msg("jointReport.forbidden"));
    const asked = checkRegion(input.region) ?? "";
    if (own && asked && !asked.startsWith(own)) throw new AppError("FORBIDDEN", msg("jointReport.otherRegion"));
    const prefix = asked.length > own.length ? asked : own;
    return this.build(quarter, prefix, reader.today, this.db);
  }

  private async build(quarter: Quarter, prefix: string, today: string, db0: Database): Promise<JointMeasuresReportView> {
    const scope = { quarter, prefix };
    const [objects, uses, decisions, effects, cases, catalogue, dataVersion] = await inSnapshot(db0, async (db) => [
      await objectRows(db, scope), await measureUses(db, scope), await decisionCounts(db, scope), await effectCounts(db, scope),
      await caseRows(db, scope), await this.catalogue.measures({}, db), await readDataVersion(db),
    ] as const);
    const total = objects.find((o) => o.list === null);
    const dueDate = dueDateOf(quarter);
    const measures = measureLines(catalogue, uses);
    return {
      quarter: quarter.label, region: prefix || null, periodStart: quarter.start, periodEnd: quarter.end, dueDate,
      overdue: today > dueDate, generatedAt: new Date(), dataVersion,
      objects: objects.filter((o) => o.list !== null).map((o) => ({
        list: o.list!, reason: o.reasonCode!, reasonText: o.reasonText!, region: o.prefecture!, regionName: regionName(o.prefecture!) ?? o.prefecture!,
        added: o.added, inForce: o.inForce, ended: o.ended,
      })),
      objectTotals: { added: total?.added ?? 0, inForce: total?.inForce ?? 0, ended: total?.ended ?? 0, subjects: total?.subjects ?? 0 },
      measures,
      measureTotals: { checks: measures.reduce((n, m) => n + m.checks, 0) },
      decisions,
      effects: { ...effects, subjectsLeftList: total?.subjectsLeft ?? 0 },
      cases,
    };
  }

  /** The province's report of a quarter as it travels to the partner platforms (no reader: the whole province). */
  provinceReport(quarter: string, today: string, db: Database = this.db): Promise<JointMeasuresReportView> {
    return this.build(parseQuarter(quarter), "", today, db);
  }

  /**
   * Quarters that have ended by `today`, from `from` ("2026-Q1") or else from the quarter of the
   * register's first audit event: the reports that are due (或已逾期) to the partner platforms.
   */
  async endedQuarters(today: string, from: string | undefined, db: Database = this.db): Promise<{ label: string; dueDate: string }[]> {
    const first = from ?? (await firstAuditAt(db).then((at) => (at ? quarterOf(chinaDate(at)) : null)));
    if (!first) return [];
    const out: { label: string; dueDate: string }[] = [];
    for (let q = parseQuarter(first); q.next <= today; q = parseQuarter(quarterOf(q.next))) out.push({ label: q.label, dueDate: dueDateOf(q) });
    return out;
  }

  /** ADMIN: marks a list entry as a case (典型案例) of the joint report, with its facts. */
  async markCase(input: { entryId: string; facts: string }, principal: Principal): Promise<{ id: string; entryId: string }> {
    if (!isUuid(input.entryId)) throw new AppError("BAD_USER_INPUT", msg("error.notAnId", { argument: "entryId" }));
    const facts = input.facts.trim();
    if (!facts || facts.length > 4000) throw new AppError("BAD_USER_INPUT", msg("error.length", { field: "facts", max: 4000 }));
    try {
      const row = await upsertCase(this.db, { entryId: input.entryId, facts, markedBy: principal.id });
      return { id: row.id, entryId: input.entryId };
    } catch (error) {
      if ((error as { code?: string }).code === "23503" || /foreign key/.test(String((error as Error).message))) {
        throw new AppError("NOT_FOUND", msg("notFound.entry"));
      }
      throw error;
    }
  }
}

/** The catalogue's measures with the checks each decided, and the measures checks used that the catalogue no longer has. */
function measureLines(catalogue: MeasureRow[], uses: Awaited<ReturnType<typeof measureUses>>): MeasureLine[] {
  const byKey = new Map<string, MeasureLine>();
  for (const m of catalogue) {
    byKey.set(`${m.scenario}|${m.list}|${m.reasonCode}|${m.effect}`, {
      list: m.list, reason: m.reasonCode, scenario: m.scenario, effect: m.effect, legalBasis: m.legalBasis, decision: DECISION_OF[m.effect]!,
      checks: 0, subjects: 0, systems: [], inCatalogue: true,
    });
  }
  for (const u of uses) {
    const [list, reason, effect] = u.measure.split("|") as [string, string, string];
    const key = `${u.scenario}|${list}|${reason}|${effect}`;
    const line = byKey.get(key) ?? { list, reason, scenario: u.scenario, effect, legalBasis: null, decision: u.decision, checks: 0, subjects: 0, systems: [], inCatalogue: false };
    line.checks += u.checks;
    line.subjects += u.subjects;
    line.systems = [...new Set([...line.systems, ...u.systems])].sort();
    byKey.set(key, line);
  }
  return [...byKey.values()].sort((a, b) => b.checks - a.checks || a.scenario.localeCompare(b.scenario) || a.list.localeCompare(b.list) || a.reason.localeCompare(b.reason));
}
