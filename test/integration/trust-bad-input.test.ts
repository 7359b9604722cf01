// A malformed id or a wrong persisted-query hash is the caller's mistake: it is answered with a
// code the caller can act on, never INTERNAL_SERVER_ERROR.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const MALFORMED = ["not-a-uuid", "12345678-1234-1234-1234-12345678901g", "'; select 1 --", ""];
const ORG = uscc();

let admin: Headers;
let system: Headers;
beforeAll(async () => {
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM")).headers;
  await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "昆明滇运物流有限公司", identifier: ORG });
});

/** Every argument and input field of type ID, with the caller who may use it and what the answer must be. */
const ID_ARGUMENTS: [string, (id: string) => [string, Record<string, unknown>], () => Headers, string[]][] = [
  ["stateChanges(entityId)", (id) => ["query ($id: ID!) { stateChanges(entityId: $id) { toStatus } }", { id }], () => admin, ["BAD_USER_INPUT"]],
  ["auditEvents(subjectId)", (id) => ["query ($id: ID) { auditEvents(subjectId: $id) { nodes { seq } } }", { id }], () => admin, ["BAD_USER_INPUT"]],
  ["creditReport(grantId)", (id) => ["query ($id: ID!, $ref: SubjectRef!) { creditReport(grantId: $id, ref: $ref) { grantId } }",
    { id, ref: { kind: "ORGANIZATION", identifier: ORG } }], () => admin, ["GRANT_INVALID"]],
  ["decideObjection(id)", (id) => ["mutation ($id: ID!) { decideObjection(id: $id, upheld: false, answer: \"no\") { id } }", { id }], () => admin, ["NOT_FOUND"]],
  ["decideRepair(id)", (id) => ["mutation ($id: ID!) { decideRepair(id: $id, approved: false, reason: \"no\") { id } }", { id }], () => admin, ["NOT_FOUND"]],
  ["reverseRepair(id)", (id) => ["mutation ($id: ID!) { reverseRepair(id: $id, reason: \"wrong\") { id } }", { id }], () => admin, ["NOT_FOUND"]],
  ["breachCommitment(id)", (id) => ["mutation ($id: ID!) { breachCommitment(id: $id, reason: \"broke it\") { id } }", { id }], () => admin, ["NOT_FOUND"]],
  ["revokeAuthorization(id)", (id) => ["mutation ($id: ID!) { revokeAuthorization(id: $id) { id } }", { id }], () => admin, ["NOT_FOUND"]],
  ["fileObjection(input.targetId)", (id) => ["mutation ($i: ObjectionInput!) { fileObjection(input: $i) { id } }",
    { i: { targetKind: "RECORD", targetId: id, reason: "wrong", evidence: "paper" } }], () => system, ["NOT_FOUND"]],
  ["applyRepair(input.targetId)", (id) => ["mutation ($i: RepairInput!) { applyRepair(input: $i) { id } }",
    { i: { targetKind: "ENTRY", targetId: id, reason: "corrected" } }], () => system, ["NOT_FOUND"]],
  ["grantAuthorization(input.providerKeyId)", (id) => ["mutation ($i: GrantInput!) { grantAuthorization(input: $i) { id } }",
    { i: { ref: { kind: "ORGANIZATION", identifier: ORG }, providerKeyId: id, scopes: ["REPORT"], purpose: "贷款授信审查", validUntil: "2099-01-01T00:00:00Z" } }],
  () => admin, ["BAD_USER_INPUT"]],
  ["addListEntry(input.basisRecordIds)", (id) => ["mutation ($i: ListEntryInput!) { addListEntry(input: $i) { id } }",
    { i: { ref: { kind: "ORGANIZATION", identifier: ORG }, list: "BLACK", reason: "OVERLOAD_REPEATED", reasonText: "多次超限", authority: "云南省交通运输厅",
      effectiveFrom: "2026-01-01", basisRecordIds: [id] } }], () => admin, ["BAD_USER_INPUT"]],
];

describe("malformed ids", () => {
  it("stateChanges of something that is not an id is BAD_USER_INPUT", async () => {
    const { data, errors } = await server.gql("{ stateChanges(entityId: \"not-a-uuid\") { toStatus } }", {}, admin);
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(errors![0]!.message).toMatch(/entityId/);
    expect(data?.stateChanges ?? null).toBeNull();
  });

  it("stateChanges of a well-formed id nobody has is empty", async () => {
    const { data, errors } = await server.gql("{ stateChanges(entityId: \"00000000-0000-4000-8000-000000000000\") { toStatus } }", {}, admin);
    expect(errors).toBeUndefined();
    expect(data!.stateChanges).toEqual([]);
  });

  it.each(ID_ARGUMENTS)("%s: a malformed id is the caller's error, never INTERNAL_SERVER_ERROR", async (_name, build, caller, codes) => {
    for (const id of MALFORMED) {
      const [query, variables] = build(id);
      const { errors } = await server.gql(query, variables, caller());
      expect(errors?.length, `${id}: ${JSON.stringify(errors)}`).toBeGreaterThan(0);
      expect(codes, `${id}: ${JSON.stringify(errors)}`).toContain(errors![0]!.extensions!.code);
      expect(errors![0]!.message).not.toMatch(/syntax|sql|postgres|invalid input/i);
    }
  });
});

describe("automatic persisted queries", () => {
  const QUERY = "{ me { role } }";
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "accept-language": "en" }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it("an unknown hash without the query is PERSISTED_QUERY_NOT_FOUND, and the client may then send the query", async () => {
    const hash = sha256(`${QUERY} # ${Math.random()}`);
    const missing = await post({ extensions: persisted(hash) });
    expect(missing.body.errors![0]!.extensions!.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const query = `${QUERY} # registered`;
    const registered = await post({ query, extensions: persisted(sha256(query)) });
    expect(registered.body.errors).toBeUndefined();
    const again = await post({ extensions: persisted(sha256(query)) });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ me: { role: "PUBLIC" } });
  });

  it("a hash that does not match the query is BAD_REQUEST (HTTP 400) with Apollo's message", async () => {
    const { status, body } = await post({ query: QUERY, extensions: persisted(sha256("{ something { else } }")) });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe("BAD_REQUEST");
    expect(body.errors![0]!.message).toBe("provided sha does not match query");
  });

  it("a hash that is no sha256 at all is BAD_REQUEST, never INTERNAL_SERVER_ERROR", async () => {
    for (const hash of ["nope", "", "0".repeat(64)]) {
      const { status, body } = await post({ query: QUERY, extensions: persisted(hash) });
      expect(status, hash).toBe(400);
      expect(body.errors![0]!.extensions!.code, hash).toBe("BAD_REQUEST");
    }
  });

  it("an unsupported persisted-query version is BAD_REQUEST", async () => {
    const { status, body } = await post({ query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe("BAD_REQUEST");
  });
});
