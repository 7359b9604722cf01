// Listing rules over HTTP (issue 12, "What it must show"): the rule acts in the transaction of the
// intake, objection or repair that changed the facts; entries carry the rule, their basis records
// and the date of the decision that tipped them; re-sending changes nothing; racing intakes make one entry.
import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvent, listEntry, stateChange } from "../../src/db/schema.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, residentId, uscc } from "../support/fixtures.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { created updated unchanged records { id decisionNumber violation } } }`;
const ENTRIES = `query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries(includeInactive: true) { id list reason rule status effectiveFrom effectiveUntil reasonText authority } } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { decision reasons { code listEntry { reason rule } } } } }`;

let system: Headers;
let admin: Headers;
beforeAll(async () => {
  system = (await withKey(server.db, "SYSTEM", "云南省治超信息系统")).headers;
  admin = await asAdmin();
});
beforeEach(() => server.reset().then(async () => { system = (await withKey(server.db, "SYSTEM", "云南省治超信息系统")).headers; }));

let n = 0;
const plate = () => `云A${String(10000 + (++n % 89999)).padStart(5, "0")}`;
const vehicleRef = (identifier: string) => ({ kind: "VEHICLE", identifier, plateColor: "YELLOW" });

/** An over-limit penalty of `vehicle` decided `daysAgo` days ago, naming its driver and operator when given. */
const overLimit = (vehicle: string, daysAgo: number, parties: { driver?: string; operator?: string } = {}, values: Record<string, unknown> = {}) => ({
  sourceSystem: "YN-OVERLOAD", decisionNumber: `云治超罚〔2026〕${++n}号`, category: "PENALTY", subject: vehicleRef(vehicle),
  subjectName: `${vehicle} 重型半挂牵引车`, content: "违法超限运输，车货总质量超限 32%，罚款 3000 元", decisionDate: daysFromToday(-daysAgo),
  authority: "昆明市交通运输综合行政执法支队", fineAmount: 3000, violation: "OVERLIMIT_TRANSPORT",
  parties: [
    ...(parties.driver ? [{ role: "DRIVER", subject: { kind: "PERSON", identifier: parties.driver }, subjectName: "张建华" }] : []),
    ...(parties.operator ? [{ role: "OPERATOR", subject: { kind: "ORGANIZATION", identifier: parties.operator }, subjectName: "昆明测试物流有限公司" }] : []),
  ],
  ...values,
});
const submit = async (input: unknown[]) => (await ok(SUBMIT, { input }, system)).submitRecords;
const entriesOf = async (ref: Record<string, unknown>) => (await ok(ENTRIES, { ref }, admin)).subject?.listEntries ?? [];
const decisionOf = async (ref: Record<string, unknown>, scenario = "LICENSING") =>
  (await ok(CHECK, { input: { scenario, subjects: [ref] } }, system)).check.results[0];

describe("more than 3 over-limit penalties within 365 days puts a vehicle on the blacklist", () => {
  it("3 penalties in a year: no entry", async () => {
    const v = plate();
    await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 10)]);
    expect(await entriesOf(vehicleRef(v))).toEqual([]);
    expect((await decisionOf(vehicleRef(v))).decision).toBe("PASS");
  });

  it("4 penalties in a year: an entry from the 4th decision's date, made by the rule, on the four records", async () => {
    const v = plate();
    const { records } = await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 100)]);
    const fourth = await submit([overLimit(v, 5)]);
    const [entry] = await entriesOf(vehicleRef(v));
    expect(entry).toMatchObject({ list: "BLACK", reason: "OVERLOAD_REPEATED", rule: "OVERLIMIT_VEHICLE", status: "ACTIVE", effectiveFrom: daysFromToday(-5) });
    expect(entry.reasonText).toContain("超限运输超过3次");
    const [row] = await server.db.select().from(listEntry).where(eq(listEntry.id, entry.id));
    expect([...row!.basisRecordIds].sort()).toEqual([...records.map((r: any) => r.id), fourth.records[0].id].sort());
    const check = await decisionOf(vehicleRef(v));
    expect(check.decision).toBe("REVIEW");
    expect(check.reasons.map((r: any) => r.listEntry?.rule)).toContain("OVERLIMIT_VEHICLE");
  });

  it("4 penalties spread over 13 months: no entry", async () => {
    const v = plate();
    await submit([overLimit(v, 395), overLimit(v, 280), overLimit(v, 150), overLimit(v, 20)]);
    expect(await entriesOf(vehicleRef(v))).toEqual([]);
  });

  it("the driver named as a party on 4 penalties (of different vehicles) is listed too", async () => {
    const driver = residentId("530102", "19800101");
    const vehicles = [plate(), plate(), plate(), plate()];
    await submit(vehicles.slice(0, 3).map((v, i) => overLimit(v, 200 - i * 50, { driver })));
    expect(await entriesOf({ kind: "PERSON", identifier: driver })).toEqual([]);
    await submit([overLimit(vehicles[3]!, 3, { driver })]);
    const [entry] = await entriesOf({ kind: "PERSON", identifier: driver });
    expect(entry).toMatchObject({ reason: "OVERLOAD_REPEATED", rule: "OVERLIMIT_DRIVER", effectiveFrom: daysFromToday(-3) });
    for (const v of vehicles) expect(await entriesOf(vehicleRef(v))).toEqual([]);
    // The driver's page shows the penalties that name it, though they are the vehicles' records.
    const page = await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { records { id } partyRecords { decisionNumber violation } } }`, { ref: { kind: "PERSON", identifier: driver } }, admin);
    expect(page.subject.records).toEqual([]);
    expect(page.subject.partyRecords).toHaveLength(4);
    expect(page.subject.partyRecords.every((r: any) => r.violation === "OVERLIMIT_TRANSPORT")).toBe(true);
  });

  it("a re-sent record changes nothing: no second entry, no new history", async () => {
    const v = plate();
    const batch = [overLimit(v, 300), overLimit(v, 200), overLimit(v, 100), overLimit(v, 5)];
    await submit(batch);
    const history = (await server.db.select().from(stateChange)).length;
    const again = await submit(batch);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await entriesOf(vehicleRef(v))).toHaveLength(1);
    expect((await server.db.select().from(stateChange)).length).toBe(history);
  });

  it("two intakes racing with the 4th penalty make one entry", async () => {
    const v = plate();
    await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 100)]);
    await Promise.all([submit([overLimit(v, 6)]), submit([overLimit(v, 4)]), submit([overLimit(v, 2)])]);
    const entries = await entriesOf(vehicleRef(v));
    expect(entries).toHaveLength(1);
    expect(entries[0].status).toBe("ACTIVE");
  });

  it("the entry is the rule's act: its history names the rule and the intake's audit event says what the rule did", async () => {
    const v = plate();
    await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 100), overLimit(v, 5)]);
    const [entry] = await server.db.select().from(listEntry).where(isNotNull(listEntry.rule));
    const [change] = await server.db.select().from(stateChange).where(and(eq(stateChange.entityId, entry!.id), eq(stateChange.entity, "ENTRY")));
    expect(change).toMatchObject({ actor: "rule:OVERLIMIT_VEHICLE", toStatus: "ACTIVE", cause: "intake:YN-OVERLOAD" });
    const events = await server.db.select().from(auditEvent);
    const intake = events.find((e) => e.detail?.includes("OVERLIMIT_VEHICLE"));
    expect(intake?.operation).toContain("submitRecords");
    expect(JSON.parse(intake!.detail!).acts[0]).toMatchObject({ action: "LISTED", rule: "OVERLIMIT_VEHICLE", entryId: entry!.id });
    expect(intake!.subjectIds).toContain(entry!.subjectId);
  });
});

