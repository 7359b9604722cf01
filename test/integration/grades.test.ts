// Yearly grades intake and grade scales (issue 12 point 4): every sector's scale enforced, a new
// year's grade replaces the old one in checks, a re-send changes nothing, a changed grade is
// updated and audited, and a grade outside its scale refuses the whole batch.
import { count, desc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvent, evaluation, gradeScale, subject as subjectTable } from "../../src/db/schema.js";
import { Catalogue } from "../../src/modules/check/check.rules.js";
import { DEFAULT_POLICIES } from "../../src/modules/catalogue/catalogue.defaults.js";
import { DEFAULT_GRADE_SCALES } from "../../src/modules/evaluation/evaluation.defaults.js";
import { ensureGradeScales } from "../../src/modules/evaluation/evaluation.store.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { residentId, uscc } from "../support/fixtures.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);
const refused = (query: string, variables: Record<string, unknown>, headers: Headers) => refusedOn(server, query, variables, headers);

const SUBMIT = `mutation ($input: [EvaluationInput!]!) { submitEvaluations(input: $input) { created updated unchanged evaluations { sector year grade evaluator sourceSystem } } }`;
const SCALES = `{ gradeScales { sector name grades basis } }`;
const SET_SCALE = `mutation ($input: GradeScaleInput!) { setGradeScale(input: $input) { sector grades } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { dataVersion results { decision reasons { code message } supervision { level interviewsPerYear } subject { evaluations { sector year grade } } } } }`;

let as: Record<"PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN", Headers>;

beforeAll(async () => {
  as = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER", "报告机构")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "云南省公路建设市场信用评价系统")).headers,
    OFFICER: await asOfficer("530100"),
    ADMIN: await asAdmin(),
  };
});

beforeEach(async () => {
  await server.db.execute(sql`truncate table grade_scale, evaluation`);
  await ensureGradeScales(server.db);
});

const grade = (identifier: string, values: Record<string, unknown> = {}) => ({
  subject: { kind: "ORGANIZATION", identifier }, subjectName: "云南滇路建设工程有限公司", sector: "HIGHWAY_CONSTRUCTION",
  year: 2025, grade: "A", evaluator: "云南省交通运输厅", sourceSystem: "YN-HIGHWAY-CREDIT", ...values,
});
const submit = async (input: unknown[], headers = as.SYSTEM) => (await ok(SUBMIT, { input }, headers)).submitEvaluations;
const evaluationCount = async () => (await server.db.select({ n: count() }).from(evaluation))[0]!.n;
const subjectCount = async () => (await server.db.select({ n: count() }).from(subjectTable))[0]!.n;
const check = async (identifier: string, scenario = "LICENSING") =>
  (await ok(CHECK, { input: { scenario, subjects: [{ kind: "ORGANIZATION", identifier }] } }, as.SYSTEM)).check;

