// Commitments (信用承诺) and the credit office's list entries over HTTP (issue 5): a commitment is
// public and fast-tracks a clean subject; a breach is adverse; an entry stands on records of its
// own subject that still stand.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { commitment as commitmentTable, listEntry as listEntryTable } from "../../src/db/schema.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id kind matter content signedAt validUntil status } }`;
const BREACH = `mutation ($id: ID!, $reason: String!) { breachCommitment(id: $id, reason: $reason) { id status } }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id list reason reasonText authority effectiveFrom effectiveUntil status } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { entity fromStatus toStatus actor reason cause before } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { dataVersion results { found decision reasons { code effect message } } } }`;
const COMMITMENTS = `query ($ref: SubjectRef!) { subject(ref: $ref) { commitments { id kind matter content status validUntil } } }`;

type Role = "PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ELSEWHERE" | "ADMIN";
let as: Record<Role, Headers>;

beforeAll(async () => {
  as = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER", "报告机构")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "行政审批系统")).headers,
    OFFICER: await asOfficer("530100"),
    ELSEWHERE: await asOfficer("532900"),
    ADMIN: await asAdmin(),
  };
});


async function refused(query: string, variables: Record<string, unknown>, headers: Headers): Promise<string> {
  const { data, errors } = await server.gql(query, variables, headers);
  expect(errors?.length, `expected an error, got ${JSON.stringify(data)}`).toBeGreaterThan(0);
  return errors![0]!.extensions!.code;
}

type Ref = { kind: string; identifier: string };
let numbers = 0;
/** A clean subject: in the register through a licensing record, nothing adverse. */
async function cleanSubject(): Promise<{ ref: Ref; recordId: string }> {
  const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
  const { submitRecords: { records: [record] } } = await ok(SUBMIT, { input: [{
    sourceSystem: "YN-LICENSING", decisionNumber: `云交运许〔2025〕${++numbers}号`, category: "LICENSING", subject: ref, subjectName: "承诺测试运输有限公司",
    content: "道路货物运输经营许可", decisionDate: daysFromToday(-5), authority: "昆明市交通运输局",
  }] }, as.SYSTEM);
  return { ref, recordId: record.id };
}
const commitmentInput = (ref: Ref, values: Record<string, unknown> = {}) => ({
  ref, kind: "LICENSING", matter: "道路货物运输经营许可（告知承诺）", content: "本单位承诺所提交材料真实有效，符合许可条件",
  signedAt: new Date(Date.now() - 3600_000).toISOString(), ...values,
});
const check = async (ref: Ref, scenario = "LICENSING", headers = as.SYSTEM) => (await ok(CHECK, { input: { scenario, subjects: [ref] } }, headers)).check;
const history = async (id: string) => (await ok(HISTORY, { id }, as.ADMIN)).stateChanges as any[];
const commitmentCount = async () => (await server.db.select({ n: count() }).from(commitmentTable))[0]!.n;
const entryCount = async () => (await server.db.select({ n: count() }).from(listEntryTable))[0]!.n;

