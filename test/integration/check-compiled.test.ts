// The check's documents run compiled (graphql-jit, src/http/compiled.ts); every other document runs
// on graphql-js. A caller must not be able to tell: each document below is sent as written (a
// check at the root: compiled) and with its root behind a fragment (not a check at the root: run
// by graphql-js), and both answers are the same — data, nulls, errors with their codes, messages,
// paths and locations — whatever the caller, the refs, the directives or the input's mistakes.
import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { isCheckOperation } from "../../src/http/compiled.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { fixtures, residentId } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ env: { CHECK_MAX_BATCH: "5" } });
const personId = residentId("530102", "19770707");
let orgId: string;
let plainOrgId: string;
const callers: Record<string, Headers> = {};

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const person = await f.subject({ kind: "PERSON", name: "王五", identifier: personId, phone: "13900000000" });
  await f.entry(person.id, { list: "BLACK" });
  const org = await f.subject({ kind: "ORGANIZATION", name: "编译执行测试运输有限公司", legalRepresentative: "赵六", phone: "0871-7654321" });
  await f.entry(org.id, { list: "RED" });
  await f.evaluation(org.id, { sector: "ROAD_FREIGHT", year: 2025, grade: "AAA" });
  await f.commitment(org.id, {});
  orgId = org.identifier;
  plainOrgId = (await f.subject({ kind: "ORGANIZATION", name: "无记录测试有限公司" })).identifier;
  callers.admin = await asAdmin();
  callers.officer = await asOfficer("530102");
  callers.system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
  callers.provider = (await withKey(server.db, "PROVIDER", "报告机构")).headers;
  callers.public = {};
});

/** `query (…) { <root> }` as written, and the same with its root selection in a fragment on Query. */
function twoWays(variables: string, root: string, fragments = "") {
  return {
    // Names of one length, the root on the same line and column: errors point at the same place.
    compiled: `query Jit${variables} {\n\n${root}\n}\n${fragments}`,
    interpreted: `query Gql${variables} { ...Root }\nfragment Root on Query {\n${root}\n}\n${fragments}`,
  };
}

/** The answer without what differs from one request to the next (the check's time). */
function comparable(body: { data?: unknown; errors?: unknown }) {
  return JSON.parse(JSON.stringify(body, (key, value) => (key === "checkedAt" ? "(time)" : value)));
}

async function bothWays(variables: string, root: string, values: Record<string, unknown>, headers: Headers, fragments = "") {
  const docs = twoWays(variables, root, fragments);
  expect(isCheckOperation(parse(docs.compiled).definitions[0] as never)).toBe(true);
  expect(isCheckOperation(parse(docs.interpreted).definitions[0] as never)).toBe(false);
  const compiled = await server.gql(docs.compiled, values, headers);
  const interpreted = await server.gql(docs.interpreted, values, headers);
  return { compiled: comparable(compiled), interpreted: comparable(interpreted) };
}

const FULL = `check(input: $input) {
  checkedAt scenario dataVersion
  results {
    ref { kind identifier } found decision error { code message }
    reasons { code effect message listEntry { list reason } }
    supervision { level samplingMultiplier interviewsPerYear trainingsPerYear }
    subject { name region identifier phone }
  }
}`;

const refs = () => [
  { kind: "PERSON", identifier: personId },
  { kind: "ORGANIZATION", identifier: orgId },
  { kind: "ORGANIZATION", identifier: plainOrgId },
  { kind: "ORGANIZATION", identifier: "91530000MA6Q9G7U2X" }, // valid, not in the register
  { kind: "ORGANIZATION", identifier: "not-a-code" },
  { kind: "ORGANIZATION", identifier: orgId }, // twice
];

describe("a check answers the same compiled as on graphql-js", () => {
  for (const caller of ["admin", "officer", "system", "provider", "public"]) {
    it(`every field of a check, asked by ${caller}, in both scenarios`, async () => {
      for (const scenario of ["LICENSING", "ENFORCEMENT"]) {
        const { compiled, interpreted } = await bothWays("($input: CheckInput!)", FULL,
          { input: { scenario, subjects: refs().slice(0, 5), matter: "许可申请 2026-001" } }, callers[caller]!);
        expect(compiled).toEqual(interpreted);
        if (caller === "admin") expect(compiled.errors).toBeUndefined();
        if (caller === "public") expect(compiled.errors?.[0]?.extensions?.code).toBeDefined();
      }
    });
  }

  it("aliases, fragments, inline fragments, @include and @skip, __typename", async () => {
    const root = `__typename c: check(input: $input) {
      v: dataVersion
      results {
        ...Decided
        ... on CheckResult @include(if: $withRefs) { ref { identifier } }
        reasons @skip(if: $withRefs) { code }
        __typename
      }
    }`;
    for (const withRefs of [true, false]) {
      const { compiled, interpreted } = await bothWays("($input: CheckInput!, $withRefs: Boolean!)", root,
        { input: { scenario: "LICENSING", subjects: refs().slice(0, 4) }, withRefs }, callers.system!,
        "fragment Decided on CheckResult { found decision }");
      expect(compiled).toEqual(interpreted);
      expect(compiled.errors).toBeUndefined();
    }
  });

  it("the input's mistakes: a wrong enum value, a missing field, too many refs, literals in the document", async () => {
    const mistakes: [string, string, Record<string, unknown>][] = [
      ["($input: CheckInput!)", "check(input: $input) { dataVersion }", { input: { scenario: "NOT_A_SCENARIO", subjects: [] } }],
      ["($input: CheckInput!)", "check(input: $input) { dataVersion }", { input: { subjects: [{ kind: "ORGANIZATION", identifier: orgId }] } }],
      ["($input: CheckInput!)", "check(input: $input) { dataVersion }", { input: { scenario: "LICENSING", subjects: [{ kind: "SHIP", identifier: "x" }] } }],
      ["($input: CheckInput!)", "check(input: $input) { dataVersion }", { input: { scenario: "LICENSING", subjects: refs() } }],
      ["($input: CheckInput!)", "check(input: $input) { dataVersion }", { input: { scenario: "LICENSING", subjects: [], matter: "x".repeat(501) } }],
      ["", `check(input: { scenario: LICENSING, subjects: [{ kind: ORGANIZATION, identifier: "${orgId}" }] }) { results { decision } }`, {}],
    ];
    for (const [variables, root, values] of mistakes) {
      const { compiled, interpreted } = await bothWays(variables, root, values, callers.system!);
      expect(compiled).toEqual(interpreted);
    }
  });
});