describe("facts that change after the entry", () => {
  const FILE = `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id } }`;
  const DECIDE = `mutation ($id: ID!, $upheld: Boolean!, $answer: String!) { decideObjection(id: $id, upheld: $upheld, answer: $answer) { status } }`;

  it("an upheld objection revoking one of the four ends the entry (REVOKED, with the answer) and the next check changes", async () => {
    const v = plate();
    const { records } = await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 100), overLimit(v, 5)]);
    expect((await decisionOf(vehicleRef(v))).decision).toBe("REVIEW");
    const objection = (await ok(FILE, { input: { targetKind: "RECORD", targetId: records[1].id, reason: "称重设备未检定", evidence: "计量检定证书" } }, system)).fileObjection;
    await ok(DECIDE, { id: objection.id, upheld: true, answer: "称重数据无效，撤销该处罚" }, admin);
    const [entry] = await entriesOf(vehicleRef(v));
    expect(entry.status).toBe("REVOKED");
    const [change] = await server.db.select().from(stateChange).where(and(eq(stateChange.entityId, entry.id), eq(stateChange.toStatus, "REVOKED")));
    expect(change!.reason).toBe("称重数据无效，撤销该处罚");
    expect((await decisionOf(vehicleRef(v))).decision).toBe("PASS");
  });

  it("with five penalties, revoking one leaves four: the rule lists again on the remaining records", async () => {
    const v = plate();
    const { records } = await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 100), overLimit(v, 50), overLimit(v, 5)]);
    const objection = (await ok(FILE, { input: { targetKind: "RECORD", targetId: records[0].id, reason: "非本车", evidence: "行驶证" } }, system)).fileObjection;
    await ok(DECIDE, { id: objection.id, upheld: true, answer: "车辆认定错误，撤销" }, admin);
    const entries = await entriesOf(vehicleRef(v));
    expect(entries.map((e: any) => e.status).sort()).toEqual(["ACTIVE", "REVOKED"]);
    const relisted = entries.find((e: any) => e.status === "ACTIVE");
    expect(relisted.effectiveFrom).toBe(daysFromToday(-5));
    // The rule's act is in the decision's audit event.
    const decision = (await server.db.select().from(auditEvent)).find((e) => e.operation.includes("decideObjection") && e.outcome === "OK");
    expect(JSON.parse(decision!.detail!).acts).toEqual([expect.objectContaining({ action: "LISTED", rule: "OVERLIMIT_VEHICLE", entryId: relisted.id })]);
  });
});

