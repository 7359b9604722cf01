import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const SEARCH_EVERYTHING = /* GraphQL */ `
  query ($first: Int) {
    searchSubjects(name: "滇运", first: $first) {
      nodes {
        name
        listEntries { list reason subject { name } }
        records { decisionNumber }
        evaluations { grade }
        commitments { matter }
      }
    }
  }`;

async function registerOf(size: number) {
  await server.reset();
  const f = fixtures(server.db, server.protector);
  for (let i = 0; i < size; i++) {
    const s = await f.subject({ kind: "ORGANIZATION", name: `昆明滇运${i}物流有限公司` });
    await f.entry(s.id);
    await f.record(s.id);
    await f.evaluation(s.id);
    await f.commitment(s.id);
  }
}

/** Statements one request costs: reading the register, and writing its audit event. */
async function statementsOf(query: string, variables: Record<string, unknown>) {
  const before = server.statements();
  const { data, errors } = await server.gql(query, variables);
  expect(errors).toBeUndefined();
  const after = server.statements();
  const audit = after.audit - before.audit;
  return { lookup: after.count - before.count - audit, audit, data: data! };
}

describe("statements per request", () => {
  it("searchSubjects(first: 100) with entries, records, evaluations and commitments costs the same few statements for 1 or 100 subjects", async () => {
    await registerOf(1);
    const one = await statementsOf(SEARCH_EVERYTHING, { first: 100 });
    expect(one.data.searchSubjects.nodes).toHaveLength(1);

    await registerOf(100);
    const hundred = await statementsOf(SEARCH_EVERYTHING, { first: 100 });
    expect(hundred.data.searchSubjects.nodes).toHaveLength(100);
    expect(hundred.data.searchSubjects.nodes.every((n: any) => n.listEntries.length === 1 && n.records.length === 1)).toBe(true);

    expect(hundred.lookup).toBe(one.lookup);
    expect(hundred.lookup).toBeLessThanOrEqual(6);
    // The audit event is one group-committed transaction, whatever the number of subjects.
    expect(hundred.audit).toBe(one.audit);
    expect(one.audit).toBeGreaterThan(0);
  });
});

describe("statements per check", () => {
  it("a check costs the same statements for 1, 100 and 1,000 refs", async () => {
    await registerOf(0);
    const { withKey } = await import("../support/auth.js");
    const { uscc } = await import("../support/fixtures.js");
    const system = (await withKey(server.db, "SYSTEM")).headers;
    const f = fixtures(server.db, server.protector);
    const refs: { kind: string; identifier: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const s = await f.subject({ kind: "ORGANIZATION", name: `核查${i}运输有限公司` });
      await f.entry(s.id);
      await f.evaluation(s.id);
      await f.commitment(s.id);
      refs.push({ kind: "ORGANIZATION", identifier: s.identifier });
    }
    const batch = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? refs[i % refs.length]! : { kind: "ORGANIZATION", identifier: uscc("530302") }));
    const costs: { lookup: number; audit: number }[] = [];
    for (const n of [1, 100, 1000]) {
      const before = server.statements();
      const { data, errors } = await server.gql(
        `query ($input: CheckInput!) { check(input: $input) { dataVersion results { decision reasons { code } subject { name } } } }`,
        { input: { scenario: "LICENSING", subjects: batch(n) } }, system);
      expect(errors).toBeUndefined();
      expect(data!.check.results).toHaveLength(n);
      const after = server.statements();
      costs.push({ lookup: after.count - before.count - (after.audit - before.audit), audit: after.audit - before.audit });
    }
    expect(costs[1]).toEqual(costs[0]);
    expect(costs[2]).toEqual(costs[0]);
    expect(costs[0]!.lookup).toBeLessThanOrEqual(6);
  });
});

describe("coalescing small checks across requests", () => {
  it("small checks arriving in the same tick share one statement; large ones read alone", async () => {
    const { CheckService } = await import("../../src/modules/check/check.service.js");
    const { PUBLIC } = await import("../../src/auth/principal.js");
    const service = new CheckService(server.handle.prepare, server.protector, 1000);
    const reader = { today: "2026-11-27", principal: { ...PUBLIC, role: "SYSTEM" as const } };
    const refs = Array.from({ length: 12 }, (_, i) => ({ kind: "VESSEL" as const, identifier: `CN${String(20_000_000_000 + i)}` }));
    const before = server.statements().count;
    const reports = await Promise.all(refs.map((ref) => service.check({ scenario: "LICENSING", subjects: [ref] }, reader)));
    expect(server.statements().count - before).toBe(1);
    expect(reports.map((r) => r.results[0]!.ref.identifier)).toEqual(refs.map((r) => r.identifier));
    expect(new Set(reports.map((r) => r.dataVersion)).size).toBe(1);

    const beforeLarge = server.statements().count;
    await Promise.all(Array.from({ length: 3 }, () => service.check({ scenario: "LICENSING", subjects: refs }, reader)));
    expect(server.statements().count - beforeLarge).toBe(3);
  });
});

