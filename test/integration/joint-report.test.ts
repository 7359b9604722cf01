// The quarterly joint reward/punishment report (issue 14, first half): built from known entries,
// checks, repairs, objections and commitments; every measure figure equal to what the audit trail says; a
// fresh service (as after a restart) reports the same; the workbook read back with exceljs.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../../src/db/schema.js";
import { appendEvents } from "../../src/modules/audit/audit.store.js";
import { CatalogueService } from "../../src/modules/catalogue/catalogue.service.js";
import { dueDateOf, JointReportService, parseQuarter } from "../../src/modules/jointreport/jointreport.service.js";
import { SHEETS } from "../../src/modules/jointreport/jointreport.workbook.js";
import { chinaDate } from "../../src/shared/clock.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);
const refused = (query: string, variables: Record<string, unknown>, headers: Headers) => refusedOn(server, query, variables, headers);

const today = chinaDate();
const quarterLabel = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
const quarter = parseQuarter(quarterLabel);
const REPORT = `query ($quarter: String!, $region: String) { jointMeasuresReport(quarter: $quarter, region: $region) {
  quarter region periodStart periodEnd dueDate overdue dataVersion
  objects { list reason reasonText region regionName added inForce ended }
  objectTotals { added inForce ended subjects }
  measures { list reason scenario effect decision checks subjects systems inCatalogue }
  measureTotals { checks }
  decisions { scenario month decision checks }
  effects { repairsCompleted objectionsUpheld commitmentsSigned commitmentsBroken subjectsLeftList }
  cases { entryId facts subjectName list reasonText markedBy }
} }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { decision } } }`;
const MARK = `mutation ($input: MarkCaseInput!) { markCase(input: $input) { id entryId } }`;

let as: Record<"SYSTEM" | "ADMIN" | "KUNMING" | "DALI", Headers>;
let ids: Record<string, string>;
const SYSTEM_NAME = "云南省道路运政管理系统";

