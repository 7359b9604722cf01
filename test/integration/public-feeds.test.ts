// The public feeds the window reads (issue 15): what an anonymous caller may and may not see across
// the register — published records, commitments, grades, the counts behind the charts — and that
// they page through cursors in a constant number of statements.
import { beforeAll, describe, expect, it } from "vitest";
import { repair } from "../../src/db/schema.js";
import { asAdmin, type Headers } from "../support/auth.js";
import { daysFromToday, fixtures, residentId } from "../support/fixtures.js";
import { ok, refused } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const RECORDS = `query ($first: Int, $after: String, $category: RecordCategory, $authority: String, $region: String) {
  publishedRecords(first: $first, after: $after, category: $category, authority: $authority, region: $region) {
    nodes { id decisionNumber category status subject { kind identifier name } } pageInfo { hasNextPage endCursor } } }`;
const COMMITMENTS = `query ($status: CommitmentStatus, $matter: String) { commitments(status: $status, matter: $matter, first: 50) {
  nodes { id matter status subject { name identifier } } pageInfo { hasNextPage } } }`;
const EVALUATIONS = `query ($year: Int, $sector: String) { evaluations(year: $year, sector: $sector, first: 50) {
  nodes { sector year grade subject { name } } pageInfo { hasNextPage } } }`;
const COUNTS = `{ listEntryCounts { list prefecture prefectureName count } }`;
const MONTHS = `{ publicationsByMonth(months: 3) { month category count } repairsByMonth(months: 3) { month target count } }`;

let f: ReturnType<typeof fixtures>;
let admin: Headers;
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = fixtures(server.db, server.protector);
  admin = await asAdmin();
  const company = await f.subject({ kind: "ORGANIZATION", name: "昆明公示测试运输有限公司", region: "530102" });
  const dali = await f.subject({ kind: "ORGANIZATION", name: "大理公示测试客运有限公司", region: "532901" });
  const driver = await f.subject({ kind: "PERSON", name: "张公示", identifier: residentId("532901") });
  const privatePerson = await f.subject({ kind: "PERSON", name: "赵私人" });
  ids.company = company.id;
  ids.published = (await f.record(company.id, { decisionNumber: "云交罚〔2026〕公示1号" })).id;
  ids.licence = (await f.record(dali.id, { category: "LICENSING", decisionNumber: "云交许〔2026〕公示2号", authority: "大理州交通运输局" })).id;
  ids.repaired = (await f.record(company.id, { decisionNumber: "云交罚〔2026〕已修复3号", status: "REPAIRED" })).id;
  ids.unpublished = (await f.record(company.id, { decisionNumber: "云交罚〔2026〕未公示4号", publishedAt: null })).id;
  ids.ended = (await f.record(company.id, { decisionNumber: "云交罚〔2026〕期满5号", publicationEnds: daysFromToday(-1) })).id;
  ids.driverRecord = (await f.record(driver.id, { decisionNumber: "云交罚〔2026〕驾驶员6号" })).id;
  await f.entry(company.id, { list: "BLACK" });
  await f.entry(dali.id, { list: "RED", reasonCode: "AAA_GRADE", reasonText: "连续三年AAA" });
  await f.entry(dali.id, { list: "BLACK", status: "REPAIRED" });
  await f.entry(company.id, { list: "WATCH", effectiveUntil: daysFromToday(-2), effectiveFrom: daysFromToday(-60) });
  const kept = await f.commitment(company.id, { matter: "道路货物运输经营许可" });
  await f.commitment(dali.id, { matter: "客运线路许可", status: "BROKEN" });
  await f.commitment(privatePerson.id, { matter: "从业资格证申领" });
  ids.kept = kept.id;
  await f.evaluation(company.id, { year: 2025, grade: "B" });
  await f.evaluation(dali.id, { year: 2024, grade: "AAA", sector: "ROAD_PASSENGER" });
  await f.evaluation(privatePerson.id, { year: 2025, grade: "A" });
  await server.db.insert(repair).values([
    { subjectId: company.id, targetKind: "RECORD", targetId: ids.repaired, commitmentId: kept.id, reason: "已整改", status: "APPROVED", appliedBy: "x", reviewDue: daysFromToday(5), decidedAt: new Date() },
    { subjectId: company.id, targetKind: "ENTRY", targetId: ids.repaired, commitmentId: kept.id, reason: "申请中", status: "PENDING", appliedBy: "x", reviewDue: daysFromToday(5) },
  ]);
});