describe("statements per intake", () => {
  it("submitRecords with violations and parties costs the same statements for 1 and 500 records, the listing rules listing 3 and 251 subjects", async () => {
    await registerOf(0);
    const { withKey } = await import("../support/auth.js");
    const { daysFromToday, residentId, uscc } = await import("../support/fixtures.js");
    const system = (await withKey(server.db, "SYSTEM")).headers;
    let n = 0;
    /** Four over-limit penalties per vehicle, so that every vehicle and driver of the batch is listed by the rules. */
    const batch = (size: number) => {
      const operator = uscc("530102");
      const drivers = Array.from({ length: Math.ceil(size / 4) }, () => residentId("530102"));
      return Array.from({ length: size }, (_, i) => {
      const vehicle = Math.floor(i / 4);
      return {
        sourceSystem: `YN-OVERLOAD-${size}`, decisionNumber: `云治超罚〔2026〕${++n}号`, category: "PENALTY",
        subject: { kind: "VEHICLE", identifier: `云A${String(10000 + vehicle + size).padStart(5, "0")}`, plateColor: "YELLOW" },
        subjectName: "重型半挂牵引车", content: "违法超限运输", decisionDate: daysFromToday(-1 - (i % 4) * 30), authority: "昆明市交通运输综合行政执法支队",
        violation: "OVERLIMIT_TRANSPORT",
        parties: [
          { role: "DRIVER", subject: { kind: "PERSON", identifier: drivers[vehicle]! }, subjectName: "驾驶人" },
          { role: "OPERATOR", subject: { kind: "ORGANIZATION", identifier: operator }, subjectName: "运输公司" },
        ],
      };
      });
    };
    const costs: { lookup: number; audit: number; entries: number }[] = [];
    const submit = (input: unknown[]) => server.gql(`mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { created } }`, { input }, system);
    for (const size of [1, 500]) {
      // One record: the 4th penalty of a vehicle whose first three came in an earlier batch, so the rules list with it.
      const records = size === 1 ? batch(4) : batch(size);
      if (size === 1) expect((await submit(records.splice(0, 3))).errors).toBeUndefined();
      const before = server.statements();
      const { data, errors } = await submit(records);
      expect(errors).toBeUndefined();
      expect(data!.submitRecords.created).toBe(size);
      const after = server.statements();
      const entries = (await server.db.execute(sql`select count(*)::int as n from list_entry where rule is not null`)) as unknown;
      costs.push({ lookup: after.count - before.count - (after.audit - before.audit), audit: after.audit - before.audit, entries: rowsOf<{ n: number }>(entries)[0]!.n });
    }
    // The 4th record alone: the vehicle, its driver and the operator (its one vehicle is 100% of its fleet); 500: 125 vehicles, 125 drivers, 1 operator.
    expect(costs[0]!.entries).toBe(3);
    expect(costs[1]!.entries - costs[0]!.entries).toBe(251);
    expect(costs[1]!.lookup).toBe(costs[0]!.lookup);
    expect(costs[1]!.audit).toBe(costs[0]!.audit);
  });
});

describe("statements per grades intake", () => {
  it("submitEvaluations costs the same statements for 1 and for 500 evaluations", async () => {
    await registerOf(0);
    const { withKey } = await import("../support/auth.js");
    const { uscc } = await import("../support/fixtures.js");
    const system = (await withKey(server.db, "SYSTEM")).headers;
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({
      subject: { kind: "ORGANIZATION", identifier: uscc("530102") }, subjectName: `滇路${i}建设工程有限公司`, sector: "HIGHWAY_CONSTRUCTION",
      year: 2025, grade: ["AA", "A", "B", "C", "D"][i % 5], evaluator: "云南省交通运输厅", sourceSystem: "YN-HIGHWAY-CREDIT",
    }));
    const costs: number[] = [];
    for (const n of [1, 500]) {
      const before = server.statements().count;
      const { data, errors } = await server.gql(`mutation ($input: [EvaluationInput!]!) { submitEvaluations(input: $input) { created } }`, { input: batch(n) }, system);
      expect(errors).toBeUndefined();
      expect(data!.submitEvaluations.created).toBe(n);
      costs.push(server.statements().count - before);
    }
    expect(costs[1]).toBe(costs[0]);
  });
});
