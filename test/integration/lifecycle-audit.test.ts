// Every lifecycle mutation is audited (an ADMIN finds it by operation) and every one that changes
// records, entries or commitments moves the dataVersion the next check carries (issue 5, item 6).
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const AUDIT = `query ($operation: String!, $subjectId: ID) { auditEvents(operation: $operation, subjectId: $subjectId, first: 100) {
  nodes { seq operation role principal outcome errorCodes subjectIds } } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { dataVersion results { decision } } }`;

let system: { headers: Headers; id: string };
let admin: Headers;

beforeAll(async () => {
  system = await withKey(server.db, "SYSTEM", "执法系统");
  admin = await asAdmin();
});


const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
let subjectId: string;
const ids: Record<string, string> = {};

const version = async () => (await ok(CHECK, { input: { scenario: "PROCUREMENT", subjects: [ref] } }, system.headers)).check.dataVersion as string;
const events = async (operation: string) => (await ok(AUDIT, { operation, subjectId }, admin)).auditEvents.nodes as any[];

/** [operation, caller, mutation and its variables, does it change records, entries or commitments] */
const steps: [string, "SYSTEM" | "ADMIN", () => [string, Record<string, unknown>], boolean][] = [
  ["submitRecords", "SYSTEM", () => [`mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`, { input: [{
    sourceSystem: "YN-ENFORCEMENT", decisionNumber: "云交执罚〔2025〕审计1号", category: "PENALTY", subject: ref, subjectName: "审计测试物流有限公司",
    content: "超限运输，罚款", decisionDate: daysFromToday(-120), authority: "昆明市交通运输综合行政执法支队" }] }], true],
  ["addListEntry", "ADMIN", () => [`mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`, { input: {
    ref, list: "BLACK", reason: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输超过3次", basisRecordIds: [ids.submitRecords], authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-100) } }], true],
  ["registerCommitment", "SYSTEM", () => [`mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
    ref, kind: "REPAIR", matter: "信用修复", content: "承诺守信", signedAt: new Date(Date.now() - 60_000).toISOString() } }], true],
  ["fileObjection", "SYSTEM", () => [`mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id } }`, { input: {
    targetKind: "RECORD", targetId: ids.submitRecords, reason: "罚款金额有误", evidence: "缴款凭证" } }], true],
  ["decideObjection", "ADMIN", () => [`mutation ($id: ID!) { decideObjection(id: $id, upheld: true, answer: "予以更正", correctedContent: "超限运输，罚款1000元") { id } }`, { id: ids.fileObjection }], true],
  ["applyRepair", "SYSTEM", () => [`mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`, { input: {
    targetKind: "RECORD", targetId: ids.submitRecords, reason: "已整改" } }], false],
  ["decideRepair", "ADMIN", () => [`mutation ($id: ID!) { decideRepair(id: $id, approved: true, reason: "同意修复") { id } }`, { id: ids.applyRepair }], true],
  ["reverseRepair", "ADMIN", () => [`mutation ($id: ID!) { reverseRepair(id: $id, reason: "修复有误") { id } }`, { id: ids.applyRepair }], true],
  ["breachCommitment", "ADMIN", () => [`mutation ($id: ID!) { breachCommitment(id: $id, reason: "违反承诺") { id } }`, { id: ids.registerCommitment }], true],
];

describe("every lifecycle mutation is audited and moves the data version", () => {
  it.each(steps.map(([operation, role, build, moves]) => ({ operation, role, build, moves })))(
    "$operation ($role)", async ({ operation, role, build, moves }) => {
      if (!subjectId && operation !== "submitRecords") throw new Error("runs in order, after submitRecords");
      const before = { version: await version(), events: subjectId ? (await events(operation)).length : 0 };
      const [query, variables] = build();
      const data = await ok(query, variables, role === "SYSTEM" ? system.headers : admin);
      const result = data[operation];
      ids[operation] = result.records?.[0]?.id ?? result.id;
      if (operation === "submitRecords") {
        subjectId = (await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { id } }`, { ref }, admin)).subject.id;
      }
      const after = await events(operation);
      expect(after).toHaveLength(before.events + 1);
      expect(after[0]).toMatchObject({ operation, role, outcome: "OK", principal: role === "SYSTEM" ? `key:${system.id}` : "jwt:admin-1", subjectIds: [subjectId] });
      if (moves) expect(await version(), "dataVersion").not.toBe(before.version);
    },
  );

  it("the check followed each of them: DENY now that the repair is reversed and the commitment breached", async () => {
    expect((await ok(CHECK, { input: { scenario: "PROCUREMENT", subjects: [ref] } }, system.headers)).check.results[0].decision).toBe("DENY");
  });

  it("a refused mutation is audited too, with its error code, and moves nothing", async () => {
    // Found by operation: a refused mutation served no subject, so its event names none.
    const all = async () => (await ok(AUDIT, { operation: "decideRepair" }, admin)).auditEvents.nodes as any[];
    const before = { version: await version(), events: (await all()).length };
    const { errors } = await server.gql(`mutation ($id: ID!) { decideRepair(id: $id, approved: false, reason: "再次决定") { id } }`, { id: ids.applyRepair }, admin);
    expect(errors![0]!.extensions!.code).toBe("INVALID_STATE");
    const after = await all();
    expect(after).toHaveLength(before.events + 1);
    expect(after[0]).toMatchObject({ outcome: "ERROR", errorCodes: ["INVALID_STATE"], role: "ADMIN" });
    expect(await version()).toBe(before.version);
  });

  it("a forbidden one as well", async () => {
    const before = (await ok(AUDIT, { operation: "decideObjection" }, admin)).auditEvents.nodes.length;
    const { errors } = await server.gql(`mutation ($id: ID!) { decideObjection(id: $id, upheld: false, answer: "驳回") { id } }`, { id: ids.fileObjection }, system.headers);
    expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const after = (await ok(AUDIT, { operation: "decideObjection" }, admin)).auditEvents.nodes;
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ outcome: "ERROR", errorCodes: ["FORBIDDEN"], role: "SYSTEM" });
  });
});
