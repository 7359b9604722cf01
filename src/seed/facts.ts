/**
 * How one row of each register table looks: the texts of records and list entries, document
 * numbers, authorities, and the COPY text-format lines written for them. What rows a subject
 * gets is decided elsewhere (synthetic.ts, showcase.ts); this file only writes them well.
 */
import type { listType } from "../db/schema.js";
import { type WorkingCalendar, workingCalendar } from "../modules/calendar/calendar.rules.js";
import { datesOf, DEFAULT_PERIODS, type IntakeRules, periodFor, type PublicationDates } from "../modules/record/periods.js";
import type { Protector } from "../shared/protect.js";
import type { Prefecture } from "../shared/regions.js";
import { addYears, dayNumber, formatDay, formatInstant, rowId, type Rng } from "./codes.js";
import { DOC_ABBREVIATIONS, type Violation } from "./names.js";

export type RegisterTable = "subject" | "credit_record" | "list_entry" | "evaluation" | "commitment";
export type Kind = "ORGANIZATION" | "PERSON" | "VEHICLE" | "VESSEL";
export type ListType = (typeof listType.enumValues)[number];

/** Load order: subjects before the rows that reference them. */
export const REGISTER_TABLES: readonly RegisterTable[] = ["subject", "credit_record", "list_entry", "evaluation", "commitment"];

export const REGISTER_COLUMNS: Record<RegisterTable, readonly string[]> = {
  subject: ["id", "kind", "identifier", "identifier_sealed", "name", "region", "sectors", "plate_color", "legal_representative", "phone", "address"],
  credit_record: [
    "id", "subject_id", "category", "decision_number", "content", "legal_basis", "decision_date", "authority",
    "source_system", "severity", "field", "fine_amount", "publish_deadline", "published_at", "publication_min_ends", "publication_ends", "status",
  ],
  list_entry: ["id", "subject_id", "list", "reason_code", "reason_text", "basis_record_ids", "authority", "effective_from", "effective_until", "status"],
  evaluation: ["id", "subject_id", "sector", "year", "grade", "evaluator"],
  commitment: ["id", "subject_id", "kind", "matter", "content", "signed_at", "valid_until", "status"],
};

/** A value per register table. */
export function perTable<T>(value: (table: RegisterTable) => T): Record<RegisterTable, T> {
  return Object.fromEntries(REGISTER_TABLES.map((t) => [t, value(t)])) as Record<RegisterTable, T>;
}

/** COPY text lines per table. Generated text has no tabs, newlines or backslashes to escape. */
export class Sink {
  // Lines are kept in arrays and joined once: appending to one growing string builds a rope
  // whose nodes all survive young-generation GC, which made the generator GC-bound.
  private readonly lines = perTable((): string[] => []);
  write(table: RegisterTable, fields: (string | number | null)[]): void {
    for (let i = 0; i < fields.length; i++) if (fields[i] === null) fields[i] = "\\N";
    this.lines[table].push(fields.join("\t"));
  }
  rows(): Record<RegisterTable, number> {
    return perTable((t) => this.lines[t].length);
  }
  /** The COPY text of each table: one newline-terminated line per row. */
  tsv(): Record<RegisterTable, string> {
    return perTable((t) => (this.lines[t].length === 0 ? "" : this.lines[t].join("\n") + "\n"));
  }
}

/** Everything a row writer needs about the subject it writes for. */
export interface SubjectDraft {
  index: number;
  id: string;
  kind: Kind;
  identifier: string;
  name: string;
  region: string;
  prefecture: Prefecture;
  countyName: string;
  sector: string;
  waterway: boolean;
  plateColor: string | null;
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
  /** Rows written so far per table: the tag of a row's id and the sequence of its 文号. */
  written: { record: number; entry: number; evaluation: number; commitment: number };
}

/**
 * Intake's rules (record/periods.ts) as the generator applies them to day numbers: a record gets
 * the deadline and period intake would give it. Results are kept, as a register asks the same
 * questions many times (a few thousand decision days, a few dozen kinds of record).
 */
