// The check (README "Checking parties"): one rule per test, and how they rank.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const CHECK = /* GraphQL */ `
  query ($input: CheckInput!) {
    check(input: $input) {
      checkedAt scenario dataVersion
      results {
        ref { kind identifier } error { code message } found decision
        reasons { code effect message listEntry { list reason status } }
        supervision { level samplingMultiplier interviewsPerYear trainingsPerYear }
        subject { name }
      }
    }
  }`;

let system: Headers;
const org = (identifier: string) => ({ kind: "ORGANIZATION", identifier });
const subjects: Record<string, { id: string; identifier: string }> = {};
const ref = (name: string) => org(subjects[name]!.identifier);

async function check(scenario: string, refs: unknown[], headers: Headers = system) {
  const { data, errors } = await server.gql(CHECK, { input: { scenario, subjects: refs, matter: "道路货物运输经营许可", requestId: "REQ-1" } }, headers);
  expect(errors).toBeUndefined();
  return data!.check as { dataVersion: string; results: any[] };
}
const resultOf = async (scenario: string, name: string) => (await check(scenario, [ref(name)])).results[0];

beforeAll(async () => {
  system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
  const f = fixtures(server.db, server.protector);
  const make = async (name: string, build: (id: string) => Promise<unknown> = async () => {}) => {
    const s = await f.subject({ kind: "ORGANIZATION", name, region: "530102" });
    subjects[name] = s;
    await build(s.id);
  };
  await make("黑名单", (id) => f.entry(id, { list: "BLACK", reasonCode: "SERIOUS_ACCIDENT" }));
  await make("黑红双单", async (id) => { await f.entry(id, { list: "BLACK" }); await f.entry(id, { list: "RED", reasonCode: "AAA_GRADE" }); });
  await make("红名单", (id) => f.entry(id, { list: "RED", reasonCode: "AAA_GRADE" }));
  await make("重点关注", (id) => f.entry(id, { list: "WATCH", reasonCode: "UNPAID_FINE" }));
  await make("最低等级", (id) => f.evaluation(id, { grade: "B", year: 2025 }));
  await make("旧低新好", async (id) => { await f.evaluation(id, { grade: "B", year: 2024 }); await f.evaluation(id, { grade: "AA", year: 2025 }); });
  await make("承诺", (id) => f.commitment(id));
  await make("承诺但关注", async (id) => { await f.commitment(id); await f.entry(id, { list: "WATCH" }); });
  await make("过期承诺", (id) => f.commitment(id, { validUntil: daysFromToday(-1) }));
  await make("违反承诺", (id) => f.commitment(id, { status: "BROKEN" }));
  await make("失效名单", async (id) => {
    await f.entry(id, { list: "BLACK", status: "EXPIRED" });
    await f.entry(id, { list: "BLACK", status: "REPAIRED" });
    await f.entry(id, { list: "BLACK", status: "REVOKED" });
    await f.entry(id, { list: "BLACK", effectiveUntil: daysFromToday(-1) });
    await f.entry(id, { list: "BLACK", effectiveFrom: daysFromToday(3) });
  });
  await make("良好", (id) => f.evaluation(id, { grade: "AAA", year: 2025 }));
  await make("干净");
});

describe("check decisions", () => {
  it("blacklist beats red list, and both reasons are given, most severe first", async () => {
    const r = await resultOf("LICENSING", "黑红双单");
    expect(r.decision).toBe("REVIEW");
    expect(r.reasons.map((x: any) => x.effect)).toEqual(["RESTRICT", "FAST_TRACK"]);
  });

  it.each([
    ["PROCUREMENT", "DENY", "PROHIBIT"], ["BIDDING", "DENY", "PROHIBIT"], ["SUBSIDY", "DENY", "PROHIBIT"], ["HIRING", "DENY", "PROHIBIT"],
    ["LICENSING", "REVIEW", "RESTRICT"], ["ROAD_TRANSPORT", "REVIEW", "RESTRICT"], ["WATER_TRANSPORT", "REVIEW", "RESTRICT"],
    ["ENFORCEMENT", "REVIEW", "INTENSIFY"],
  ])("a blacklist entry in %s → %s (%s), naming its entry and legal basis", async (scenario, decision, effect) => {
    const r = await resultOf(scenario, "黑名单");
    expect(r).toMatchObject({ found: true, decision, error: null, subject: { name: "黑名单" } });
    expect(r.reasons).toEqual([expect.objectContaining({ code: "LIST_ENTRY", effect, listEntry: { list: "BLACK", reason: "SERIOUS_ACCIDENT", status: "ACTIVE" } })]);
    expect(r.reasons[0].message).toMatch(/《.+》/);
  });

  it("a watch-list entry → REVIEW in every scenario", async () => {
    for (const scenario of ["LICENSING", "PROCUREMENT", "ENFORCEMENT", "HIRING"]) expect((await resultOf(scenario, "重点关注")).decision).toBe("REVIEW");
  });

  it("the lowest grade of the latest evaluation → REVIEW; an older low grade does not count", async () => {
    expect(await resultOf("LICENSING", "最低等级")).toMatchObject({ decision: "REVIEW", reasons: [expect.objectContaining({ code: "LOWEST_GRADE" })] });
    expect((await resultOf("LICENSING", "旧低新好")).decision).toBe("PASS");
  });

  it("a red-list entry → FAST_TRACK", async () => {
    expect((await resultOf("LICENSING", "红名单")).decision).toBe("FAST_TRACK");
  });

  it("a valid commitment → FAST_TRACK only with nothing adverse", async () => {
    expect(await resultOf("LICENSING", "承诺")).toMatchObject({ decision: "FAST_TRACK", reasons: [expect.objectContaining({ code: "COMMITMENT" })] });
    expect((await resultOf("LICENSING", "承诺但关注")).decision).toBe("REVIEW");
    expect((await resultOf("LICENSING", "过期承诺")).decision).toBe("PASS");
  });

  it("a breached commitment is adverse, not a fast track", async () => {
    expect(await resultOf("LICENSING", "违反承诺")).toMatchObject({ decision: "REVIEW", reasons: [expect.objectContaining({ code: "COMMITMENT_BREACHED" })] });
  });

  it("an expired, repaired, revoked, ended or future entry counts for nothing", async () => {
    expect(await resultOf("PROCUREMENT", "失效名单")).toMatchObject({ found: true, decision: "PASS", reasons: [] });
  });

  it("a valid ref not in the register → PASS, found: false", async () => {
    const [r] = (await check("PROCUREMENT", [org(uscc("530102"))])).results;
    expect(r).toMatchObject({ found: false, decision: "PASS", reasons: [], error: null, subject: null });
  });

  it("ENFORCEMENT carries supervision from the grade policy, raised by a blacklist entry", async () => {
    expect((await resultOf("ENFORCEMENT", "良好")).supervision).toEqual({ level: "TRUSTWORTHY", samplingMultiplier: 0.1, interviewsPerYear: 0, trainingsPerYear: 0 });
    expect((await resultOf("ENFORCEMENT", "最低等级")).supervision).toEqual({ level: "POOR", samplingMultiplier: 5, interviewsPerYear: 1, trainingsPerYear: 1 });
    expect((await resultOf("ENFORCEMENT", "干净")).supervision).toMatchObject({ level: "ORDINARY", samplingMultiplier: 1 });
    expect((await resultOf("ENFORCEMENT", "黑名单")).supervision).toEqual({ level: "SERIOUSLY_DISHONEST", samplingMultiplier: 8, interviewsPerYear: 2, trainingsPerYear: 1 });
    expect((await resultOf("LICENSING", "黑名单")).supervision).toBeNull();
  });

  it("answers one result per ref in input order, duplicates included, and isolates invalid refs", async () => {
    const red = subjects["红名单"]!.identifier;
    const refs = [org(red), org("91350100M000100Y4Z"), ref("黑名单"), org(red.toLowerCase()), { kind: "VEHICLE", identifier: "云I12345" }];
    const { results } = await check("PROCUREMENT", refs);
    expect(results.map((r) => r.decision)).toEqual(["FAST_TRACK", null, "DENY", "FAST_TRACK", null]);
    expect(results[1]).toMatchObject({ found: false, error: { code: "INVALID_IDENTIFIER" }, reasons: [] });
    expect(results[1].error.message).toContain("3");
    expect(results[3].ref).toEqual({ kind: "ORGANIZATION", identifier: red });
    expect(results[4].error.code).toBe("INVALID_IDENTIFIER");
  });

  it("checks people by ID number", async () => {
    const f = fixtures(server.db, server.protector);
    const driverId = residentId("530102", "19800101");
    const driver = await f.subject({ kind: "PERSON", name: "司机", identifier: driverId });
    await f.entry(driver.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED" });
    const [r] = (await check("ROAD_TRANSPORT", [{ kind: "PERSON", identifier: driverId }])).results;
    expect(r).toMatchObject({ found: true, decision: "REVIEW", ref: { kind: "PERSON", identifier: driverId } });
  });

  it("refuses more refs than the batch limit with LIMIT_EXCEEDED", async () => {
    const refs = Array.from({ length: 1001 }, () => ref("干净"));
    const { data, errors } = await server.gql(CHECK, { input: { scenario: "LICENSING", subjects: refs } }, system);
    expect(data).toBeNull();
    expect(errors![0]!.extensions!.code).toBe("LIMIT_EXCEEDED");
  });

  it("is for SYSTEM, OFFICER and ADMIN callers only", async () => {
    for (const headers of [system, await asOfficer("532900"), await asAdmin()]) expect((await check("LICENSING", [ref("干净")], headers)).results).toHaveLength(1);
    for (const headers of [{}, (await withKey(server.db, "PROVIDER")).headers]) {
      const { data, errors } = await server.gql(CHECK, { input: { scenario: "LICENSING", subjects: [ref("干净")] } }, headers);
      expect(data).toBeNull();
      expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });
});

describe("the register changes the next check", () => {
  const setBlackLicensing = async (effect: string) => {
    const { errors } = await server.gql(`mutation ($effect: MeasureEffect!) {
      setMeasure(input: { list: BLACK, reason: "*", scenario: LICENSING, effect: $effect, legalBasis: "测试依据" }) { effect } }`,
    { effect }, await asAdmin());
    expect(errors).toBeUndefined();
  };

  it("changing a measure changes the next decision and the data version", async () => {
    const before = await check("LICENSING", [ref("黑名单")]);
    await setBlackLicensing("PROHIBIT");
    const after = await check("LICENSING", [ref("黑名单")]);
    expect([before.results[0].decision, after.results[0].decision]).toEqual(["REVIEW", "DENY"]);
    expect(after.dataVersion).not.toBe(before.dataVersion);
    await setBlackLicensing("RESTRICT");
  });

  it("adding an entry changes the next decision and the data version", async () => {
    const before = await check("LICENSING", [ref("干净")]);
    await fixtures(server.db, server.protector).entry(subjects["干净"]!.id, { list: "WATCH", reasonCode: "NEW_ONE" });
    const after = await check("LICENSING", [ref("干净")]);
    expect([before.results[0].decision, after.results[0].decision]).toEqual(["PASS", "REVIEW"]);
    expect(after.dataVersion).not.toBe(before.dataVersion);
  });

  it("the same register gives the same data version", async () => {
    const a = await check("LICENSING", [ref("黑名单")]);
    const b = await check("HIRING", [ref("红名单")]);
    expect(b.dataVersion).toBe(a.dataVersion);
  });

  it("the measure catalogue and supervision policy are readable by everyone but changed only by ADMIN", async () => {
    const { data } = await server.gql(`{ measures(list: BLACK, scenario: BIDDING) { reason effect legalBasis } supervisionPolicies { grade level } }`);
    expect(data!.measures).toEqual([expect.objectContaining({ reason: "*", effect: "PROHIBIT" })]);
    expect(data!.supervisionPolicies.map((p: { grade: string }) => p.grade)).toContain("BLACKLIST");
    const { errors } = await server.gql(`mutation { setMeasure(input: { list: RED, scenario: BIDDING, effect: PROHIBIT, legalBasis: "x" }) { id } }`, {}, system);
    expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("a check is audited with its scenario, matter, refs and decisions, without a person's ID in the clear", async () => {
    const f = fixtures(server.db, server.protector);
    const personId = residentId("530102", "19900101");
    await f.subject({ kind: "PERSON", name: "审计对象", identifier: personId });
    await check("HIRING", [ref("黑名单"), { kind: "PERSON", identifier: personId }]);
    const { data } = await server.gql(`{ auditEvents(operation: "check", first: 1) { nodes { operation purpose subjectIds outcome } } }`, {}, await asAdmin());
    expect(data!.auditEvents.nodes[0]).toMatchObject({ operation: "check", purpose: "道路货物运输经营许可", outcome: "OK" });
    expect(data!.auditEvents.nodes[0].subjectIds).toHaveLength(2);
    const rows = rowsOf<{ detail: string }>(await server.db.execute(sql`select detail from audit_event order by seq desc limit 1`));
    const detail = JSON.parse(rows[0]!.detail);
    expect(detail).toMatchObject({ scenario: "HIRING", matter: "道路货物运输经营许可", requestId: "REQ-1" });
    expect(detail.results.map((r: { decision: string }) => r.decision)).toEqual(["DENY", "PASS"]);
    expect(JSON.stringify(detail)).not.toContain(personId);
  });
});

describe("publication periods are data the credit office changes", () => {
  it("an ADMIN sets a period; everyone reads it; others may not change it", async () => {
    const set = `mutation { setPublicationPeriod(input: { category: "PENALTY", field: "道路运输", minMonths: 6, maxMonths: 24, basis: "测试依据" }) { category field minMonths maxMonths } }`;
    const { data, errors } = await server.gql(set, {}, await asAdmin());
    expect(errors).toBeUndefined();
    expect(data!.setPublicationPeriod).toEqual({ category: "PENALTY", field: "道路运输", minMonths: 6, maxMonths: 24 });
    const read = await server.gql(`{ publicationPeriods { category field minMonths } }`);
    expect(read.data!.publicationPeriods).toContainEqual({ category: "PENALTY", field: "道路运输", minMonths: 6 });
    expect((await server.gql(set, {}, system)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const bad = await server.gql(`mutation { setPublicationPeriod(input: { category: "PENALTY", minMonths: 30, maxMonths: 12, basis: "x" }) { category } }`, {}, await asAdmin());
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});