describe("publishedRecords (双公示)", () => {
  it("shows the public only records in publication: never a repaired, unpublished or run-out one", async () => {
    const data = await ok(server, RECORDS, { first: 50 });
    const numbers = data.publishedRecords.nodes.map((r: any) => r.decisionNumber).sort();
    expect(numbers).toEqual(["云交罚〔2026〕公示1号", "云交罚〔2026〕驾驶员6号", "云交许〔2026〕公示2号"].sort());
    expect(data.publishedRecords.nodes.every((r: any) => r.status === "PUBLISHED")).toBe(true);
  });

  it("names the subject of each record, a person's ID masked", async () => {
    const data = await ok(server, RECORDS, { first: 50 });
    const driver = data.publishedRecords.nodes.find((r: any) => r.decisionNumber.includes("驾驶员")).subject;
    expect(driver).toMatchObject({ kind: "PERSON", name: "张公示" });
    expect(driver.identifier).toMatch(/^532901\*{8}\d{3}[0-9X]$/);
  });

  it("filters by category, authority and prefecture", async () => {
    const byCategory = await ok(server, RECORDS, { category: "LICENSING" });
    expect(byCategory.publishedRecords.nodes.map((r: any) => r.decisionNumber)).toEqual(["云交许〔2026〕公示2号"]);
    const byAuthority = await ok(server, RECORDS, { authority: "大理州" });
    expect(byAuthority.publishedRecords.nodes).toHaveLength(1);
    const byRegion = await ok(server, RECORDS, { region: "5301" });
    expect(byRegion.publishedRecords.nodes.map((r: any) => r.decisionNumber)).toEqual(["云交罚〔2026〕公示1号"]);
  });

  it("pages through its cursors, each record once", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const data: any = await ok(server, RECORDS, { first: 1, after });
      seen.push(...data.publishedRecords.nodes.map((r: any) => r.id));
      if (!data.publishedRecords.pageInfo.hasNextPage) break;
      after = data.publishedRecords.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("refuses a cursor it did not make and a page too large", async () => {
    expect((await refused(server, RECORDS, { after: "bm9wZQ" })).code).toBe("BAD_USER_INPUT");
    expect((await refused(server, RECORDS, { first: 100000 })).code).toBe("BAD_USER_INPUT");
  });

  it("reads in the same number of statements for one record or fifty", async () => {
    const before = server.statements().count;
    await ok(server, RECORDS, { first: 1 });
    const one = server.statements().count - before;
    const mid = server.statements().count;
    await ok(server, RECORDS, { first: 50 });
    expect(server.statements().count - mid).toBe(one);
  });
});

describe("commitments (信用承诺专栏)", () => {
  it("lists every commitment of a public subject, breaches included", async () => {
    const data = await ok(server, COMMITMENTS, {});
    const matters = data.commitments.nodes.map((c: any) => `${c.matter}:${c.status}`).sort();
    expect(matters).toEqual(["客运线路许可:BROKEN", "道路货物运输经营许可:VALID"]);
    expect((await ok(server, COMMITMENTS, { status: "BROKEN" })).commitments.nodes).toHaveLength(1);
    expect((await ok(server, COMMITMENTS, { matter: "客运" })).commitments.nodes).toHaveLength(1);
  });

  it("keeps a private person out for the public, not for the credit office", async () => {
    const data = await ok(server, COMMITMENTS, {});
    expect(JSON.stringify(data)).not.toContain("赵私人");
    const asOffice = await ok(server, COMMITMENTS, {}, admin);
    expect(JSON.stringify(asOffice)).toContain("赵私人");
  });
});

describe("evaluations (信用评价结果)", () => {
  it("lists grades by sector and year, without a private person", async () => {
    const data = await ok(server, EVALUATIONS, {});
    expect(data.evaluations.nodes.map((e: any) => `${e.year}:${e.grade}`)).toEqual(["2025:B", "2024:AAA"]);
    expect((await ok(server, EVALUATIONS, { sector: "ROAD_PASSENGER" })).evaluations.nodes).toHaveLength(1);
    expect((await ok(server, EVALUATIONS, { year: 2025 })).evaluations.nodes[0].subject.name).toBe("昆明公示测试运输有限公司");
  });
});

describe("counts behind the charts", () => {
  it("counts entries in force by list and prefecture, not repaired or run-out ones", async () => {
    const data = await ok(server, COUNTS, {});
    expect(data.listEntryCounts).toEqual([
      { list: "RED", prefecture: "5329", prefectureName: "大理白族自治州", count: 1 },
      { list: "BLACK", prefecture: "5301", prefectureName: "昆明市", count: 1 },
    ].sort((a, b) => ["RED", "BLACK", "WATCH"].indexOf(a.list) - ["RED", "BLACK", "WATCH"].indexOf(b.list)));
  });

  it("counts publications the public may read, and completed repairs without saying whose", async () => {
    const data = await ok(server, MONTHS, {});
    const total = data.publicationsByMonth.reduce((a: number, m: any) => a + m.count, 0);
    expect(total).toBe(3);
    expect(data.repairsByMonth).toHaveLength(1);
    expect(data.repairsByMonth[0]).toMatchObject({ target: "RECORD", count: 1 });
    expect((await refused(server, `{ publicationsByMonth(months: 0) { month } }`, {})).code).toBe("BAD_USER_INPUT");
  });
});