export class SeedRules {
  private readonly intake: IntakeRules;
  private readonly periods = new Map<string, ReturnType<typeof periodFor>>();
  private readonly workingDays = new Map<number, number>();
  private readonly minMonths = new Map<string, number | null>();

  /** The library's calendar and the default periods unless the database's are given. */
  constructor(intake: IntakeRules = { calendar: workingCalendar(), periods: DEFAULT_PERIODS }) {
    this.intake = { ...intake, calendar: remembering(intake.calendar) };
  }

  /** What intake fixes for a record decided on `day` (publicationDates, with the period of each kind of record kept). */
  publication(category: string, severity: string, field: string, day: number): PublicationDates {
    const key = `${category}|${severity}|${field}`;
    let period = this.periods.get(key);
    if (period === undefined) {
      period = periodFor(this.intake.periods, { category, severity, fields: [field] });
      this.periods.set(key, period);
    }
    return datesOf(this.intake.calendar, period, formatDay(day));
  }

  /** The `n`-th working day after `day` (0: `day` itself), n below 16. */
  workingDayAfter(day: number, n: number): number {
    const key = day * 16 + n;
    let result = this.workingDays.get(key);
    if (result === undefined) {
      result = dayNumber(this.intake.calendar.workingDaysAfter(formatDay(day), n));
      this.workingDays.set(key, result);
    }
    return result;
  }

  /** The minimum period of a list's entries before they can be repaired, in months (null: no rule). */
  entryMinMonths(list: ListType): number | null {
    if (!this.minMonths.has(list)) this.minMonths.set(list, periodFor(this.intake.periods, { category: `LIST_${list}` })?.minMonths ?? null);
    return this.minMonths.get(list)!;
  }
}

/** The calendar with its answers kept: a register asks for the same few thousand days again and again. */
function remembering(calendar: WorkingCalendar): WorkingCalendar {
  const after = new Map<string, string>();
  return {
    ...calendar,
    workingDaysAfter(date, days) {
      const key = `${date}+${days}`;
      let day = after.get(key);
      if (day === undefined) after.set(key, (day = calendar.workingDaysAfter(date, days)));
      return day;
    },
  };
}

export interface Ctx {
  today: number;
  rng: Rng;
  out: Sink;
  rules: SeedRules;
  /** Seals protected values and hashes person IDs as the service stores them; absent: plain. */
  protector?: Protector;
}

const MAX_RECORDS = 8;

export function writeSubject(ctx: Ctx, s: SubjectDraft): void {
  const p = ctx.protector;
  const person = s.kind === "PERSON" && p !== undefined;
  ctx.out.write("subject", [
    s.id, s.kind, person ? p.lookupKey(s.identifier) : s.identifier, person ? p.seal(s.identifier) : null,
    s.name, s.region, `{${s.sector}}`, s.plateColor,
    p ? p.seal(s.legalRepresentative) : s.legalRepresentative, p ? p.seal(s.phone) : s.phone, p ? p.seal(s.address) : s.address,
  ]);
}

export type Category =
  | "LICENSING" | "PENALTY" | "ENFORCEMENT" | "CONFIRMATION" | "LEVY" | "PAYMENT" | "ADJUDICATION" | "COMPENSATION" | "REWARD" | "INSPECTION";

const LICENSING_MATTERS: Record<string, readonly [string, string]> = {
  ROAD_FREIGHT: ["道路货物运输经营许可", "《中华人民共和国道路运输条例》第二十四条"],
  ROAD_PASSENGER: ["道路旅客运输经营许可", "《中华人民共和国道路运输条例》第十条"],
  DANGEROUS_GOODS: ["道路危险货物运输经营许可", "《道路危险货物运输管理规定》第十二条"],
  WATERWAY: ["国内水路运输经营许可", "《国内水路运输管理条例》第十条"],
  DRIVING_SCHOOL: ["机动车驾驶员培训经营备案", "《机动车驾驶员培训管理规定》第十条"],
  VEHICLE_REPAIR: ["机动车维修经营备案", "《机动车维修管理规定》第八条"],
  HIGHWAY_CONSTRUCTION: ["公路建设项目施工许可", "《公路建设市场管理办法》第二十条"],
};

