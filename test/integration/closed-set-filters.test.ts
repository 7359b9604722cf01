// Filters over closed sets take the enum: a typo is a validation error the caller sees, not a
// silent empty answer; the right values filter as before. The audit outcome is served split.
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, withKey } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const RECORDS = (category: string) => /* GraphQL */ `
  query ($ref: SubjectRef!) { subject(ref: $ref) { records(category: ${category}) { category severity status } } }`;
const AUDIT = (role: string) => /* GraphQL */ `{ auditEvents(role: ${role}, first: 100) { nodes { role operation outcome errorCodes } } }`;
const CHECK = /* GraphQL */ `query ($input: CheckInput!) { check(input: $input) { results { decision } } }`;

let ref: { kind: "ORGANIZATION"; identifier: string };
beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const s = await f.subject({ kind: "ORGANIZATION", name: "昆明顺达物流有限公司" });
  await f.record(s.id, { category: "PENALTY" });
  await f.record(s.id, { category: "LICENSING", content: "道路运输经营许可" });
  ref = { kind: "ORGANIZATION", identifier: s.identifier };
});

describe("records(category:)", () => {
  it.each(["penalty", `"penalty"`, `"PENALTY"`, "PENALTIES"])("records(category: %s) is GRAPHQL_VALIDATION_FAILED", async (typo) => {
    const res = await server.gql(RECORDS(typo), { ref });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("records(category: PENALTY) answers the penalty record, as enum values", async () => {
    const res = await server.gql(RECORDS("PENALTY"), { ref });
    expect(res.errors).toBeUndefined();
    expect(res.data!.subject.records).toEqual([{ category: "PENALTY", severity: "ORDINARY", status: "PUBLISHED" }]);
  });

  it("a category variable takes the enum, and refuses a typo", async () => {
    const query = /* GraphQL */ `query ($ref: SubjectRef!, $c: RecordCategory) { subject(ref: $ref) { records(category: $c) { category } } }`;
    expect((await server.gql(query, { ref, c: "LICENSING" })).data!.subject.records).toEqual([{ category: "LICENSING" }]);
    const typo = await server.gql(query, { ref, c: "licensing" });
    expect(typo.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("auditEvents(role:)", () => {
  beforeAll(async () => {
    const system = await withKey(server.db, "SYSTEM");
    const ok = await server.gql(CHECK, { input: { scenario: "LICENSING", subjects: [ref] } }, system.headers);
    expect(ok.errors).toBeUndefined();
    const refused = await server.gql(CHECK, { input: { scenario: "LICENSING", subjects: [ref], matter: "x".repeat(501) } }, system.headers);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it.each(["system", `"system"`, `"SYSTEM"`, "SYSTEMS"])("auditEvents(role: %s) is GRAPHQL_VALIDATION_FAILED", async (typo) => {
    const res = await server.gql(AUDIT(typo), {}, await asAdmin());
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("auditEvents(role: SYSTEM) answers the SYSTEM caller's events, the outcome as an enum and the codes beside it", async () => {
    const res = await server.gql(AUDIT("SYSTEM"), {}, await asAdmin());
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.auditEvents.nodes;
    expect(nodes.every((n: { role: string }) => n.role === "SYSTEM")).toBe(true);
    expect(nodes).toEqual(expect.arrayContaining([
      { role: "SYSTEM", operation: expect.any(String), outcome: "OK", errorCodes: [] },
      { role: "SYSTEM", operation: expect.any(String), outcome: "ERROR", errorCodes: ["BAD_USER_INPUT"] },
    ]));
  });
});
