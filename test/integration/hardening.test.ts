// Hostile and broken requests: each is refused with a clear 4xx GraphQL error, nothing leaks,
// and the service keeps serving.
import fc from "fast-check";
import { serverAudits } from "graphql-http";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "100000", MAX_DEPTH: "8", MAX_ALIASES: "10", MAX_COST: "3000", MAX_TOKENS: "2000" } });

async function post(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
}

const stillServing = async () => {
  const { status, json } = await post(JSON.stringify({ query: "{ me { role } }" }));
  expect(status).toBe(200);
  expect(json.data.me.role).toBe("PUBLIC");
};

const LEAKS = /stack|node_modules|at [\w.]+ \(|select |insert |from "|drizzle|postgres|pglite|\.ts:\d+/i;

describe("query limits", () => {
  const nest = (depth: number) => {
    let q = "name";
    for (let i = 0; i < depth; i++) q = `listEntries { subject { ${q} } }`;
    return `{ searchSubjects(name: "滇") { nodes { ${q} } } }`;
  };
  it.each([
    ["a deep query", () => nest(6)],
    ["an alias flood", () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { role }`).join(" ")} }`],
    ["a cost bomb", () => `{ ${Array.from({ length: 9 }, (_, i) => `s${i}: searchSubjects(name: "滇", first: 100) { nodes { listEntries { subject { records { id } } } } }`).join(" ")} }`],
    ["a token flood", () => `{ me { ${Array.from({ length: 1500 }, () => "role").join(" ")} } }`],
    ["a directive flood", () => `{ me { role ${Array.from({ length: 30 }, () => "@include(if: true)").join(" ")} } }`],
  ])("%s is refused with a 400-class GraphQL error, and the service keeps serving", async (_name, query) => {
    const { status, json, text } = await post(JSON.stringify({ query: query() }));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(json.errors[0].message).toBeTruthy();
    expect(text).not.toMatch(LEAKS);
    await stillServing();
  });

  it("an oversized body is a 413 GraphQL error", async () => {
    const { status, json } = await post(JSON.stringify({ query: "{ me { role } }", variables: { pad: "x".repeat(1_200_000) } }));
    expect(status).toBe(413);
    expect(json.errors[0].extensions.code).toBe("BAD_REQUEST");
    await stillServing();
  });

  it("a batch of operations is refused", async () => {
    const { status, json } = await post(JSON.stringify(Array.from({ length: 50 }, () => ({ query: "{ me { role } }" }))));
    expect(status).toBe(400);
    expect(json.errors[0].message).toMatch(/batch/i);
    await stillServing();
  });

  it("a body that is not JSON is a 400 GraphQL error", async () => {
    const { status, json } = await post("{ not json");
    expect(status).toBe(400);
    expect(json.errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("whatever is thrown at it", () => {
  it("random identifiers and variables never cause a 5xx, a stack trace or SQL text", async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom("ORGANIZATION", "PERSON", "VEHICLE", "VESSEL", "SHIP", ""),
      fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 40 }), fc.stringMatching(/^[0-9A-Z]{18}$/), fc.constant("\u0000")),
      fc.oneof(fc.integer(), fc.constant(null), fc.string()),
      async (kind, identifier, first) => {
        for (const [query, variables] of [
          ["query ($ref: SubjectRef!) { subject(ref: $ref) { name identifier } }", { ref: { kind, identifier } }],
          ["query ($n: String!, $f: Int) { searchSubjects(name: $n, first: $f) { nodes { name } } }", { n: identifier, f: first }],
          ["query ($r: String, $a: String) { listEntries(region: $r, after: $a) { nodes { id } } }", { r: identifier, a: identifier }],
        ] as const) {
          const { status, text } = await post(JSON.stringify({ query, variables }));
          expect(status).toBeLessThan(500);
          expect(text).not.toMatch(LEAKS);
        }
      },
    ), { numRuns: 60 });
  });

  it("malformed JSON bodies never cause a 5xx", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.json().map((j) => j.slice(0, -1)), fc.jsonValue().map((v) => JSON.stringify(v))), async (body) => {
      const { status, text } = await post(body);
      expect(status).toBeLessThan(500);
      expect(text).not.toMatch(LEAKS);
    }), { numRuns: 100 });
    await stillServing();
  });
});

describe("GraphQL over HTTP conformance (graphql-http audits)", () => {
  it("passes every MUST audit", async () => {
    const results = await Promise.all(serverAudits({ url: `${server.url}/graphql` }).map((audit) => audit.fn()));
    const reason = (r: (typeof results)[number]) => ("reason" in r ? r.reason : "");
    const failedMust = results.filter((r) => r.status === "error");
    const counts = { ok: results.filter((r) => r.status === "ok").length, warn: results.filter((r) => r.status === "warn").length, error: failedMust.length };
    console.log(`graphql-http audits: ${JSON.stringify(counts)}`);
    for (const r of results.filter((x) => x.status !== "ok")) console.log(`  ${r.status}: ${r.name}: ${reason(r)}`);
    expect(failedMust.map((r) => `${r.name}: ${reason(r)}`)).toEqual([]);
  });
});

describe("metrics", () => {
  it("counts requests by operation and outcome", async () => {
    await post(JSON.stringify({ query: "query Who { me { role } }" }));
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/creditgate_graphql_request_duration_seconds_count\{operation="Who",outcome="OK"\} \d+/);
    expect(text).toContain("creditgate_sql_statements_total");
  });

  it.skipIf(!process.env.DATABASE_URL)("reports the database connections of the service", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^creditgate_database_connections (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^creditgate_database_connections_active \d+/m);
  });
});