export function licensingMatter(kind: Kind, sector: string): readonly [string, string] {
  if (kind === "PERSON") {
    return sector === "WATERWAY"
      ? ["船员适任证书核发", "《中华人民共和国船员条例》第九条"]
      : ["道路运输从业人员从业资格证核发", "《道路运输从业人员管理规定》第十一条"];
  }
  if (kind === "VEHICLE") return ["道路运输证配发", "《中华人民共和国道路运输条例》第三十三条"];
  if (kind === "VESSEL") return ["船舶营业运输证配发", "《国内水路运输管理规定》第二十四条"];
  return LICENSING_MATTERS[sector] ?? LICENSING_MATTERS.ROAD_FREIGHT!;
}

const OTHER_ACTS: Record<string, readonly [string, string]> = {
  ENFORCEMENT: ["对涉嫌违法超限运输车辆依法予以暂扣，责令卸载", "《中华人民共和国行政强制法》第二十二条"],
  CONFIRMATION: ["道路运输车辆技术等级评定为一级", "《道路运输车辆技术管理规定》第二十一条"],
  LEVY: ["依法收取公路路产损坏赔（补）偿费", "《公路安全保护条例》第六十三条"],
  PAYMENT: ["发放农村客运成品油价格补助资金", "《车辆购置税收入补助地方资金管理暂行办法》第六条"],
  ADJUDICATION: ["对道路运输经营者之间的客运班线经营纠纷作出裁决", "《道路旅客运输及客运站管理规定》第九十条"],
  COMPENSATION: ["因公路建设征收经营场所，依法给予补偿", "《国有土地上房屋征收与补偿条例》第十七条"],
  REWARD: ["被评为年度交通运输安全生产先进单位，予以通报表扬", "《中华人民共和国安全生产法》第十九条"],
  INSPECTION: ["道路运输安全生产监督检查，未发现违法违规问题", "《中华人民共和国道路运输条例》第五十九条"],
};

const DOC_CODES: Record<Category, string> = {
  LICENSING: "许", PENALTY: "执罚", ENFORCEMENT: "执强", CONFIRMATION: "确", LEVY: "征",
  PAYMENT: "给", ADJUDICATION: "裁", COMPENSATION: "补", REWARD: "奖", INSPECTION: "检",
};

function sourceSystem(category: Category, waterway: boolean): string {
  if (category === "LICENSING") return waterway ? "YN-WATER-LICENSING" : "YN-ROAD-LICENSING";
  if (category === "PENALTY" || category === "ENFORCEMENT") return "YN-ENFORCEMENT";
  return category === "INSPECTION" ? "YN-SUPERVISION" : "YN-ADMIN-ACTS";
}

/** The deciding authority and the prefix of its document numbers. */
function authorityFor(ctx: Ctx, s: SubjectDraft, category: Category): readonly [string, string] {
  const r = ctx.rng.next();
  const local = DOC_ABBREVIATIONS[s.prefecture.code]! + "交";
  const enforcing = category === "PENALTY" || category === "ENFORCEMENT" || category === "INSPECTION";
  if (r < 0.1) return [enforcing ? "云南省交通运输综合行政执法局" : "云南省交通运输厅", "云交"];
  if (r < 0.3) return [`${s.prefecture.name}${s.countyName}${enforcing ? "交通运输综合行政执法大队" : "交通运输局"}`, local];
  return [`${s.prefecture.name}${enforcing ? "交通运输综合行政执法支队" : "交通运输局"}`, local];
}

