import { describe, expect, it } from "vitest";
import { workingCalendar } from "../../src/modules/calendar/calendar.rules.js";
import { addMonths, DEFAULT_PERIODS, periodFor } from "../../src/modules/record/periods.js";
import { generateRegister, DEMO_SEED, DEMO_SHOWCASE, REGISTER_COLUMNS, REGISTER_TABLES, type RegisterTable } from "../../src/seed/synthetic.js";
import { parsePlate, parseResidentId, parseUscc, parseVesselId, type PlateColor } from "../../src/shared/identifiers.js";
import { PREFECTURES, regionName, regionOfPlate } from "../../src/shared/regions.js";

type Row = Record<string, string | null>;
type Register = Record<RegisterTable, Row[]>;

const TODAY = "2026-03-10";

function generate(subjects: number, seed: number, today = TODAY, extra: { batchSize?: number; startIndex?: number } = {}): { tsv: Record<RegisterTable, string> } & Register {
  const tsv = { subject: "", credit_record: "", list_entry: "", evaluation: "", commitment: "" } as Record<RegisterTable, string>;
  for (const batch of generateRegister({ subjects, seed, today, ...extra })) {
    for (const t of REGISTER_TABLES) tsv[t] += batch.tsv[t];
  }
  const rows = (t: RegisterTable): Row[] =>
    tsv[t].split("\n").filter((l) => l !== "").map((line) => {
      const fields = line.split("\t");
      expect(fields).toHaveLength(REGISTER_COLUMNS[t].length);
      return Object.fromEntries(REGISTER_COLUMNS[t].map((c, i) => [c, fields[i] === "\\N" ? null : fields[i]!]));
    });
  return { tsv, subject: rows("subject"), credit_record: rows("credit_record"), list_entry: rows("list_entry"), evaluation: rows("evaluation"), commitment: rows("commitment") };
}

const byKind = (reg: Register, kind: string): Row[] => reg.subject.filter((s) => s.kind === kind);
const share = (part: number, whole: number): number => part / whole;
const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const isActive = (e: Row, today: string): boolean =>
  e.status === "ACTIVE" && e.effective_from! <= today && (e.effective_until === null || e.effective_until > today);