describe("a repair of a basis record", () => {
  const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
  const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`;
  const DECIDE = `mutation ($id: ID!, $approved: Boolean!, $reason: String!) { decideRepair(id: $id, approved: $approved, reason: $reason) { status } }`;

  it("an approved repair of one of the four ends the entry, the rule does not list on the three left, and the next check changes", async () => {
    const v = plate();
    const { records } = await submit([overLimit(v, 300), overLimit(v, 200), overLimit(v, 150), overLimit(v, 120)]);
    const [listed] = await entriesOf(vehicleRef(v));
    expect(listed).toMatchObject({ status: "ACTIVE", rule: "OVERLIMIT_VEHICLE" });
    expect((await decisionOf(vehicleRef(v))).decision).toBe("REVIEW");
    await ok(COMMIT, { input: { ref: vehicleRef(v), kind: "REPAIR", matter: "信用修复", content: "本车已卸载超限货物并缴清罚款，今后依法装载", signedAt: new Date(Date.now() - 3600_000).toISOString() } }, system);
    const repair = (await ok(APPLY, { input: { targetKind: "RECORD", targetId: records[0].id, reason: "已整改并缴清罚款" } }, system)).applyRepair;
    expect((await ok(DECIDE, { id: repair.id, approved: true, reason: "整改到位，同意修复" }, admin)).decideRepair.status).toBe("APPROVED");
    const entries = await entriesOf(vehicleRef(v));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: listed.id });
    expect(entries[0].status).not.toBe("ACTIVE");
    // No entry decides the check any more (the repair commitment signed for it now speeds licensing up).
    const after = await decisionOf(vehicleRef(v));
    expect(after.reasons.filter((r: any) => r.listEntry)).toEqual([]);
    expect(after.decision).toBe("FAST_TRACK");
  });
});

describe("rules are data", () => {
  const SET = `mutation ($input: ListRuleInput!) { setListRule(input: $input) { code threshold windowDays reason active } }`;
  const RULES = `{ listRules { code violation role kind threshold windowDays list reason entryMonths basis active } violations { code name legalBasis } }`;

  it("the defaults cite the joint punishment memorandum, and the catalogue holds the memorandum's serious cases", async () => {
    const { listRules, violations } = await ok(RULES, {}, {});
    expect(listRules.find((r: any) => r.code === "OVERLIMIT_VEHICLE")).toMatchObject({ violation: "OVERLIMIT_TRANSPORT", role: "VEHICLE", kind: "COUNT", threshold: 3, windowDays: 365, list: "BLACK", reason: "OVERLOAD_REPEATED" });
    expect(listRules.find((r: any) => r.code === "OVERLIMIT_FLEET")).toMatchObject({ role: "OPERATOR", kind: "FLEET_SHARE", threshold: 10 });
    expect(listRules.every((r: any) => r.basis.includes("联合惩戒的合作备忘录"))).toBe(true);
    expect(violations.map((v: any) => v.code)).toEqual(expect.arrayContaining(["OVERLIMIT_TRANSPORT", "SUSPENSION_ORDERED", "OVERLIMIT_PERMIT_FRAUD"]));
    expect(violations.length).toBeGreaterThanOrEqual(9);
  });

  it("a changed rule applies to the next intake", async () => {
    const v = plate();
    await submit([overLimit(v, 100)]);
    const input = { code: "OVERLIMIT_VEHICLE", violation: "OVERLIMIT_TRANSPORT", role: "VEHICLE", kind: "COUNT", threshold: 1, windowDays: 365, list: "BLACK", reason: "OVERLOAD_REPEATED", entryMonths: 12, basis: "测试：1年内超过1次" };
    expect((await ok(SET, { input }, admin)).setListRule).toMatchObject({ code: "OVERLIMIT_VEHICLE", threshold: 1 });
    expect(await entriesOf(vehicleRef(v))).toEqual([]);
    await submit([overLimit(v, 2)]);
    expect(await entriesOf(vehicleRef(v))).toMatchObject([{ rule: "OVERLIMIT_VEHICLE", effectiveFrom: daysFromToday(-2) }]);
  });

  it("only the credit office changes rules; a bad rule is refused with BAD_USER_INPUT", async () => {
    const input = { code: "X_RULE", violation: "NO_SUCH_VIOLATION", kind: "COUNT", threshold: 1, windowDays: 365, list: "BLACK", reason: "X_REASON", basis: "测试" };
    expect((await refusedOn(server, SET, { input }, system)).code).toBe("FORBIDDEN");
    expect((await refusedOn(server, SET, { input }, admin)).code).toBe("BAD_USER_INPUT");
  });

  it("an unknown violation code is BAD_USER_INPUT and nothing is written", async () => {
    const v = plate();
    const refusal = await refusedOn(server, SUBMIT, { input: [overLimit(v, 5), overLimit(v, 4, {}, { violation: "SPEEDING" })] }, system);
    expect(refusal.code).toBe("BAD_USER_INPUT");
    expect(refusal.message).toContain("SPEEDING");
    expect(await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { id } }`, { ref: vehicleRef(v) }, admin)).toEqual({ subject: null });
  });

  it("a company ordered to suspend business is listed by its one record", async () => {
    const company = uscc("530102");
    await submit([{
      sourceSystem: "YN-ROADTRANSPORT", decisionNumber: `云运管停〔2026〕${++n}号`, category: "PENALTY", subject: { kind: "ORGANIZATION", identifier: company },
      subjectName: "昆明停业测试运输有限公司", content: "违法超限运输车辆超过本单位货运车辆总数10%，责令停业整顿", decisionDate: daysFromToday(-7),
      authority: "昆明市道路运输管理局", violation: "SUSPENSION_ORDERED",
    }]);
    expect(await entriesOf({ kind: "ORGANIZATION", identifier: company })).toMatchObject([{ rule: "SUSPENSION_ORDERED", list: "BLACK", effectiveFrom: daysFromToday(-7) }]);
  });
});

