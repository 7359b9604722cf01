import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listEntry } from "../../src/db/schema.js";
import { daysFromToday, fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const ENTRIES = /* GraphQL */ `
  query ($list: ListType, $region: String, $reason: String, $changedSince: DateTime, $first: Int, $after: String) {
    listEntries(list: $list, region: $region, reason: $reason, changedSince: $changedSince, first: $first, after: $after) {
      nodes { id list reason reasonText status effectiveFrom subject { name region } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const reasons = (data: any): string[] => data.listEntries.nodes.map((n: { reason: string }) => n.reason).sort();

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const kunming = await f.subject({ kind: "ORGANIZATION", name: "昆明滇运物流有限公司", region: "530102" });
  const dali = await f.subject({ kind: "ORGANIZATION", name: "大理苍洱客运有限责任公司", region: "532901" });
  await f.entry(kunming.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED" });
  await f.entry(kunming.id, { list: "WATCH", reasonCode: "UNPAID_FINE" });
  await f.entry(dali.id, { list: "RED", reasonCode: "AAA_GRADE" });
  await f.entry(dali.id, { list: "BLACK", reasonCode: "SERIOUS_ACCIDENT" });
  await f.entry(dali.id, { list: "BLACK", reasonCode: "FRAUD_LICENSING", status: "REVOKED" });
  await f.entry(dali.id, { list: "BLACK", reasonCode: "REFUSE_ENFORCEMENT", effectiveFrom: daysFromToday(5) }); // not yet in force
  // An old change, for changedSince (in force since before it: coming into force is a change too).
  const old = await f.entry(kunming.id, { list: "RED", reasonCode: "MODEL_ENTERPRISE", effectiveFrom: "2023-12-01" });
  await server.db.execute(sql`update ${listEntry} set updated_at = '2024-01-01T00:00:00Z' where id = ${old.id}`);
});

describe("listEntries", () => {
  it("lists the entries in force, with their subjects", async () => {
    const { data, errors } = await server.gql(ENTRIES, {});
    expect(errors).toBeUndefined();
    expect(reasons(data)).toEqual(["AAA_GRADE", "MODEL_ENTERPRISE", "OVERLOAD_REPEATED", "SERIOUS_ACCIDENT", "UNPAID_FINE"]);
    const accident = data!.listEntries.nodes.find((n: { reason: string }) => n.reason === "SERIOUS_ACCIDENT");
    expect(accident.subject).toEqual({ name: "大理苍洱客运有限责任公司", region: "532901" });
  });

  it("filters by list", async () => {
    const { data } = await server.gql(ENTRIES, { list: "BLACK" });
    expect(reasons(data)).toEqual(["OVERLOAD_REPEATED", "SERIOUS_ACCIDENT"]);
  });

  it("filters by the subject's region prefix", async () => {
    const { data } = await server.gql(ENTRIES, { region: "5329" });
    expect(reasons(data)).toEqual(["AAA_GRADE", "SERIOUS_ACCIDENT"]);
  });

  it("filters by reason", async () => {
    const { data } = await server.gql(ENTRIES, { reason: "UNPAID_FINE" });
    expect(reasons(data)).toEqual(["UNPAID_FINE"]);
  });

  it("returns only entries changed since a time", async () => {
    const { data } = await server.gql(ENTRIES, { changedSince: "2025-01-01T00:00:00Z" });
    expect(reasons(data)).not.toContain("MODEL_ENTERPRISE");
    expect(reasons(data)).toHaveLength(4);
  });

  it("pages in order of change without losing or repeating an entry", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: any = await server.gql(ENTRIES, { first: 2, after });
      expect(errors).toBeUndefined();
      expect(data.listEntries.nodes.length).toBeLessThanOrEqual(2);
      seen.push(...reasons(data));
      after = data.listEntries.pageInfo.hasNextPage ? data.listEntries.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(["AAA_GRADE", "MODEL_ENTERPRISE", "OVERLOAD_REPEATED", "SERIOUS_ACCIDENT", "UNPAID_FINE"]);
    const first = (await server.gql(ENTRIES, { first: 5 })).data!.listEntries.nodes[0];
    expect(first.reason).toBe("MODEL_ENTERPRISE"); // the oldest change comes first
  });

  it("pages correctly through entries changed at the same instant", async () => {
    await server.db.execute(sql`update ${listEntry} set updated_at = '2025-06-01T00:00:00Z' where reason_code <> 'MODEL_ENTERPRISE'`);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: any = await server.gql(ENTRIES, { first: 2, after });
      expect(errors).toBeUndefined();
      seen.push(...reasons(data));
      after = data.listEntries.pageInfo.hasNextPage ? data.listEntries.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(["AAA_GRADE", "MODEL_ENTERPRISE", "OVERLOAD_REPEATED", "SERIOUS_ACCIDENT", "UNPAID_FINE"]);
  });

  it.each([
    [{ region: "云南" }, "BAD_USER_INPUT"],
    [{ first: 1000 }, "BAD_USER_INPUT"],
    [{ after: Buffer.from(JSON.stringify(["yesterday", "00000000-0000-0000-0000-000000000000"])).toString("base64url") }, "BAD_USER_INPUT"],
    [{ list: "GREY" }, "BAD_USER_INPUT"],
    [{ after: Buffer.from(JSON.stringify(["2026-13-45 25:00:00+00", "00000000-0000-0000-0000-000000000000"])).toString("base64url") }, "BAD_USER_INPUT"],
    [{ changedSince: "last week" }, "BAD_USER_INPUT"],
  ])("rejects %j with %s", async (variables, code) => {
    const { errors } = await server.gql(ENTRIES, variables);
    expect(errors![0]!.extensions!.code).toBe(code);
  });
});