export interface RecordSpec {
  category: Category;
  day: number;
  /** Required for penalties. */
  violation?: Violation;
  severity?: "ORDINARY" | "SERIOUS";
  /**
   * Working days after its publication deadline that the source system sent it: intake publishes
   * a record the moment it arrives, so a late record is published late (never left unpublished).
   */
  lateBy?: number;
  /**
   * Where objections and repairs have moved it (default PUBLISHED). A repair asked for before the
   * minimum period is refused (TOO_EARLY), so REPAIRED before it is written PUBLISHED. Expiry is
   * not a status the register stores: a read calls a record EXPIRED once its period has ended.
   */
  status?: "PUBLISHED" | "UNDER_OBJECTION" | "CORRECTED" | "REVOKED" | "REPAIRED";
}

/**
 * Publication by the source system: on the day of the decision or one of the next working days,
 * or `lateBy` working days after the deadline; never after `today`.
 */
function publishedAt(ctx: Ctx, decided: number, deadline: string, lateBy: number | undefined): string {
  const sent = lateBy === undefined ? ctx.rules.workingDayAfter(decided, ctx.rng.int(0, 5)) : ctx.rules.workingDayAfter(dayNumber(deadline), lateBy);
  const day = Math.min(sent, ctx.today);
  // Published today: by the night's batch at midnight, so never later than the moment the register is seeded.
  return day === ctx.today ? `${formatDay(day)} 00:00:00+08` : formatInstant(day, ctx.rng);
}

/** Writes one credit_record row and returns its id (list entries cite it as basis). */
export function addRecord(ctx: Ctx, s: SubjectDraft, spec: RecordSpec): string {
  const k = s.written.record++;
  if (k >= MAX_RECORDS) throw new RangeError(`a synthetic subject has at most ${MAX_RECORDS} records`);
  const { rng, today } = ctx;
  const id = rowId(s.index, 16 + k, rng);
  const [authority, prefix] = authorityFor(ctx, s, spec.category);
  const year = formatDay(spec.day).slice(0, 4);
  const decisionNumber = `${prefix}${DOC_CODES[spec.category]}〔${year}〕${String(s.index * MAX_RECORDS + k + 1).padStart(4, "0")}号`;
  let content: string;
  let basis: string;
  let field = "道路运输";
  let fine: number | null = null;
  if (spec.category === "PENALTY") {
    const v = spec.violation!;
    fine = rng.pick(v.fines);
    content = `${v.content}，违反${v.basis}的规定，责令改正，处罚款人民币${fine}元`;
    basis = v.basis;
    field = v.field;
  } else if (spec.category === "LICENSING") {
    const [matter, law] = licensingMatter(s.kind, s.sector);
    content = `${matter}：准予许可，有效期至${formatDay(addYears(spec.day, s.kind === "ORGANIZATION" ? 4 : 6))}`;
    basis = law;
  } else {
    [content, basis] = OTHER_ACTS[spec.category]!;
  }
  if (s.waterway && field === "道路运输") field = "水路运输";
  const severity = spec.severity ?? "ORDINARY";
  const dates = ctx.rules.publication(spec.category, severity, field, spec.day);
  let status = spec.status ?? "PUBLISHED";
  if (status === "REPAIRED" && dates.publicationMinEnds !== null && dates.publicationMinEnds > formatDay(today)) status = "PUBLISHED";
  ctx.out.write("credit_record", [
    id, s.id, spec.category, decisionNumber, content, basis, formatDay(spec.day), authority,
    sourceSystem(spec.category, s.waterway), severity, field, fine,
    dates.publishDeadline, publishedAt(ctx, spec.day, dates.publishDeadline, spec.lateBy), dates.publicationMinEnds, dates.publicationEnds, status,
  ]);
  return id;
}