beforeAll(async () => {
  as = {
    SYSTEM: (await withKey(server.db, "SYSTEM", SYSTEM_NAME)).headers,
    ADMIN: await asAdmin(),
    KUNMING: await asOfficer("530100"),
    DALI: await asOfficer("532900"),
  };
  const f = fixtures(server.db, server.protector);
  const black = await f.subject({ kind: "ORGANIZATION", identifier: uscc("530102"), name: "昆明滇运物流有限公司", region: "530102" });
  const red = await f.subject({ kind: "ORGANIZATION", identifier: uscc("530103"), name: "昆明诚信客运有限公司", region: "530103" });
  const revoked = await f.subject({ kind: "ORGANIZATION", identifier: uscc("532901"), name: "大理洱海货运有限公司", region: "532901" });
  const blackEntry = await f.entry(black.id, { effectiveFrom: quarter.start });
  await f.entry(red.id, { list: "RED", reasonCode: "AAA_GRADE", reasonText: "连续三年信用评价AAA级", effectiveFrom: "2024-01-01" });
  const revokedEntry = await f.entry(revoked.id, { effectiveFrom: "2025-06-01" });
  await f.entry(revoked.id, { list: "WATCH", reasonCode: "UNPAID_FINE", reasonText: "逾期未缴纳罚款", effectiveFrom: "2020-01-01", effectiveUntil: "2020-12-31" });
  await f.commitment(red.id, { signedAt: new Date(`${quarter.start}T12:00:00+08:00`) });
  ids = { black: black.id, revoked: revoked.id, blackEntry: blackEntry.id, revokedEntry: revokedEntry.id, blackRef: black.identifier, redRef: red.identifier, revokedRef: revoked.identifier };

  const check = (scenario: string, identifiers: string[], headers = as.SYSTEM) =>
    ok(CHECK, { input: { scenario, subjects: identifiers.map((identifier) => ({ kind: "ORGANIZATION", identifier })) } }, headers);
  await check("PROCUREMENT", [black.identifier, red.identifier, uscc("530104")]);
  await check("PROCUREMENT", [black.identifier]);
  await check("LICENSING", [black.identifier, revoked.identifier]);
  await check("BIDDING", [revoked.identifier], as.KUNMING);

  const { fileObjection } = await ok(`mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id } }`,
    { input: { targetKind: "ENTRY", targetId: revokedEntry.id, reason: "认定主体错误", evidence: "营业执照" } }, as.ADMIN);
  await ok(`mutation ($id: ID!) { decideObjection(id: $id, upheld: true, answer: "经核查，认定主体错误，撤销该名单") { id } }`, { id: fileObjection.id }, as.ADMIN);
  await check("BIDDING", [revoked.identifier]);

  await ok(MARK, { input: { entryId: blackEntry.id, facts: "该企业被列入黑名单后，在政府采购中两次被拒绝，已整改" } }, as.ADMIN);

  // A repair completed in the quarter: a penalty's publication stopped after the company's repair commitment.
  const repaired = { kind: "ORGANIZATION", identifier: uscc("530301") };
  const { submitRecords } = await ok(`mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`, { input: [{
    sourceSystem: "YN-ENFORCEMENT", decisionNumber: "曲交执罚〔2026〕15号", category: "PENALTY", subject: repaired, subjectName: "曲靖麒麟货运有限公司",
    content: "未按规定进行车辆年度审验，罚款2000元", decisionDate: daysFromToday(-120), authority: "曲靖市交通运输综合行政执法支队",
  }] }, as.SYSTEM);
  await ok(`mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
    ref: repaired, kind: "REPAIR", matter: "信用修复", content: "本单位已完成车辆审验并缴清罚款，今后依法经营", signedAt: new Date(Date.now() - 3600_000).toISOString(),
  } }, as.SYSTEM);
  const { applyRepair } = await ok(`mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`,
    { input: { targetKind: "RECORD", targetId: submitRecords.records[0].id, reason: "已完成审验并缴清罚款" } }, as.SYSTEM);
  await ok(`mutation ($id: ID!) { decideRepair(id: $id, approved: true, reason: "整改到位，同意修复") { id } }`, { id: applyRepair.id }, as.ADMIN);
});

const report = async (headers = as.ADMIN, region: string | null = null) => (await ok(REPORT, { quarter: quarterLabel, region }, headers)).jointMeasuresReport;

/** What the audit trail says: check results of the quarter (those `of` keeps) by (scenario, deciding measure). */
async function fromAuditTrail(of: (result: { subjectId?: string }) => boolean = () => true) {
  const events = await server.db.select().from(auditEvent);
  const measures = new Map<string, { checks: number; subjects: Set<string> }>();
  const decisions = new Map<string, number>();
  for (const e of events) {
    if (!e.detail?.startsWith('{"scenario":') || e.at < new Date(`${quarter.start}T00:00:00+08:00`)) continue;
    const detail = JSON.parse(e.detail) as { scenario: string; results: { decision: string; subjectId?: string; measures?: string[] }[] };
    for (const r of detail.results.filter(of)) {
      decisions.set(`${detail.scenario}|${r.decision}`, (decisions.get(`${detail.scenario}|${r.decision}`) ?? 0) + 1);
      for (const m of r.measures ?? []) {
        const line = measures.get(`${detail.scenario}|${m}`) ?? { checks: 0, subjects: new Set() };
        line.checks++;
        line.subjects.add(r.subjectId!);
        measures.set(`${detail.scenario}|${m}`, line);
      }
    }
  }
  return { measures, decisions };
}

describe("the quarterly joint reward/punishment report", () => {
  it("says its quarter, period and due date: the 20th of the month after the quarter", async () => {
    const r = await report();
    expect(r).toMatchObject({ quarter: quarterLabel, region: null, periodStart: quarter.start, periodEnd: quarter.end, dueDate: dueDateOf(quarter), overdue: false });
    expect([dueDateOf(parseQuarter("2026-Q3")), dueDateOf(parseQuarter("2026-Q4")), parseQuarter("2026-Q1").end]).toEqual(["2026-10-20", "2027-01-20", "2026-03-31"]);
  });

  it("objects: new, in force and ended entries by list, reason and prefecture; an old ended entry is not counted", async () => {
    const r = await report();
    const line = (list: string, region: string) => r.objects.find((o: any) => o.list === list && o.region === region);
    expect(line("BLACK", "530100")).toMatchObject({ reason: "ILLEGAL_OPERATION", regionName: "昆明市", added: 1, inForce: 1, ended: 0 });
    expect(line("RED", "530100")).toMatchObject({ added: 0, inForce: 1, ended: 0 });
    expect(line("BLACK", "532900")).toMatchObject({ regionName: "大理白族自治州", added: 0, inForce: 1, ended: 1 });
    expect(line("WATCH", "532900")).toBeUndefined();
    expect(r.objectTotals).toEqual({ added: 1, inForce: 3, ended: 1, subjects: 3 });
  });

  it("measures: every figure equals what the audit trail's check events say, with the requesting systems", async () => {
    const r = await report();
    const audit = await fromAuditTrail();
    const used = r.measures.filter((m: any) => m.checks > 0);
    expect(used.length).toBe(audit.measures.size);
    for (const m of used) {
      const expected = audit.measures.get(`${m.scenario}|${m.list}|${m.reason}|${m.effect}`)!;
      expect(m.checks, `${m.scenario} ${m.list}`).toBe(expected.checks);
      expect(m.subjects).toBe(expected.subjects.size);
    }
    const procurement = r.measures.find((m: any) => m.scenario === "PROCUREMENT" && m.list === "BLACK" && m.reason === "*");
    expect(procurement).toMatchObject({ effect: "PROHIBIT", decision: "DENY", checks: 2, subjects: 1, systems: [SYSTEM_NAME], inCatalogue: true });
    const bidding = r.measures.find((m: any) => m.scenario === "BIDDING" && m.list === "BLACK" && m.reason === "*");
    expect(bidding).toMatchObject({ checks: 1, systems: ["jwt:officer-530100"] });
    expect(r.measures.find((m: any) => m.scenario === "PROCUREMENT" && m.list === "RED")).toMatchObject({ decision: "FAST_TRACK", checks: 1 });
    expect(r.measureTotals.checks).toBe([...audit.measures.values()].reduce((n, m) => n + m.checks, 0));
    // Every measure of the catalogue is listed, used or not.
    expect(r.measures.filter((m: any) => m.checks === 0).length).toBeGreaterThan(10);
    for (const d of r.decisions) expect(d.checks).toBe(audit.decisions.get(`${d.scenario}|${d.decision}`));
    expect(r.decisions.find((d: any) => d.scenario === "BIDDING" && d.decision === "PASS")).toMatchObject({ checks: 1, month: today.slice(0, 7) });
  });

  it("effects and cases: the completed repair, the upheld objection, the signed commitments, the subject that left the list, the marked case", async () => {
    const r = await report();
    // Commitments: the red-list company's and the repaired company's repair commitment.
    expect(r.effects).toEqual({ repairsCompleted: 1, objectionsUpheld: 1, commitmentsSigned: 2, commitmentsBroken: 0, subjectsLeftList: 1 });
    // The same as the audit trail's decisions of the quarter (every one in the fixture approves or upholds).
    const decided = (operation: string) => server.db.select().from(auditEvent).then((events) =>
      events.filter((e) => e.operation.includes(operation) && e.outcome === "OK" && e.at >= new Date(`${quarter.start}T00:00:00+08:00`)).length);
    expect(r.effects.repairsCompleted).toBe(await decided("decideRepair"));
    expect(r.effects.objectionsUpheld).toBe(await decided("decideObjection"));
    expect(r.cases).toEqual([{ entryId: ids.blackEntry, facts: "该企业被列入黑名单后，在政府采购中两次被拒绝，已整改", subjectName: "昆明滇运物流有限公司",
      list: "BLACK", reasonText: "未取得道路运输经营许可擅自从事经营", markedBy: "jwt:admin-1" }]);
  });

  it("a fresh service reading the same database (as after a restart) reports the same figures", async () => {
    const before = await report();
    const fresh = new JointReportService(server.db, new CatalogueService(server.db));
    const { generatedAt: _g, ...after } = await fresh.report({ quarter: quarterLabel }, { today, principal: { role: "ADMIN", id: "jwt:admin-1", name: "admin-1", region: null, keyId: null } });
    const pick = (r: any) => ({
      ...r, generatedAt: undefined,
      measures: r.measures.map(({ legalBasis: _l, ...m }: any) => m),
      cases: r.cases.map((c: any) => ({ entryId: c.entryId, facts: c.facts, subjectName: c.subjectName, list: c.list, reasonText: c.reasonText, markedBy: c.markedBy })),
    });
    expect(JSON.parse(JSON.stringify(pick(after)))).toEqual(JSON.parse(JSON.stringify(pick(before))));
  });

  it("an officer reads their own region only; SYSTEM may not read it; a bad quarter is BAD_USER_INPUT", async () => {
    const dali = await report(as.DALI);
    expect(dali.region).toBe("5329");
    expect(dali.objects.every((o: any) => o.region === "532900")).toBe(true);
    expect(dali.measures.find((m: any) => m.scenario === "PROCUREMENT" && m.list === "BLACK" && m.reason === "*").checks).toBe(0);
    // Its decisions are those of checks on 大理 subjects alone: the LICENSING and the two BIDDING checks.
    const inDali = await fromAuditTrail((r) => r.subjectId === ids.revoked);
    expect(dali.decisions.reduce((n: number, d: any) => n + d.checks, 0)).toBe(3);
    for (const d of dali.decisions) expect(d.checks).toBe(inDali.decisions.get(`${d.scenario}|${d.decision}`));
    expect((await refused(REPORT, { quarter: quarterLabel, region: "5301" }, as.DALI)).code).toBe("FORBIDDEN");
    expect((await refused(REPORT, { quarter: quarterLabel }, as.SYSTEM)).code).toBe("FORBIDDEN");
    expect((await refused(REPORT, { quarter: "2026-Q5" }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    expect((await refused(MARK, { input: { entryId: ids.blackEntry, facts: "x" } }, as.KUNMING)).code).toBe("FORBIDDEN");
  });
});

describe("check events written before their results carried the subject's region", () => {
  it("are counted in the region of the subject they name", async () => {
    const licensingReview = (r: any) => r.decisions.find((d: any) => d.scenario === "LICENSING" && d.decision === "REVIEW")?.checks ?? 0;
    const earlier = await report(as.DALI);
    const before = earlier.decisions.reduce((n: number, d: any) => n + d.checks, 0);
    const detail = { scenario: "LICENSING", matter: null, requestId: null, dataVersion: "v1",
      results: [{ kind: "ORGANIZATION", ref: ids.revokedRef, decision: "REVIEW", subjectId: ids.revoked, measures: [] }] };
    await appendEvents(server.db, [{
      at: new Date(), requestId: "old-form", principal: "jwt:officer-532900", role: "OFFICER", operation: "check", purpose: null,
      subjectIds: [ids.revoked], protectedFields: [], grantId: null, outcome: "OK", detail: JSON.stringify(detail),
    }]);
    const dali = await report(as.DALI);
    expect(dali.decisions.reduce((n: number, d: any) => n + d.checks, 0)).toBe(before + 1);
    expect(licensingReview(dali)).toBe(licensingReview(earlier) + 1);
  });
});

describe("the report as documents", () => {
  const download = (path: string, headers: Headers = as.ADMIN) => fetch(`${server.url}${path}`, { headers });

  it("the workbook has one sheet per part with Chinese headings and totals that match the report, and the decisions chart", async () => {
    const r = await report();
    const res = await download(`/reports/joint-measures/${quarterLabel}.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    expect(wb.worksheets.map((s) => s.name)).toEqual(Object.values(SHEETS));

    const summary = wb.getWorksheet(SHEETS.summary)!;
    expect(summary.getCell("A1").value).toBe("联合奖惩季度报表");
    expect(summary.getCell("B2").value).toBe(quarterLabel);
    expect(summary.getCell("B5").value).toBe(dueDateOf(quarter));

    const objects = wb.getWorksheet(SHEETS.objects)!;
    expect(objects.getRow(1).values).toEqual([undefined, "名单", "事由代码", "事由", "州市代码", "州市", "本季度新增", "本季度在列", "本季度移出"]);
    const last = objects.getRow(objects.actualRowCount);
    expect([last.getCell(1).value, last.getCell(6).value, last.getCell(7).value, last.getCell(8).value]).toEqual(["合计", 1, 3, 1]);
    expect(objects.getRow(2).getCell(1).value).toBe("黑名单");

    const measures = wb.getWorksheet(SHEETS.measures)!;
    expect(measures.getRow(1).getCell(6).value).toBe("决定次数");
    const rows = [...Array(measures.actualRowCount).keys()].map((i) => measures.getRow(i + 1).values as unknown[]);
    expect(rows).toContainEqual([undefined, "黑名单", "*", "政府采购", "禁止", "不予办理", 2, 1, SYSTEM_NAME, expect.stringContaining("备忘录")]);
    expect(measures.getRow(measures.actualRowCount).getCell(6).value).toBe(r.measureTotals.checks);

    const effects = wb.getWorksheet(SHEETS.effects)!;
    expect(effects.getRow(3).values).toEqual([undefined, "异议成立", 1]);
    expect(wb.getWorksheet(SHEETS.cases)!.getRow(2).getCell(1).value).toBe("昆明滇运物流有限公司");

    const decisions = wb.getWorksheet(SHEETS.decisions)!;
    const total = r.decisions.reduce((n: number, d: any) => n + d.checks, 0);
    const totalsRow = [...Array(decisions.actualRowCount).keys()].map((i) => decisions.getRow(i + 1)).find((row) => row.getCell(1).value === "合计")!;
    expect(totalsRow.getCell(6).value).toBe(total);
    expect(decisions.getImages()).toHaveLength(1);
    expect(wb.model.media?.[0]?.extension).toBe("png");
  });

  it("the JSON is the same report; officers of other callers and the public get no document", async () => {
    const res = await download(`/reports/joint-measures/${quarterLabel}.json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.objectTotals).toEqual({ added: 1, inForce: 3, ended: 1, subjects: 3 });
    expect((await download(`/reports/joint-measures/${quarterLabel}.xlsx`, as.SYSTEM)).status).toBe(403);
    expect((await download(`/reports/joint-measures/${quarterLabel}.xlsx`, {})).status).toBe(403);
    expect((await download(`/reports/joint-measures/2026-Q9.json`)).status).toBe(400);
    const dali = await download(`/reports/joint-measures/${quarterLabel}.json?region=5301`, as.DALI);
    expect(dali.status).toBe(403);
  });

  it("each document handed out is in the audit trail with who took it, the quarter and the format", async () => {
    const events = async () => (await server.db.select().from(auditEvent)).filter((e) => e.operation === "jointMeasuresReport" && e.detail?.includes('"document"'));
    const before = (await events()).length;
    expect((await download(`/reports/joint-measures/${quarterLabel}.xlsx`, as.KUNMING)).status).toBe(200);
    await expect.poll(async () => (await events()).length).toBe(before + 1);
    const [event] = (await events()).slice(-1);
    expect(event).toMatchObject({ role: "OFFICER", outcome: "OK" });
    expect(JSON.parse(event!.detail!)).toEqual({ document: { quarter: quarterLabel, region: "5301", format: "xlsx" } });
  });
});
