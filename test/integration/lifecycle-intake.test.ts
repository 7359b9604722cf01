// 双公示 intake over HTTP (issue 5, "What it must show"): publication deadlines on the real
// working-day calendar, publication periods, late flags, idempotent re-sending, validation that
// writes nothing, who may send, and the overdue list.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { creditRecord, stateChange, subject as subjectTable } from "../../src/db/schema.js";
import { addMonths } from "../../src/modules/record/periods.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);
const refused = (query: string, variables: Record<string, unknown>, headers: Headers) => refusedOn(server, query, variables, headers);

const RECORD = "id decisionNumber category content status decisionDate publishDeadline publishedAt publicationMinEnds publicationEnds publishedLate severity field fineAmount";
const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { created updated unchanged records { ${RECORD} } } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { entity fromStatus toStatus actor reason cause before } }`;
const OVERDUE = `query ($authority: String, $region: String) { overdueRecords(authority: $authority, region: $region) { nodes { id decisionNumber publishDeadline publishedLate } pageInfo { hasNextPage } } }`;

let as: Record<"PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ELSEWHERE" | "ADMIN", Headers>;

beforeAll(async () => {
  as = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER", "报告机构")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "云南省交通运输综合执法系统")).headers,
    OFFICER: await asOfficer("530100"),
    ELSEWHERE: await asOfficer("532900"),
    ADMIN: await asAdmin(),
  };
});



let numbers = 0;
const penalty = (identifier: string, values: Record<string, unknown> = {}) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `云交执罚〔2024〕${++numbers}号`, category: "PENALTY",
  subject: { kind: "ORGANIZATION", identifier }, subjectName: "滇运物流有限公司", content: "超限运输，罚款2000元",
  legalBasis: "《公路安全保护条例》第六十四条", decisionDate: daysFromToday(-1), authority: "昆明市交通运输综合行政执法支队",
  severity: "ORDINARY", fineAmount: 2000, ...values,
});
const submit = async (input: unknown[], headers = as.SYSTEM) => (await ok(SUBMIT, { input }, headers)).submitRecords;
const workingDaysAfter = async (date: string, days: number) =>
  (await ok(`query ($date: Date!, $days: Int!) { workingDaysAfter(date: $date, days: $days) }`, { date, days }, as.PUBLIC)).workingDaysAfter as string;
const recordCount = async () => (await server.db.select({ n: count() }).from(creditRecord))[0]!.n;
const subjectCount = async () => (await server.db.select({ n: count() }).from(subjectTable))[0]!.n;

describe("publication deadline: 7 working days after the decision, on the real calendar", () => {
  it.each([
    ["2024-02-08", "2024-02-23", "across the 2024 Spring Festival (10–17 Feb off, Sunday 18 Feb worked)"],
    ["2024-02-02", "2024-02-18", "counting the adjusted working Sundays 4 and 18 Feb: due on a Sunday"],
    ["2024-09-30", "2024-10-15", "across National Day (1–7 Oct off, Saturday 12 Oct worked)"],
    ["2024-12-27", "2025-01-08", "across the New Year (1 Jan off) into the next year"],
    ["2024-04-26", "2024-05-09", "across May Day (1–5 May off, Sunday 28 Apr worked)"],
    ["2024-05-06", "2024-05-14", "counting the adjusted working Saturday 11 May"],
  ])("a decision on %s is due by %s (%s)", async (decisionDate, deadline) => {
    const { records: [record] } = await submit([penalty(uscc("530102"), { decisionDate })]);
    expect(record.publishDeadline).toBe(deadline);
    expect(await workingDaysAfter(decisionDate, 7)).toBe(deadline);
    // Published now, long after that deadline.
    expect(record).toMatchObject({ status: "PUBLISHED", publishedLate: true, decisionDate });
    expect(Date.now() - new Date(record.publishedAt).getTime()).toBeLessThan(60_000);
  });

  it("a record sent by a SYSTEM key is published at once, on time, with its period from the decision date", async () => {
    const decisionDate = daysFromToday(-1);
    const { created, records: [record] } = await submit([penalty(uscc("530102"), { decisionDate })]);
    expect(created).toBe(1);
    expect(record).toMatchObject({
      status: "PUBLISHED", publishedLate: false, decisionDate,
      publishDeadline: await workingDaysAfter(decisionDate, 7),
      publicationMinEnds: addMonths(decisionDate, 3), publicationEnds: addMonths(decisionDate, 36),
    });
    expect(record.publishDeadline > daysFromToday(0)).toBe(true);
  });

  it.each([
    ["a work-safety penalty: published at least a year", { field: "安全生产" }, 12, 36],
    ["a food-and-drug penalty: published at least a year", { field: "食品药品", severity: "SERIOUS" }, 12, 36],
    ["a licensing decision: no minimum", { category: "LICENSING", content: "道路货物运输经营许可", fineAmount: null }, 0, 36],
  ])("%s", async (_what, values, minMonths, maxMonths) => {
    const decisionDate = daysFromToday(-3);
    const { records: [record] } = await submit([penalty(uscc("530102"), { decisionDate, ...values })]);
    expect(record.publicationMinEnds).toBe(addMonths(decisionDate, minMonths));
    expect(record.publicationEnds).toBe(addMonths(decisionDate, maxMonths));
  });

  it("ADMIN may send records too", async () => {
    expect((await submit([penalty(uscc("530102"))], as.ADMIN)).created).toBe(1);
  });
});

describe("idempotent intake by (source system, decision number)", () => {
  it("the same batch sent twice leaves one copy; changed content is a new version with its history", async () => {
    const org = uscc("530103");
    const person = residentId("530102", "19800101");
    const batch = [
      penalty(org, { decisionNumber: "云交执罚〔2025〕重复1号" }),
      penalty(org, { decisionNumber: "云交执罚〔2025〕重复2号", category: "LICENSING", fineAmount: null }),
      penalty(person, { decisionNumber: "云交执罚〔2025〕重复3号", subject: { kind: "PERSON", identifier: person }, subjectName: "张三" }),
    ];
    const before = { records: await recordCount(), subjects: await subjectCount() };

    const first = await submit(batch);
    expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const second = await submit(batch);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(second.records.map((r: any) => r.id).sort()).toEqual(first.records.map((r: any) => r.id).sort());
    expect(await recordCount()).toBe(before.records + 3);
    expect(await subjectCount()).toBe(before.subjects + 2);
    const rows = await server.db.select().from(creditRecord).where(eq(creditRecord.decisionNumber, "云交执罚〔2025〕重复1号"));
    expect(rows).toHaveLength(1);
    // Another source system may use the same number: a different record.
    expect((await submit([{ ...batch[0], sourceSystem: "KM-ENFORCEMENT" }])).created).toBe(1);

    const id = first.records.find((r: any) => r.decisionNumber === "云交执罚〔2025〕重复1号").id;
    const changed = [{ ...batch[0], content: "超限运输，罚款3000元", fineAmount: 3000 }, batch[1], batch[2]];
    const third = await submit(changed);
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(third.records.find((r: any) => r.id === id)).toMatchObject({ content: "超限运输，罚款3000元", fineAmount: 3000, status: "PUBLISHED" });
    expect(await submit(changed)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await recordCount()).toBe(before.records + 4);

    const history = (await ok(HISTORY, { id }, as.ADMIN)).stateChanges;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ entity: "RECORD", fromStatus: "PUBLISHED", toStatus: "PUBLISHED", cause: "intake:YN-ENFORCEMENT" });
    expect(JSON.parse(history[0].before)).toMatchObject({ id, content: "超限运输，罚款2000元", fineAmount: "2000.00" });
  });

  it("the same batch sent twice at once still leaves one copy", async () => {
    for (let round = 0; round < 5; round++) {
      // Subjects already in the register: nothing else makes the two intakes wait for each other.
      const orgs = [uscc("530102"), uscc("530102")];
      await submit(orgs.map((org) => penalty(org)));
      const batch = orgs.map((org) => penalty(org));
      const before = await recordCount();
      const answers = await Promise.all([server.gql(SUBMIT, { input: batch }, as.SYSTEM), server.gql(SUBMIT, { input: batch }, as.SYSTEM)]);
      for (const a of answers) expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
      const results = answers.map((a) => a.data!.submitRecords);
      expect(results[0].created + results[1].created).toBe(2);
      expect(results[0].unchanged + results[1].unchanged).toBe(2);
      expect(await recordCount()).toBe(before + 2);
    }
  });
});

describe("invalid input writes nothing", () => {
  const org = uscc("530102");
  it.each([
    ["an identifier with a wrong check character", { subject: { kind: "ORGANIZATION", identifier: "91350100M000100Y4Z" } }, "INVALID_IDENTIFIER"],
    ["a malformed plate", { subject: { kind: "VEHICLE", identifier: "云I12345" } }, "INVALID_IDENTIFIER"],
    ["an unknown category", { category: "FINE" }, "BAD_USER_INPUT"],
    ["an unknown severity", { severity: "GRAVE" }, "BAD_USER_INPUT"],
    ["a decision in the future", { decisionDate: daysFromToday(2) }, "BAD_USER_INPUT"],
    ["a date that does not exist", { decisionDate: "2023-02-29" }, "BAD_USER_INPUT"],
    ["a negative fine", { fineAmount: -1 }, "BAD_USER_INPUT"],
    ["a fine beyond any decision", { fineAmount: 1e13 }, "BAD_USER_INPUT"],
    ["empty content", { content: "   " }, "BAD_USER_INPUT"],
    ["no decision number", { decisionNumber: "" }, "BAD_USER_INPUT"],
    ["no authority", { authority: "" }, "BAD_USER_INPUT"],
    ["a vessel without its region", { subject: { kind: "VESSEL", identifier: "CN20150000001" } }, "BAD_USER_INPUT"],
  ])("%s → %s, and the valid records of the batch are not written either", async (_what, values, code) => {
    const before = { records: await recordCount(), subjects: await subjectCount() };
    const extensions = await refused(SUBMIT, { input: [penalty(uscc("530102")), penalty(org, values)] }, as.SYSTEM);
    expect(extensions.code).toBe(code);
    expect({ records: await recordCount(), subjects: await subjectCount() }).toEqual(before);
  });

  it("the same key twice in one batch, an empty batch → BAD_USER_INPUT", async () => {
    const before = await recordCount();
    const one = penalty(org);
    expect((await refused(SUBMIT, { input: [one, { ...one, content: "另一内容" }] }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect((await refused(SUBMIT, { input: [] }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect(await recordCount()).toBe(before);
  });

  it.each(["PUBLIC", "PROVIDER", "OFFICER"] as const)("%s may not send records → FORBIDDEN", async (role) => {
    const before = await recordCount();
    expect((await refused(SUBMIT, { input: [penalty(uscc("530102"))] }, as[role])).code).toBe("FORBIDDEN");
    expect(await recordCount()).toBe(before);
  });
});

describe("overdue and late records (双公示 oversight)", () => {
  let late: any;
  let timely: any;
  let unpublished: { decisionNumber: string };
  let elsewhere: any;

  beforeAll(async () => {
    [late, timely] = (await submit([
      penalty(uscc("530102"), { decisionNumber: "逾期〔2024〕1号", decisionDate: "2024-02-08", authority: "昆明市交通运输局" }),
      penalty(uscc("530102"), { decisionNumber: "及时〔2026〕1号", decisionDate: daysFromToday(0) }),
    ])).records;
    [elsewhere] = (await submit([penalty(uscc("532901"), { decisionNumber: "逾期〔2024〕2号", decisionDate: "2024-09-30", authority: "大理州交通运输局" })])).records;
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "未公示运输公司", region: "530102" });
    unpublished = await f.record(s.id, { decisionNumber: "未公示〔2025〕1号", publishedAt: null, publishDeadline: daysFromToday(-2), authority: "昆明市交通运输局" });
  });

  const numbersOf = (data: any) => data.overdueRecords.nodes.map((r: any) => r.decisionNumber);

  it("ADMIN sees late and unpublished-past-deadline records everywhere, not timely ones", async () => {
    const listed = numbersOf(await ok(OVERDUE, {}, as.ADMIN));
    expect(listed).toEqual(expect.arrayContaining([late.decisionNumber, elsewhere.decisionNumber, unpublished.decisionNumber]));
    expect(listed).not.toContain(timely.decisionNumber);
    expect((await ok(OVERDUE, {}, as.ADMIN)).overdueRecords.nodes.find((r: any) => r.id === late.id)).toMatchObject({ publishDeadline: "2024-02-23", publishedLate: true });
  });

  it("filters by authority and region", async () => {
    expect(numbersOf(await ok(OVERDUE, { authority: "昆明市交通运输局" }, as.ADMIN)).sort()).toEqual([late.decisionNumber, unpublished.decisionNumber].sort());
    expect(numbersOf(await ok(OVERDUE, { region: "5329" }, as.ADMIN))).toEqual([elsewhere.decisionNumber]);
  });

  it("an OFFICER sees those of its own region only", async () => {
    const listed = numbersOf(await ok(OVERDUE, {}, as.OFFICER));
    expect(listed).toEqual(expect.arrayContaining([late.decisionNumber, unpublished.decisionNumber]));
    expect(listed).not.toContain(elsewhere.decisionNumber);
    expect(numbersOf(await ok(OVERDUE, {}, as.ELSEWHERE))).toEqual([elsewhere.decisionNumber]);
    expect(numbersOf(await ok(OVERDUE, { region: "5329" }, as.OFFICER))).toEqual([]);
  });

  it.each(["SYSTEM", "PUBLIC", "PROVIDER"] as const)("%s → FORBIDDEN", async (role) => {
    expect((await refused(OVERDUE, {}, as[role])).code).toBe("FORBIDDEN");
  });

  it("pages one at a time through the same list, newest decision first", async () => {
    const all = (await ok(OVERDUE, {}, as.ADMIN)).overdueRecords.nodes.map((r: any) => r.id);
    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const { overdueRecords }: any = await ok(`query ($after: String) { overdueRecords(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, as.ADMIN);
      paged.push(...overdueRecords.nodes.map((r: any) => r.id));
      if (!overdueRecords.pageInfo.hasNextPage) break;
      after = overdueRecords.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect((await refused(OVERDUE.replace("$region: String)", "$region: String, $after: String)").replace("region: $region)", "region: $region, after: $after)"), { after: "garbage" }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
  });
});

describe("the state history is the credit office's", () => {
  it.each(["SYSTEM", "PUBLIC", "OFFICER"] as const)("%s → FORBIDDEN", async (role) => {
    const { records: [record] } = await submit([penalty(uscc("530102"))]);
    expect((await refused(HISTORY, { id: record.id }, as[role])).code).toBe("FORBIDDEN");
  });

  it("nothing is deleted: a record's history rows stay", async () => {
    expect((await server.db.select({ n: count() }).from(stateChange))[0]!.n).toBeGreaterThan(0);
  });
});
