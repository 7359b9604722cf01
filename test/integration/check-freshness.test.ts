// Nothing a check must see may be stale (issue 16): a revoked key, a changed measure or grade scale
// and a new list entry are seen by the very next check — also through another process of the service on the
// same PostgreSQL, whose caches (if any) were warmed on the state before. The embedded database is
// opened by one process only: there the "other process" is the same one, and the rule still holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { type ServiceProcess, startServiceProcess } from "../support/processes.js";
import { type GraphQLResponse, TEST_DATA_KEY, TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const onPostgres = Boolean(process.env.DATABASE_URL);
const server = useTestServer();
let other: ServiceProcess | null = null;

const CHECK = /* GraphQL */ `query Check($input: CheckInput!) {
  check(input: $input) { dataVersion results { found decision reasons { code effect listEntry { list } } } } }`;
const SET_MEASURE = /* GraphQL */ `mutation ($effect: MeasureEffect!) {
  setMeasure(input: { list: BLACK, reason: "*", scenario: LICENSING, effect: $effect, legalBasis: "测试依据" }) { effect } }`;
const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`;

/** Where the next check goes: another service process on PostgreSQL, the test's own one on PGlite. */
const otherUrl = () => other?.url ?? server.url;

async function gqlAt(url: string, query: string, variables: Record<string, unknown>, headers: Headers) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<any> };
}

let system: { headers: Headers; id: string };
let identifier: string;
let subjectId: string;

/** A one-ref LICENSING check of the test's subject through the other process, as a caller makes it. */
async function checkThere(headers: Headers = system.headers) {
  return gqlAt(otherUrl(), CHECK, { input: { scenario: "LICENSING", subjects: [{ kind: "ORGANIZATION", identifier }] } }, headers);
}
async function decisionThere(): Promise<{ decision: string; dataVersion: string }> {
  const { status, body } = await checkThere();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return { decision: body.data!.check.results[0].decision, dataVersion: body.data!.check.dataVersion };
}

beforeAll(async () => {
  const key = await withKey(server.db, "SYSTEM", "审批系统");
  system = { headers: key.headers, id: key.id };
  const s = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "新鲜度测试运输有限公司" });
  identifier = s.identifier;
  subjectId = s.id;
  if (onPostgres) {
    other = await startServiceProcess({
      DATABASE_URL: process.env.DATABASE_URL, DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, REDIS_URL: "", RATE_LIMIT: "1000000",
    }, { timeoutMs: 90_000 });
  }
}, 120_000);

afterAll(async () => {
  await other?.stop();
});

describe("a check sees every change from the next request on, whichever process made it", () => {
  it("a new list entry decides the very next check", async () => {
    // Warm the other process on the state before: the same check, several times.
    for (let i = 0; i < 3; i++) expect((await decisionThere()).decision).toBe("PASS");
    const before = await decisionThere();
    await fixtures(server.db, server.protector).entry(subjectId, { list: "BLACK" });
    const after = await decisionThere();
    expect(after.decision).toBe("REVIEW"); // LICENSING: a blacklist entry restricts by default
    expect(after.dataVersion).not.toBe(before.dataVersion);
  });

  it("a changed measure decides the very next check", async () => {
    expect((await decisionThere()).decision).toBe("REVIEW");
    const set = await server.gql(SET_MEASURE, { effect: "PROHIBIT" }, await asAdmin());
    expect(set.errors).toBeUndefined();
    expect((await decisionThere()).decision).toBe("DENY");
    await server.gql(SET_MEASURE, { effect: "RESTRICT" }, await asAdmin());
    expect((await decisionThere()).decision).toBe("REVIEW");
  });

  it("a changed grade scale decides the very next check (the catalogue a process keeps is read again once it moved)", async () => {
    const graded = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "等级新鲜度测试物流有限公司" });
    await fixtures(server.db, server.protector).evaluation(graded.id, { sector: "ROAD_FREIGHT", year: 2025, grade: "B" });
    const decision = async () => {
      const { body } = await gqlAt(otherUrl(), CHECK, { input: { scenario: "LICENSING", subjects: [{ kind: "ORGANIZATION", identifier: graded.identifier }] } }, system.headers);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return { decision: body.data!.check.results[0].decision, reasons: body.data!.check.results[0].reasons.map((r: { code: string }) => r.code) };
    };
    const SCALE = `mutation ($grades: [String!]!) { setGradeScale(input: { sector: "ROAD_FREIGHT", name: "道路货物运输", grades: $grades, basis: "测试依据" }) { grades } }`;
    // B is the road freight scale's lowest grade: the check says so, again and again (the catalogue kept).
    for (let i = 0; i < 3; i++) expect(await decision()).toEqual({ decision: "REVIEW", reasons: ["LOWEST_GRADE"] });
    expect((await server.gql(SCALE, { grades: ["AAA", "AA", "A", "B", "C"] }, await asAdmin())).errors).toBeUndefined();
    expect(await decision()).toEqual({ decision: "PASS", reasons: [] });
    expect((await server.gql(SCALE, { grades: ["AAA", "AA", "A", "B"] }, await asAdmin())).errors).toBeUndefined();
    expect(await decision()).toEqual({ decision: "REVIEW", reasons: ["LOWEST_GRADE"] });
  });

  it("a revoked key is refused on the very next check", async () => {
    const { status } = await checkThere();
    expect(status).toBe(200);
    const revoked = await server.gql(REVOKE, { id: system.id }, await asAdmin());
    expect(revoked.errors).toBeUndefined();
    const next = await checkThere();
    expect(next.status).toBe(401);
    expect(next.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    // Concurrent requests of one tick share the key lookup: none of them slips through either.
    const burst = await Promise.all(Array.from({ length: 10 }, () => checkThere()));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(401));
  });
});