describe("commitments", () => {
  it("a SYSTEM-registered commitment is public to every role and fast-tracks a clean subject's check", async () => {
    const { ref } = await cleanSubject();
    expect((await check(ref)).results[0]).toMatchObject({ found: true, decision: "PASS", reasons: [] });
    const validUntil = daysFromToday(365);
    const { registerCommitment: c } = await ok(COMMIT, { input: commitmentInput(ref, { validUntil }) }, as.SYSTEM);
    expect(c).toMatchObject({ kind: "LICENSING", status: "VALID", validUntil });
    for (const role of ["PUBLIC", "PROVIDER", "SYSTEM", "OFFICER", "ELSEWHERE", "ADMIN"] as const) {
      expect((await ok(COMMITMENTS, { ref }, as[role])).subject.commitments, role).toEqual([
        { id: c.id, kind: "LICENSING", matter: "道路货物运输经营许可（告知承诺）", content: "本单位承诺所提交材料真实有效，符合许可条件", status: "VALID", validUntil },
      ]);
    }
    for (const role of ["SYSTEM", "OFFICER", "ADMIN"] as const) {
      expect((await check(ref, "LICENSING", as[role])).results[0], role).toMatchObject({ decision: "FAST_TRACK", reasons: [{ code: "COMMITMENT", effect: "FAST_TRACK" }] });
    }
    expect((await history(c.id)).map((h) => [h.entity, h.fromStatus, h.toStatus])).toEqual([["COMMITMENT", null, "VALID"]]);
  });

  it("a breach (ADMIN) is adverse: the next check REVIEWs with COMMITMENT_BREACHED; breaching twice → INVALID_STATE", async () => {
    const { ref } = await cleanSubject();
    const { registerCommitment: c } = await ok(COMMIT, { input: commitmentInput(ref) }, as.SYSTEM);
    const before = await check(ref);
    expect(before.results[0].decision).toBe("FAST_TRACK");
    expect((await ok(BREACH, { id: c.id, reason: "承诺材料与实际不符" }, as.ADMIN)).breachCommitment).toEqual({ id: c.id, status: "BROKEN" });
    const after = await check(ref);
    expect(after.results[0]).toMatchObject({ decision: "REVIEW", reasons: [{ code: "COMMITMENT_BREACHED", effect: "ATTENTION" }] });
    expect(after.dataVersion).not.toBe(before.dataVersion);
    expect((await ok(COMMITMENTS, { ref }, as.PUBLIC)).subject.commitments.map((x: any) => x.status)).toEqual(["BROKEN"]);
    expect(await refused(BREACH, { id: c.id, reason: "再次违约" }, as.ADMIN)).toBe("INVALID_STATE");
    expect((await history(c.id)).map((h) => [h.fromStatus, h.toStatus, h.actor, h.reason])).toEqual([
      [null, "VALID", expect.stringMatching(/^key:/), "道路货物运输经营许可（告知承诺）"],
      ["VALID", "BROKEN", "jwt:admin-1", "承诺材料与实际不符"],
    ]);
    // A breach outweighs a fresh commitment.
    await ok(COMMIT, { input: commitmentInput(ref, { matter: "新的承诺" }) }, as.SYSTEM);
    expect((await check(ref)).results[0].decision).toBe("REVIEW");
  });

  it.each([
    ["an unknown commitment", "0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f", "NOT_FOUND"],
    ["an id that is not one", "nope", "NOT_FOUND"],
  ])("breaching %s → %s", async (_what, id, code) => {
    expect(await refused(BREACH, { id, reason: "违约" }, as.ADMIN)).toBe(code);
  });

  it.each(["SYSTEM", "OFFICER", "PUBLIC", "PROVIDER"] as const)("%s breaching → FORBIDDEN", async (role) => {
    const { ref } = await cleanSubject();
    const { registerCommitment: c } = await ok(COMMIT, { input: commitmentInput(ref) }, as.SYSTEM);
    expect(await refused(BREACH, { id: c.id, reason: "违约" }, as[role])).toBe("FORBIDDEN");
    expect((await check(ref)).results[0].decision).toBe("FAST_TRACK");
  });

  it("ADMIN may register one too, and a REPAIR commitment", async () => {
    const { ref } = await cleanSubject();
    expect((await ok(COMMIT, { input: commitmentInput(ref, { kind: "REPAIR", matter: "信用修复" }) }, as.ADMIN)).registerCommitment).toMatchObject({ kind: "REPAIR", status: "VALID" });
  });

  it.each([
    ["an unknown kind", { kind: "PROMISE" }, "BAD_USER_INPUT"],
    ["a validUntil already past", { validUntil: daysFromToday(-1) }, "BAD_USER_INPUT"],
    ["a signature in the future", { signedAt: new Date(Date.now() + 86400_000).toISOString() }, "BAD_USER_INPUT"],
    ["an empty matter", { matter: " " }, "BAD_USER_INPUT"],
    ["empty content", { content: "" }, "BAD_USER_INPUT"],
    ["a date that does not exist", { validUntil: "2027-02-29" }, "BAD_USER_INPUT"],
    ["an invalid identifier", { ref: { kind: "ORGANIZATION", identifier: "91350100M000100Y4Z" } }, "INVALID_IDENTIFIER"],
    ["a subject not in the register", { ref: { kind: "ORGANIZATION", identifier: uscc("530102") } }, "NOT_FOUND"],
  ])("%s → %s, nothing written", async (_what, values, code) => {
    const { ref } = await cleanSubject();
    const before = await commitmentCount();
    expect(await refused(COMMIT, { input: commitmentInput(ref, values) }, as.SYSTEM)).toBe(code);
    expect(await commitmentCount()).toBe(before);
  });

  it.each(["PUBLIC", "PROVIDER", "OFFICER"] as const)("%s registering → FORBIDDEN", async (role) => {
    const { ref } = await cleanSubject();
    expect(await refused(COMMIT, { input: commitmentInput(ref) }, as[role])).toBe("FORBIDDEN");
  });
});

