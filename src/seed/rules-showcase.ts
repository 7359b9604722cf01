/**
 * The demo register's listing-rule showcase (issue 12 point 6), taken in through the service's own
 * intake so that the listing rules act on it as they would on a source system's records: a
 * vehicle with 3 over-limit penalties in a year (warned, not listed), one with 4 (listed by the
 * rule) and its driver (listed through the parties of those penalties), and 昆明滇运物流有限公司,
 * whose over-limit vehicles are more than 10% of its fleet (listed by the fleet rule).
 */
import type { Principal } from "../auth/principal.js";
import type { DatabaseHandle } from "../db/client.js";
import { CalendarService } from "../modules/calendar/calendar.service.js";
import { CatalogueService } from "../modules/catalogue/catalogue.service.js";
import { type RecordInput, RecordService } from "../modules/record/record.service.js";
import { RulesService } from "../modules/rules/rules.service.js";
import { SubjectService } from "../modules/subject/subject.service.js";
import type { Protector } from "../shared/protect.js";
import { plateOf, residentIdOf } from "./codes.js";
import { DEMO_SHOWCASE } from "./showcase.js";

const operator = DEMO_SHOWCASE.blacklistedOrg;
const plate = (ordinal: number) => plateOf("ORDINARY", ordinal, "A");

export const RULES_SHOWCASE = {
  /** 3 over-limit penalties within a year: a NEAR_LISTING warning, no entry. */
  warnedVehicle: { kind: "VEHICLE", identifier: plate(2), name: `${plate(2)} 重型仓栅式货车`, plateColor: "YELLOW" },
  /** 4 over-limit penalties within a year: BLACK (OVERLOAD_REPEATED) by rule OVERLIMIT_VEHICLE. */
  ruleListedVehicle: { kind: "VEHICLE", identifier: plate(3), name: `${plate(3)} 重型半挂牵引车`, plateColor: "YELLOW" },
  /** The driver named on those 4 penalties: BLACK (OVERLOAD_REPEATED) by rule OVERLIMIT_DRIVER. */
  ruleListedDriver: { kind: "PERSON", identifier: residentIdOf(2), name: "赵永福" },
} as const;

/** Vehicles 昆明滇运 operates besides the two above: its fleet is 12, 2 of them over the limit (16.7% > 10%). */
const FLEET = Array.from({ length: 10 }, (_, i) => plate(4 + i));

const SEED_PRINCIPAL: Principal = { role: "SYSTEM", id: "seed:demo", name: "demo register", region: null, keyId: null };

const dayBefore = (today: string, days: number) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

export async function seedRuleShowcase(handle: DatabaseHandle, protector: Protector, today: string): Promise<{ records: number; entries: number }> {
  const db = handle.db;
  const rules = new RulesService(db, 100);
  await rules.ensureDefaults();
  const intake = new RecordService(db, protector, new CalendarService(db), 100, new SubjectService(db, 100, protector), new CatalogueService(db), rules);
  let n = 0;
  const byOperator = { role: "OPERATOR" as const, subject: { kind: operator.kind, identifier: operator.identifier }, subjectName: operator.name };
  const licence = (identifier: string, name: string): RecordInput => ({
    sourceSystem: "YN-ROADTRANSPORT", decisionNumber: `云运证〔演示〕${++n}号`, category: "LICENSING",
    subject: { kind: "VEHICLE", identifier, plateColor: "YELLOW" }, subjectName: name, content: "道路运输证核发（道路普通货物运输）",
    decisionDate: dayBefore(today, 500 + n), authority: "昆明市道路运输管理局", parties: [byOperator],
  });
  const overLimit = (vehicle: { identifier: string; name: string }, daysAgo: number, driver?: { identifier: string; name: string }): RecordInput => ({
    sourceSystem: "YN-OVERLOAD", decisionNumber: `云治超罚〔演示〕${++n}号`, category: "PENALTY",
    subject: { kind: "VEHICLE", identifier: vehicle.identifier, plateColor: "YELLOW" }, subjectName: vehicle.name,
    content: "违法超限运输，车货总质量超过限定标准，罚款 3000 元", legalBasis: "《公路安全保护条例》第六十四条",
    decisionDate: dayBefore(today, daysAgo), authority: "昆明市交通运输综合行政执法支队", fineAmount: 3000, violation: "OVERLIMIT_TRANSPORT",
    parties: [byOperator, ...(driver ? [{ role: "DRIVER" as const, subject: { kind: "PERSON" as const, identifier: driver.identifier }, subjectName: driver.name }] : [])],
  });
  const { warnedVehicle: warned, ruleListedVehicle: listed, ruleListedDriver: driver } = RULES_SHOWCASE;
  const inputs: RecordInput[] = [
    licence(warned.identifier, warned.name), licence(listed.identifier, listed.name),
    ...FLEET.map((p) => licence(p, `${p} 重型普通货车`)),
    ...[280, 150, 20].map((d) => overLimit(warned, d)),
    ...[300, 220, 130, 40].map((d) => overLimit(listed, d, driver)),
  ];
  const result = await intake.submit(inputs, { today, principal: SEED_PRINCIPAL });
  return { records: result.created, entries: result.acts.length };
}
