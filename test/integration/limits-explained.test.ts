// Query limits that explain themselves: a document over a limit is refused with
// QUERY_TOO_COMPLEX naming the setting, its maximum and what the document came to; the queries a
// clerk's screen sends pass the default limits.
import { beforeAll, describe, expect, it } from "vitest";
import { asOfficer } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

// The default limits (MAX_DEPTH 12, MAX_ALIASES 20, MAX_DIRECTIVES 20, MAX_COST 5000, MAX_TOKENS 5000).
const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "100000" } });

/** English unless a test asks otherwise: the assertions read the English texts. */
async function post(query: string, headers: Record<string, string> = { "accept-language": "en" }) {
  const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } };
}

const nest = (levels: number) => {
  let q = "name";
  for (let i = 0; i < levels; i++) q = `listEntries { subject { ${q} } }`;
  return `{ searchSubjects(name: "滇") { nodes { ${q} } } }`;
};

describe("a document over a limit", () => {
  it("is explained in Chinese by default, naming the setting and the figures", async () => {
    const { status, body } = await post(`{ ${Array.from({ length: 25 }, (_, i) => `a${i}: me { role }`).join(" ")} }`, {});
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "MAX_ALIASES", max: 20, found: 25 });
    expect(body.errors![0]!.message).toBe("查询的别名数为 25，超过上限 20：请减少一次查询的内容，或调高服务设置 MAX_ALIASES。");
  });

  it.each([
    // searchSubjects › nodes › 7 × (listEntries › subject) › name
    ["MAX_DEPTH", 12, 17, () => nest(7), /depth is 17, more than the maximum of 12/],
    ["MAX_ALIASES", 20, 25, () => `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: me { role }`).join(" ")} }`, /number of aliases is 25, more than the maximum of 20/],
    ["MAX_DIRECTIVES", 20, 25, () => `{ me { ${Array.from({ length: 25 }, () => "role @include(if: true)").join(" ")} } }`, /number of directives is 25, more than the maximum of 20/],
    // Also invalid (a directive repeated where it may appear once): the limit is what it is told.
    ["MAX_DIRECTIVES", 20, 25, () => `{ me { role ${Array.from({ length: 25 }, () => "@include(if: true)").join(" ")} } }`, /number of directives is 25, more than the maximum of 20/],
    // 9 aliases × first: 100 × (2 + 2 + 2 + 2 + 2 + 1): searchSubjects, nodes, listEntries, subject, records (objects), id (a scalar)
    ["MAX_COST", 5000, 9900, () => `{ ${Array.from({ length: 9 }, (_, i) => `s${i}: searchSubjects(name: "滇", first: 100) { nodes { listEntries { subject { records { id } } } } }`).join(" ")} }`, /cost is 9900, more than the maximum of 5000/],
    // { me { + 6000 × role + } }
    ["MAX_TOKENS", 5000, 6005, () => `{ me { ${Array.from({ length: 6000 }, () => "role").join(" ")} } }`, /number of tokens is 6005, more than the maximum of 5000/],
  ])("over %s: HTTP 400, QUERY_TOO_COMPLEX naming the setting, its maximum and what was found", async (limit, max, found, query, text) => {
    const { status, body } = await post(query());
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit, max, found });
    expect(error!.message).toMatch(text);
    expect(error!.message).toContain(`raise the server setting ${limit}`);
    expect(error!.message).not.toMatch(/syntax error/i);
  });

  it("a plain syntax error is still one, however long the document", async () => {
    const { status, body } = await post(`{ me { role } ${"#".repeat(6000)}`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("a document under every limit runs", async () => {
    const { status, body } = await post(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { role }`).join(" ")} }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.a19.role).toBe("PUBLIC");
  });
});

describe("what a clerk's screen asks passes the default limits", () => {
  const SUBJECT = `id name identifier kind region
    listEntries { id list status reason effectiveFrom }
    records { id category severity status decisionDate }
    evaluations { sector year grade evaluator }
    commitments { id kind status matter signedAt }`;
  let officer: Record<string, string>;

  beforeAll(async () => {
    officer = await asOfficer("530102");
    const f = fixtures(server.db, server.protector);
    for (let i = 0; i < 3; i++) {
      const s = await f.subject({ kind: "ORGANIZATION", name: `昆明滇运物流${i}有限公司`, region: "530102" });
      await f.entry(s.id, { list: "BLACK" });
      await f.record(s.id);
      await f.evaluation(s.id);
      await f.commitment(s.id);
    }
  });

  it("listEntries(first: 50) with each subject's entries, records, evaluations and commitments", async () => {
    const { status, body } = await post(`{ listEntries(first: 50) {
      nodes { id list status reason reasonText subject { ${SUBJECT} } }
      pageInfo { hasNextPage endCursor } } }`, officer);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.listEntries.nodes).toHaveLength(3);
    const subject = body.data.listEntries.nodes[0].subject;
    for (const list of ["listEntries", "records", "evaluations", "commitments"]) expect(subject[list]).toHaveLength(1);
  });

  it("searchSubjects(first: 100) with the same", async () => {
    const { status, body } = await post(`{ searchSubjects(name: "滇运物流", first: 100) {
      nodes { ${SUBJECT} }
      pageInfo { hasNextPage endCursor } } }`, officer);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.searchSubjects.nodes).toHaveLength(3);
    for (const list of ["listEntries", "records", "evaluations", "commitments"]) expect(body.data.searchSubjects.nodes[0][list]).toHaveLength(1);
  });
});