/** Reason codes of list entries and the reason text officials read. */
export const REASONS: Record<string, { list: ListType; text: string }> = {
  OVERLOAD_REPEATED: { list: "BLACK", text: "一年内违法超限运输超过3次，列入严重违法超限超载运输失信名单" },
  OVERLOAD_FLEET: { list: "BLACK", text: "违法超限运输车辆超过本单位车辆总数10%，被责令停业整顿" },
  SERIOUS_ACCIDENT: { list: "BLACK", text: "发生较大及以上等级生产安全责任事故，负有主要责任" },
  FRAUD_LICENSING: { list: "BLACK", text: "以欺骗、贿赂等不正当手段取得行政许可" },
  REFUSE_ENFORCEMENT: { list: "BLACK", text: "拒不履行已生效的行政处罚决定，经催告后仍不履行" },
  ILLEGAL_OPERATION: { list: "BLACK", text: "未取得经营许可擅自从事运输经营，情节严重" },
  AAA_GRADE: { list: "RED", text: "年度信用评价为AAA级" },
  MODEL_ENTERPRISE: { list: "RED", text: "被评为交通运输行业诚信示范企业" },
  EXCELLENT_DRIVER: { list: "RED", text: "年度诚信考核为AAA级，被评为诚信驾驶员" },
  UNPAID_FINE: { list: "WATCH", text: "行政处罚决定作出后逾期未缴纳罚款" },
  REPEATED_COMPLAINTS: { list: "WATCH", text: "一年内被有效投诉3次以上" },
  SAFETY_HAZARD: { list: "WATCH", text: "存在重大安全隐患，逾期未完成整改" },
};

export interface EntrySpec {
  reason: string;
  basis?: readonly string[];
  from: number;
  until: number | null;
  /** Where objections and repairs have moved it (default ACTIVE). Expiry is found at read time, from `until`. */
  status?: "ACTIVE" | "REPAIRED" | "REVOKED";
}

export function addEntry(ctx: Ctx, s: SubjectDraft, spec: EntrySpec): void {
  const { list, text } = REASONS[spec.reason]!;
  const id = rowId(s.index, 64 + s.written.entry++, ctx.rng);
  const authority = list === "RED" || ctx.rng.chance(0.4) ? "云南省交通运输厅" : `${s.prefecture.name}交通运输局`;
  ctx.out.write("list_entry", [
    id, s.id, list, spec.reason, text, `{${(spec.basis ?? []).join(",")}}`, authority,
    formatDay(spec.from), spec.until === null ? null : formatDay(spec.until), spec.status ?? "ACTIVE",
  ]);
}

export function addEvaluation(ctx: Ctx, s: SubjectDraft, year: number, grade: string): void {
  const id = rowId(s.index, 96 + s.written.evaluation++, ctx.rng);
  const evaluator = s.kind === "ORGANIZATION" ? "云南省交通运输厅" : `${s.prefecture.name}交通运输局`;
  ctx.out.write("evaluation", [id, s.id, s.sector, year, grade, evaluator]);
}

export interface CommitmentSpec {
  kind: "LICENSING" | "REPAIR";
  signed: number;
  validUntil: number | null;
  /** Registration makes a commitment VALID; its end is read from `validUntil`. */
  status: "VALID";
}

export function addCommitment(ctx: Ctx, s: SubjectDraft, spec: CommitmentSpec): void {
  const id = rowId(s.index, 128 + s.written.commitment++, ctx.rng);
  const [matter] = licensingMatter(s.kind, s.sector);
  const [what, content] = spec.kind === "LICENSING"
    ? [matter, "本单位郑重承诺：所提交的申请材料真实、合法、有效，符合许可条件；严格遵守交通运输法律法规，依法诚信经营；如有违反，自愿承担相应法律责任并接受失信惩戒。"]
    : [`信用修复（${matter}）`, "本单位已全面履行行政处罚决定并完成整改，郑重承诺今后严格遵守相关法律法规，不再发生同类违法失信行为；如有违反，自愿接受从重处理。"];
  ctx.out.write("commitment", [
    id, s.id, spec.kind, what, content, formatInstant(spec.signed, ctx.rng),
    spec.validUntil === null ? null : formatDay(spec.validUntil), spec.status,
  ]);
}