describe("list entries on the credit office's decision", () => {
  const entryInput = (ref: Ref, values: Record<string, unknown> = {}) => ({
    ref, list: "BLACK", reason: "SERIOUS_ACCIDENT", reasonText: "发生重大及以上生产安全责任事故", authority: "云南省交通运输厅",
    effectiveFrom: daysFromToday(-1), ...values,
  });

  it("an entry takes effect in the next check and is public; its history starts", async () => {
    const { ref, recordId } = await cleanSubject();
    const effectiveUntil = daysFromToday(1000);
    const { addListEntry: entry } = await ok(ADD_ENTRY, { input: entryInput(ref, { basisRecordIds: [recordId], effectiveUntil }) }, as.ADMIN);
    expect(entry).toMatchObject({ list: "BLACK", reason: "SERIOUS_ACCIDENT", status: "ACTIVE", effectiveFrom: daysFromToday(-1), effectiveUntil });
    expect((await check(ref, "PROCUREMENT")).results[0].decision).toBe("DENY");
    expect((await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries { id } } }`, { ref }, as.PUBLIC)).subject.listEntries).toEqual([{ id: entry.id }]);
    expect((await history(entry.id)).map((h) => [h.fromStatus, h.toStatus, h.actor])).toEqual([[null, "ACTIVE", "jwt:admin-1"]]);
  });

  it("an entry from a future day counts only from then", async () => {
    const { ref } = await cleanSubject();
    await ok(ADD_ENTRY, { input: entryInput(ref, { effectiveFrom: daysFromToday(3) }) }, as.ADMIN);
    expect((await check(ref, "PROCUREMENT")).results[0].decision).toBe("PASS");
  });

  it.each([
    ["a basis record of another subject", async () => ({ basisRecordIds: [(await cleanSubject()).recordId] }), "BAD_USER_INPUT"],
    ["a basis id that is not one", async () => ({ basisRecordIds: ["------------------------------------"] }), "BAD_USER_INPUT"],
    ["an unknown basis record", async () => ({ basisRecordIds: ["0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f"] }), "BAD_USER_INPUT"],
    ["an end before its start", async () => ({ effectiveFrom: daysFromToday(-1), effectiveUntil: daysFromToday(-2) }), "BAD_USER_INPUT"],
    ["a reason that is not a code", async () => ({ reason: "重大事故" }), "BAD_USER_INPUT"],
    ["an empty reason text", async () => ({ reasonText: " " }), "BAD_USER_INPUT"],
    ["a subject not in the register", async () => ({ ref: { kind: "ORGANIZATION", identifier: uscc("530102") } }), "NOT_FOUND"],
    ["an invalid identifier", async () => ({ ref: { kind: "ORGANIZATION", identifier: "91350100M000100Y4Z" } }), "INVALID_IDENTIFIER"],
  ])("%s → %s, nothing written", async (_what, values, code) => {
    const { ref } = await cleanSubject();
    const before = await entryCount();
    expect(await refused(ADD_ENTRY, { input: entryInput(ref, await values()) }, as.ADMIN)).toBe(code);
    expect(await entryCount()).toBe(before);
  });

  it.each(["REVOKED", "REPAIRED", "EXPIRED"] as const)("a %s basis record → INVALID_STATE: no measure rests on a record that no longer stands", async (status) => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "失效依据公司" });
    const record = await f.record(s.id, { status });
    const before = await entryCount();
    expect(await refused(ADD_ENTRY, { input: entryInput({ kind: "ORGANIZATION", identifier: s.identifier }, { basisRecordIds: [record.id] }) }, as.ADMIN)).toBe("INVALID_STATE");
    expect(await entryCount()).toBe(before);
  });

  it.each(["SYSTEM", "OFFICER", "PROVIDER", "PUBLIC"] as const)("%s → FORBIDDEN", async (role) => {
    const { ref } = await cleanSubject();
    expect(await refused(ADD_ENTRY, { input: entryInput(ref) }, as[role])).toBe("FORBIDDEN");
    expect((await check(ref, "PROCUREMENT")).results[0].decision).toBe("PASS");
  });
});