describe("the synthetic register of 20,000 subjects", () => {
  const reg = generate(20_000, 7);
  const subjects = reg.subject;

  it("has only identifiers that parse, in canonical form, and are unique per kind", () => {
    const today = new Date(`${TODAY}T12:00:00`);
    const parse: Record<string, (s: Row) => string> = {
      ORGANIZATION: (s) => parseUscc(s.identifier!),
      PERSON: (s) => parseResidentId(s.identifier!, today),
      VEHICLE: (s) => parsePlate(s.identifier!, s.plate_color as PlateColor),
      VESSEL: (s) => parseVesselId(s.identifier!),
    };
    for (const s of subjects) expect(parse[s.kind!]!(s)).toBe(s.identifier);
    for (const kind of Object.keys(parse)) {
      const ids = byKind(reg, kind).map((s) => s.identifier);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("has row ids shaped like UUIDs and unique across all tables", () => {
    const ids = REGISTER_TABLES.flatMap((t) => reg[t].map((r) => r.id!));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has the kinds in their shares: 55% organizations, 30% people, 12% vehicles, 3% vessels", () => {
    const n = subjects.length;
    expect(share(byKind(reg, "ORGANIZATION").length, n)).toBeCloseTo(0.55, 2);
    expect(share(byKind(reg, "PERSON").length, n)).toBeCloseTo(0.3, 2);
    expect(share(byKind(reg, "VEHICLE").length, n)).toBeCloseTo(0.12, 2);
    expect(share(byKind(reg, "VESSEL").length, n)).toBeCloseTo(0.03, 2);
  });

  it("covers all 16 prefectures with known regions, and a vehicle's plate letter is its prefecture's", () => {
    const prefixes = new Set(subjects.map((s) => s.region!.slice(0, 4)));
    expect([...prefixes].sort()).toEqual(PREFECTURES.map((p) => p.code).sort());
    for (const s of subjects) expect(regionName(s.region!)).not.toBeNull();
    for (const v of byKind(reg, "VEHICLE")) expect(regionOfPlate(v.identifier!)!.slice(0, 4)).toBe(v.region!.slice(0, 4));
  });

  it("has about 2% blacklisted, 3% red-listed and 1.5% watched subjects", () => {
    const listed = (list: string): number => new Set(reg.list_entry.filter((e) => e.list === list).map((e) => e.subject_id)).size;
    expect(share(listed("BLACK"), subjects.length)).toBeGreaterThan(0.015);
    expect(share(listed("BLACK"), subjects.length)).toBeLessThan(0.025);
    expect(share(listed("RED"), subjects.length)).toBeGreaterThan(0.025);
    expect(share(listed("RED"), subjects.length)).toBeLessThan(0.035);
    expect(share(listed("WATCH"), subjects.length)).toBeGreaterThan(0.01);
    expect(share(listed("WATCH"), subjects.length)).toBeLessThan(0.02);
    const active = reg.list_entry.filter((e) => isActive(e, TODAY)).length;
    expect(share(active, reg.list_entry.length)).toBeGreaterThan(0.7);
  });

  it("has records whose dates, publication and document numbers follow the rules", () => {
    const records = reg.credit_record;
    const calendar = workingCalendar();
    expect(share(records.length, subjects.length)).toBeGreaterThan(0.5);
    expect(share(records.filter((r) => r.category === "LICENSING").length, records.length)).toBeGreaterThan(0.45);
    expect(share(records.filter((r) => r.category === "PENALTY").length, records.length)).toBeGreaterThan(0.3);
    const numbers = records.map((r) => `${r.source_system} ${r.decision_number}`);
    expect(new Set(numbers).size).toBe(numbers.length);
    const subjectIds = new Set(subjects.map((s) => s.id));
    for (const r of records) {
      expect(subjectIds.has(r.subject_id)).toBe(true);
      expect(r.decision_number).toMatch(/^.{2,3}(许|执罚|执强|确|征|给|裁|补|奖|检)〔20[0-9]{2}〕[0-9]{4,}号$/);
      expect(days(r.decision_date!, TODAY)).toBeGreaterThanOrEqual(0);
      expect(days(r.decision_date!, TODAY)).toBeLessThan(3 * 366);
      // Intake's rules: 7 working days on the calendar, the period of its category, severity and field.
      expect(r.publish_deadline).toBe(calendar.workingDaysAfter(r.decision_date!, 7));
      if (r.published_at !== null) expect(r.published_at.slice(0, 10) >= r.decision_date! && r.published_at.slice(0, 10) <= TODAY).toBe(true);
      const period = periodFor(DEFAULT_PERIODS, { category: r.category!, severity: r.severity, fields: [r.field] })!;
      expect([r.publication_min_ends, r.publication_ends]).toEqual([addMonths(r.decision_date!, period.minMonths), addMonths(r.decision_date!, period.maxMonths)]);
      expect(r.fine_amount === null).toBe(r.category !== "PENALTY");
    }
    // Intake publishes what arrives: every record is published, about one in ten after its deadline.
    expect(records.filter((r) => r.published_at === null)).toEqual([]);
    const late = records.filter((r) => r.published_at!.slice(0, 10) > r.publish_deadline!).length;
    expect(share(late, records.length)).toBeGreaterThan(0.05);
    expect(share(late, records.length)).toBeLessThan(0.15);
  });

  it("blacklists for repeated overloading on 4 penalties of the same subject within one year", () => {
    const records = new Map(reg.credit_record.map((r) => [r.id, r]));
    const overload = reg.list_entry.filter((e) => e.reason_code === "OVERLOAD_REPEATED");
    expect(overload.length).toBeGreaterThan(0);
    for (const e of overload) {
      const basis = e.basis_record_ids!.slice(1, -1).split(",").map((id) => records.get(id)!);
      expect(basis).toHaveLength(4);
      for (const r of basis) expect([r.category, r.subject_id]).toEqual(["PENALTY", e.subject_id]);
      const dates = basis.map((r) => r.decision_date!).sort();
      expect(days(dates[0]!, dates[3]!)).toBeLessThanOrEqual(365);
      expect(dates[3]! <= e.effective_from!).toBe(true);
    }
  });

  it("grades organizations and people only, at most once per sector and year", () => {
    const kinds = new Map(subjects.map((s) => [s.id, s.kind]));
    const keys = reg.evaluation.map((e) => `${e.subject_id} ${e.sector} ${e.year}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of reg.evaluation) {
      expect(["ORGANIZATION", "PERSON"]).toContain(kinds.get(e.subject_id));
      expect(["AAA", "AA", "A", "B"]).toContain(e.grade);
    }
    const committed = new Set(reg.commitment.map((c) => c.subject_id)).size;
    expect(share(committed, byKind(reg, "ORGANIZATION").length)).toBeGreaterThan(0.03);
    expect(share(committed, byKind(reg, "ORGANIZATION").length)).toBeLessThan(0.08);
  });
});

describe("determinism", () => {
  it("the same seed gives the same register, whatever the batch size", () => {
    const a = generate(3_000, 11);
    expect(generate(3_000, 11).tsv).toEqual(a.tsv);
    expect(generate(3_000, 11, TODAY, { batchSize: 700 }).tsv).toEqual(a.tsv);
  });

  it("another seed gives another register with the same kinds in the same places", () => {
    const [a, b] = [generate(500, 1), generate(500, 2)];
    expect(b.subject.map((s) => s.kind)).toEqual(a.subject.map((s) => s.kind));
    expect(b.subject.map((s) => s.name)).not.toEqual(a.subject.map((s) => s.name));
  });

  it("a register extended from startIndex has no identifier twice", () => {
    const [a, b] = [generate(4_000, 1), generate(4_000, 9, TODAY, { startIndex: 4_000 })];
    const all = [...a.subject, ...b.subject].map((s) => `${s.kind} ${s.identifier}`);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("the demo register's showcase subjects", () => {
  for (const today of ["2026-03-10", "2031-07-01"]) {
    const reg = generate(300, DEMO_SEED, today);
    const find = (key: keyof typeof DEMO_SHOWCASE): { s: Row; records: Row[]; entries: Row[] } => {
      const want = DEMO_SHOWCASE[key];
      const s = reg.subject.find((x) => x.kind === want.kind && x.identifier === want.identifier)!;
      expect(s, key).toBeDefined();
      expect([s.name, s.region]).toEqual([want.name, want.region]);
      return { s, records: reg.credit_record.filter((r) => r.subject_id === s.id), entries: reg.list_entry.filter((e) => e.subject_id === s.id) };
    };
    const published = (r: Row): boolean => r.published_at !== null && r.status === "PUBLISHED";

    it(`are present with what they promise when seeded on ${today}`, () => {
      const org = find("blacklistedOrg");
      const black = org.entries.find((e) => e.list === "BLACK" && isActive(e, today))!;
      expect(black).toBeDefined();
      expect(org.records.some((r) => r.category === "PENALTY" && published(r) && black.basis_record_ids!.includes(r.id!))).toBe(true);

      const red = find("redOrg");
      expect(red.entries.some((e) => e.list === "RED" && isActive(e, today))).toBe(true);
      const grades = reg.evaluation.filter((e) => e.subject_id === red.s.id).sort((a, b) => Number(b.year) - Number(a.year));
      expect(grades[0]!.grade).toBe("AAA");
      expect(reg.commitment.some((c) => c.subject_id === red.s.id && c.status === "VALID" && c.valid_until! > today)).toBe(true);

      expect(find("watchOrg").entries.some((e) => e.list === "WATCH" && isActive(e, today))).toBe(true);

      for (const key of ["blacklistedDriver", "blacklistedVehicle"] as const) {
        const x = find(key);
        const entry = x.entries.find((e) => e.reason_code === "OVERLOAD_REPEATED" && isActive(e, today))!;
        expect(entry.basis_record_ids!.split(",")).toHaveLength(4);
        expect(x.records.filter((r) => r.category === "PENALTY" && published(r))).toHaveLength(4);
      }
      expect(find("blacklistedVehicle").s.plate_color).toBe("YELLOW");
      expect(DEMO_SHOWCASE.blacklistedVehicle.identifier.startsWith("云A")).toBe(true);

      const nobody = find("privatePerson");
      expect([nobody.records, nobody.entries]).toEqual([[], []]);

      expect(find("vesselWithRecord").records.some(published)).toBe(true);

      const late = find("latePublishedOrg");
      expect(late.records.some((r) => r.published_at!.slice(0, 10) > r.publish_deadline! && r.publish_deadline! < today)).toBe(true);
      expect(late.entries.some((e) => e.status === "ACTIVE" && e.effective_until! <= today)).toBe(true);
    });
  }
});