describe("over-limit vehicles of one operator exceeding 10% of its fleet", () => {
  /** A road transport licence of a vehicle operated by `operator`: it puts the vehicle in the operator's fleet. */
  const licence = (vehicle: string, operator: string) => ({
    sourceSystem: "YN-ROADTRANSPORT", decisionNumber: `云运证〔2026〕${++n}号`, category: "LICENSING", subject: vehicleRef(vehicle),
    subjectName: `${vehicle} 重型货车`, content: "道路运输证核发", decisionDate: daysFromToday(-400), authority: "昆明市道路运输管理局",
    parties: [{ role: "OPERATOR", subject: { kind: "ORGANIZATION", identifier: operator }, subjectName: "昆明车队测试物流有限公司" }],
  });

  it("1 of 10 vehicles over the limit: not listed; 2 of 10: listed from the second vehicle's penalty", async () => {
    const operator = uscc("530102");
    const fleet = Array.from({ length: 10 }, plate);
    await submit(fleet.map((v) => licence(v, operator)));
    await submit([overLimit(fleet[0]!, 90, { operator }), overLimit(fleet[0]!, 60, { operator })]);
    expect(await entriesOf({ kind: "ORGANIZATION", identifier: operator })).toEqual([]);
    await submit([overLimit(fleet[1]!, 8, { operator })]);
    expect(await entriesOf({ kind: "ORGANIZATION", identifier: operator })).toMatchObject([{ rule: "OVERLIMIT_FLEET", reason: "OVERLOAD_FLEET", effectiveFrom: daysFromToday(-8) }]);
  });
});