describe("grade scales are data per sector", () => {
  it("gradeScales lists every sector the work plan names, grades best first, with its basis", async () => {
    const { gradeScales } = await ok(SCALES, {}, as.PUBLIC);
    const bySector = new Map(gradeScales.map((s: any) => [s.sector, s]));
    expect(bySector.get("HIGHWAY_CONSTRUCTION")).toMatchObject({ name: "公路建设市场", grades: ["AA", "A", "B", "C", "D"] });
    expect((bySector.get("HIGHWAY_CONSTRUCTION") as any).basis).toContain("交公路发〔2009〕733号");
    expect(bySector.get("ROAD_TRANSPORT")).toMatchObject({ grades: ["AAA", "AA", "A", "B"] });
    for (const sector of ["WATERWAY_CONSTRUCTION", "ENGINEERING_SUPERVISION", "TESTING_INSPECTION", "DRIVER_SERVICE", "WATER_TRAFFIC_SAFETY", "WORK_SAFETY"]) {
      expect(bySector.has(sector), sector).toBe(true);
    }
  });

  const cases = DEFAULT_GRADE_SCALES.map((s) => [s.sector, s.grades, s.grades.includes("AAA") ? "C" : "AAA"] as const);
  it.each(cases)("%s takes each grade of %j and refuses %s", async (sector, grades, outside) => {
    const identifier = uscc("530102");
    const result = await submit(grades.map((g, i) => grade(identifier, { sector, grade: g, year: 2024 - i })));
    expect(result.created).toBe(grades.length);
    expect(result.evaluations.map((e: any) => e.grade)).toEqual(grades);

    const before = await evaluationCount();
    const error = await refused(SUBMIT, { input: [grade(uscc("530102"), { sector, grade: grades[0] }), grade(identifier, { sector, grade: outside, year: 2025 })] }, as.SYSTEM);
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.index).toBe(1);
    expect(error.message).toContain(`grade ${outside} is not on the`);
    expect(await evaluationCount()).toBe(before);
  });

  it("a grade outside its sector's scale refuses the whole batch: nothing is written, no subject is created (message in Chinese by default)", async () => {
    const [subjects, evaluations] = [await subjectCount(), await evaluationCount()];
    const input = [grade(uscc("530102")), grade(uscc("530103"), { grade: "AAA" }), grade(uscc("530104"))];
    const { errors } = await server.gql(SUBMIT, { input }, { ...as.SYSTEM, "accept-language": "zh-CN" });
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0]?.message).toBe("第 2 条信用评价：等级 AAA 不在公路建设市场信用评价等级（AA / A / B / C / D）之内");
    expect([await subjectCount(), await evaluationCount()]).toEqual([subjects, evaluations]);
  });

  it.each([
    ["an unknown sector", { sector: "MOON_TRANSPORT" }, "has no grade scale"],
    ["a year in the future", { year: 2999 }, "year must be between"],
    ["an empty evaluator", { evaluator: " " }, "evaluator must be 1 to 200"],
  ])("%s is BAD_USER_INPUT", async (_what, values, message) => {
    const error = await refused(SUBMIT, { input: [grade(uscc("530102"), values)] }, as.SYSTEM);
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.message).toContain(message);
  });

  it("the same key twice in one batch is refused", async () => {
    const identifier = uscc("530102");
    const error = await refused(SUBMIT, { input: [grade(identifier), grade(identifier, { grade: "B" })] }, as.SYSTEM);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", index: 1 });
  });

  it("ADMIN changes a scale: intake is held to it at once and dataVersion moves; others may not", async () => {
    const identifier = uscc("530102");
    const { dataVersion: before } = await check(identifier);
    const input = { sector: "WORK_SAFETY", name: "安全生产", grades: ["A", "B", "C"], basis: "《云南省交通运输安全生产信用评价办法》" };
    expect((await refused(SET_SCALE, { input }, as.SYSTEM)).code).toBe("FORBIDDEN");
    expect((await ok(SET_SCALE, { input }, as.ADMIN)).setGradeScale).toEqual({ sector: "WORK_SAFETY", grades: ["A", "B", "C"] });
    expect((await check(identifier)).dataVersion).not.toBe(before);
    expect((await refused(SUBMIT, { input: [grade(identifier, { sector: "WORK_SAFETY", grade: "AAA" })] }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect((await submit([grade(identifier, { sector: "WORK_SAFETY", grade: "C" })])).created).toBe(1);
    expect((await check(identifier)).results[0].reasons.map((r: any) => r.code)).toEqual(["LOWEST_GRADE"]);
    expect((await refused(SET_SCALE, { input: { ...input, grades: ["A", "A"] } }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
  });
});

describe("intake of grades", () => {
  it.each([
    ["SYSTEM", true], ["ADMIN", true], ["OFFICER", false], ["PROVIDER", false], ["PUBLIC", false],
  ] as const)("%s may submit evaluations: %s", async (role, allowed) => {
    const { data, errors } = await server.gql(SUBMIT, { input: [grade(uscc("530102"))] }, as[role]);
    if (allowed) expect(data?.submitEvaluations?.created).toBe(1);
    else expect(errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
  });

  it("a grade is public at once: the subject's evaluations show it to PUBLIC", async () => {
    const identifier = uscc("530102");
    await submit([grade(identifier, { grade: "AA", year: 2025 })]);
    const { subject } = await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { name evaluations { sector year grade evaluator } } }`,
      { ref: { kind: "ORGANIZATION", identifier } }, as.PUBLIC);
    expect(subject).toEqual({ name: "云南滇路建设工程有限公司", evaluations: [{ sector: "HIGHWAY_CONSTRUCTION", year: 2025, grade: "AA", evaluator: "云南省交通运输厅" }] });
  });

  it("re-sending the same grades changes nothing", async () => {
    const input = [grade(uscc("530102")), grade(uscc("530103"), { grade: "B" }), grade(residentId("530102"), { subject: { kind: "PERSON", identifier: residentId("530102") }, subjectName: "张三", sector: "DRIVER_SERVICE", grade: "AAA" })];
    expect(await submit(input)).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const rows = await server.db.select().from(evaluation).orderBy(evaluation.id);
    expect(await submit(input)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await server.db.select().from(evaluation).orderBy(evaluation.id)).toEqual(rows);
  });

  it("a changed grade for the same (source, sector, year, subject) updates it, and the audit event keeps the grade it replaced", async () => {
    const identifier = uscc("530102");
    await submit([grade(identifier, { grade: "A" })]);
    const result = await submit([grade(identifier, { grade: "C" })]);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0, evaluations: [{ grade: "C", year: 2025 }] });
    expect(await evaluationCount()).toBe(1);
    const [event] = await server.db.select().from(auditEvent).where(eq(auditEvent.operation, "submitEvaluations")).orderBy(desc(auditEvent.seq)).limit(1);
    expect(event!.outcome).toBe("OK");
    expect(JSON.parse(event!.detail!).changes).toEqual([
      expect.objectContaining({ sourceSystem: "YN-HIGHWAY-CREDIT", sector: "HIGHWAY_CONSTRUCTION", year: 2025, from: "A", to: "C" }),
    ]);
    expect(event!.subjectIds).toHaveLength(1);
  });

  it("another source's grade for the same subject, sector and year is its own evaluation", async () => {
    const identifier = uscc("530102");
    await submit([grade(identifier, { grade: "A" })]);
    expect((await submit([grade(identifier, { grade: "B", sourceSystem: "YN-CITY-CREDIT" })])).created).toBe(1);
    expect(await evaluationCount()).toBe(2);
  });
});

describe("the latest year per sector drives checks and supervision", () => {
  it("a new year's grade replaces the old one in checks", async () => {
    const identifier = uscc("530102");
    await submit([grade(identifier, { grade: "D", year: 2024 })]);
    const first = await check(identifier);
    expect(first.results[0].decision).toBe("REVIEW");
    expect(first.results[0].reasons.map((r: any) => r.code)).toEqual(["LOWEST_GRADE"]);

    await submit([grade(identifier, { grade: "AA", year: 2025 })]);
    const second = await check(identifier);
    expect(second.dataVersion).not.toBe(first.dataVersion);
    expect(second.results[0].decision).toBe("PASS");
    expect(second.results[0].reasons).toEqual([]);
  });

  it("the lowest grade is the sector's own: B is lowest for road transport, not for highway construction", async () => {
    const road = uscc("530102");
    const highway = uscc("530103");
    await submit([grade(road, { sector: "ROAD_TRANSPORT", grade: "B" }), grade(highway, { grade: "B" })]);
    expect((await check(road)).results[0].decision).toBe("REVIEW");
    expect((await check(highway)).results[0].decision).toBe("PASS");
  });

  it("in ENFORCEMENT a grade in the lower half of its scale raises supervision (D of the construction market)", async () => {
    const identifier = uscc("530102");
    await submit([grade(identifier, { grade: "AA", year: 2023 }), grade(identifier, { grade: "D", year: 2025 })]);
    const { results: [result] } = await check(identifier, "ENFORCEMENT");
    expect(result.supervision).toEqual({ level: "POOR", interviewsPerYear: 1 });
    expect(result.subject.evaluations.map((e: any) => e.grade)).toEqual(["D", "AA"]);
  });
});

describe("the lowest-grade rule (pure)", () => {
  const scaleArb = fc.uniqueArray(fc.constantFrom("AAA", "AA", "A", "B", "C", "D", "E"), { minLength: 2, maxLength: 7 });
  it("a grade is its sector's lowest exactly when it is the last of the sector's scale", () => {
    fc.assert(fc.property(scaleArb, fc.constantFrom("AAA", "AA", "A", "B", "C", "D", "E"), (grades, g) => {
      const catalogue = new Catalogue("LICENSING", [], DEFAULT_POLICIES, [{ sector: "S", grades }]);
      expect(catalogue.isLowestGrade(g, "S")).toBe(grades[grades.length - 1] === g);
    }));
  });
  it("a grade the policy does not name is supervised as poor only in the lower half of its scale", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 9 }), (n) => {
      const grades = Array.from({ length: n }, (_, i) => `X${i}`);
      const catalogue = new Catalogue("ENFORCEMENT", [], DEFAULT_POLICIES, [{ sector: "S", grades }]);
      grades.forEach((g, i) => expect(catalogue.policyOf(g, "S")?.level).toBe(i * 2 <= n - 1 ? "ORDINARY" : "POOR"));
    }));
  });
});
