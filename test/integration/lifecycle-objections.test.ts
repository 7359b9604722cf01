// Objections (异议) over HTTP (issue 5): each allowed transition and each refused one with its
// code; an upheld objection changes the next check and subject answers at once, for every role.
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id decisionNumber status content } } }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id list reason status } }`;
const FILE = `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id targetKind targetId reason evidence status filedAt answerDue decidedAt answer } }`;
const DECIDE = `mutation ($id: ID!, $upheld: Boolean!, $answer: String!, $correctedContent: String) {
  decideObjection(id: $id, upheld: $upheld, answer: $answer, correctedContent: $correctedContent) { id status answer decidedAt } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { entity entityId fromStatus toStatus actor reason cause before } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { dataVersion results { found decision reasons { code effect listEntry { id status } } } } }`;
const VIEW = `query ($ref: SubjectRef!) { subject(ref: $ref) {
  records { id status content } listEntries { id status }
  all: records(includeUnpublished: true) { id status content } allEntries: listEntries(includeInactive: true) { id status } } }`;
const LIST = `query ($reason: String!) { listEntries(reason: $reason) { nodes { id status } } }`;

type Role = "PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ELSEWHERE" | "ADMIN";
const ROLES: Role[] = ["PUBLIC", "PROVIDER", "SYSTEM", "OFFICER", "ELSEWHERE", "ADMIN"];
/** Who sees unpublished records and ended entries of a subject in 530102 (README "Callers and what they see"). */
const SEES_HISTORY: Role[] = ["OFFICER", "ADMIN"];
const CHECKERS: Role[] = ["SYSTEM", "OFFICER", "ELSEWHERE", "ADMIN"];
let as: Record<Role, Headers>;

beforeAll(async () => {
  as = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER", "报告机构")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "政府采购系统")).headers,
    OFFICER: await asOfficer("530100"),
    ELSEWHERE: await asOfficer("532900"),
    ADMIN: await asAdmin(),
  };
});


async function refused(query: string, variables: Record<string, unknown>, headers: Headers): Promise<{ code: string; message: string }> {
  const { data, errors } = await server.gql(query, variables, headers);
  expect(errors?.length, `expected an error, got ${JSON.stringify(data)}`).toBeGreaterThan(0);
  return { code: errors![0]!.extensions!.code, message: errors![0]!.message };
}

type Ref = { kind: string; identifier: string };
let numbers = 0;
const penalty = (ref: Ref, values: Record<string, unknown> = {}) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `云交执罚〔2026〕异${++numbers}号`, category: "PENALTY", subject: ref, subjectName: "异议测试物流有限公司",
  content: "超限运输，罚款2000元", decisionDate: daysFromToday(-30), authority: "昆明市交通运输综合行政执法支队", ...values,
});

async function addEntry(ref: Ref, list: string, reason: string, basisRecordIds: string[]) {
  return (await ok(ADD_ENTRY, { input: { ref, list, reason, reasonText: "严重超限超载", basisRecordIds, authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-10) } }, as.ADMIN)).addListEntry;
}

let scenes = 0;
/** A subject with a penalty, a licensing record, a blacklist entry on the penalty and a watch entry on both. */
async function scene() {
  const tag = `OBJ${++scenes}`;
  const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
  const [record, other] = (await ok(SUBMIT, { input: [penalty(ref), penalty(ref, { category: "LICENSING", content: "道路货物运输经营许可" })] }, as.SYSTEM)).submitRecords.records;
  const black = await addEntry(ref, "BLACK", `${tag}_BLACK`, [record.id]);
  const watch = await addEntry(ref, "WATCH", `${tag}_WATCH`, [other.id, record.id]);
  return { tag, ref, record, other, black, watch };
}

const file = (targetId: string, targetKind = "RECORD", headers = as.SYSTEM) =>
  ok(FILE, { input: { targetKind, targetId, reason: "处罚对象认定错误", evidence: "车辆行驶证复印件；过户登记证明" } }, headers).then((d) => d.fileObjection);
const decide = (id: string, upheld: boolean, answer: string, correctedContent: string | null = null, headers = as.ADMIN) =>
  ok(DECIDE, { id, upheld, answer, correctedContent }, headers).then((d) => d.decideObjection);
const check = async (ref: Ref, headers = as.SYSTEM, scenario = "PROCUREMENT") =>
  (await ok(CHECK, { input: { scenario, subjects: [ref] } }, headers)).check;
const view = async (ref: Ref, role: Role) => (await ok(VIEW, { ref }, as[role])).subject;
const history = async (id: string) => (await ok(HISTORY, { id }, as.ADMIN)).stateChanges as any[];
const workingDaysAfter = async (date: string, days: number) =>
  (await ok(`query ($date: Date!, $days: Int!) { workingDaysAfter(date: $date, days: $days) }`, { date, days }, as.PUBLIC)).workingDaysAfter as string;

describe("filing an objection", () => {
  it("marks the record UNDER_OBJECTION for every role while it is verified; its measures stand; the answer is due in 7 working days", async () => {
    const s = await scene();
    const objection = await file(s.record.id);
    expect(objection).toMatchObject({ targetKind: "RECORD", targetId: s.record.id, status: "UNDER_REVIEW", decidedAt: null, answer: null });
    expect(objection.answerDue).toBe(await workingDaysAfter(daysFromToday(0), 7));
    for (const role of ROLES) {
      const subject = await view(s.ref, role);
      expect(subject.records.find((r: any) => r.id === s.record.id), role).toMatchObject({ status: "UNDER_OBJECTION" });
      expect(subject.listEntries.map((e: any) => e.id).sort(), role).toEqual([s.black.id, s.watch.id].sort());
    }
    for (const role of CHECKERS) expect((await check(s.ref, as[role])).results[0].decision, role).toBe("DENY");
    expect((await history(s.record.id)).map((c) => [c.fromStatus, c.toStatus, c.cause])).toEqual([["PUBLISHED", "UNDER_OBJECTION", `objection:${objection.id}`]]);
  });

  it("ADMIN may file one too", async () => {
    const s = await scene();
    expect((await file(s.record.id, "RECORD", as.ADMIN)).status).toBe("UNDER_REVIEW");
  });
});

describe("deciding an objection", () => {
  it("rejected → the record is PUBLISHED again, the answer kept, its entries stand", async () => {
    const s = await scene();
    const objection = await file(s.record.id);
    const decided = await decide(objection.id, false, "经核查，处罚事实清楚，证据确凿，异议不成立");
    expect(decided).toMatchObject({ status: "REJECTED", answer: "经核查，处罚事实清楚，证据确凿，异议不成立" });
    expect(decided.decidedAt).toBeTruthy();
    for (const role of ROLES) {
      const subject = await view(s.ref, role);
      expect(subject.records.find((r: any) => r.id === s.record.id), role).toMatchObject({ status: "PUBLISHED", content: "超限运输，罚款2000元" });
      expect(subject.listEntries).toHaveLength(2);
    }
    expect((await check(s.ref)).results[0].decision).toBe("DENY");
    expect((await history(objection.id)).map((c) => [c.fromStatus, c.toStatus, c.actor])).toEqual([[null, "UNDER_REVIEW", expect.stringMatching(/^key:/)], ["UNDER_REVIEW", "REJECTED", "jwt:admin-1"]]);
  });

  it("upheld without correction → REVOKED: it leaves publication, every entry standing on it ends, and check and subject change at once for every role", async () => {
    const s = await scene();
    const objection = await file(s.record.id);
    const before = await check(s.ref);
    expect(before.results[0]).toMatchObject({ decision: "DENY" });
    expect(before.results[0].reasons.map((r: any) => r.listEntry?.id)).toEqual(expect.arrayContaining([s.black.id, s.watch.id]));

    expect(await decide(objection.id, true, "经核查，当事人非该车辆实际经营者，撤销该处罚信息")).toMatchObject({ status: "UPHELD" });

    for (const role of CHECKERS) {
      const after = await check(s.ref, as[role]);
      expect(after.results[0], role).toMatchObject({ found: true, decision: "PASS", reasons: [] });
      expect(after.dataVersion).not.toBe(before.dataVersion);
    }
    for (const role of ROLES) {
      const subject = await view(s.ref, role);
      expect(subject.records.map((r: any) => r.id), role).toEqual([s.other.id]);
      expect(subject.listEntries, role).toEqual([]);
      if (SEES_HISTORY.includes(role)) {
        expect(subject.all.find((r: any) => r.id === s.record.id), role).toMatchObject({ status: "REVOKED" });
        expect(subject.allEntries.map((e: any) => e.status), role).toEqual(["REVOKED", "REVOKED"]);
      } else {
        expect(subject.all.map((r: any) => r.id), role).toEqual([s.other.id]);
        expect(subject.allEntries, role).toEqual([]);
      }
    }
    for (const role of ["PUBLIC", "PROVIDER", "SYSTEM"] as const) {
      expect((await ok(LIST, { reason: `${s.tag}_BLACK` }, as[role])).listEntries.nodes, role).toEqual([]);
    }
    expect((await ok(LIST, { reason: `${s.tag}_BLACK` }, as.ADMIN)).listEntries.nodes).toEqual([{ id: s.black.id, status: "REVOKED" }]);
    // Who, when and why, for each thing that moved.
    for (const entry of [s.black, s.watch]) {
      expect(await history(entry.id)).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: "ACTIVE" }),
        expect.objectContaining({ fromStatus: "ACTIVE", toStatus: "REVOKED", actor: "jwt:admin-1", cause: `objection:${objection.id}` }),
      ]);
    }
    expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(["UNDER_OBJECTION", "REVOKED"]);
  });

  it("upheld with a correction → CORRECTED with the new content for everyone; the old content stays in the history; entries stand", async () => {
    const s = await scene();
    const objection = await file(s.record.id);
    await decide(objection.id, true, "处罚金额录入有误，予以更正", "超限运输，罚款1000元");
    for (const role of ROLES) {
      expect((await view(s.ref, role)).records.find((r: any) => r.id === s.record.id), role).toMatchObject({ status: "CORRECTED", content: "超限运输，罚款1000元" });
    }
    const changes = await history(s.record.id);
    expect(changes.map((c) => [c.fromStatus, c.toStatus])).toEqual([["PUBLISHED", "UNDER_OBJECTION"], ["UNDER_OBJECTION", "CORRECTED"]]);
    expect(JSON.parse(changes[1].before)).toMatchObject({ content: "超限运输，罚款2000元", status: "UNDER_OBJECTION" });
    expect((await check(s.ref)).results[0].decision).toBe("DENY");
  });

  it("a corrected record can be objected to again; rejected, it stays CORRECTED", async () => {
    const s = await scene();
    await decide((await file(s.record.id)).id, true, "予以更正", "超限运输，罚款1000元");
    const second = await file(s.record.id);
    await decide(second.id, false, "更正后的信息准确，异议不成立");
    expect((await view(s.ref, "PUBLIC")).records.find((r: any) => r.id === s.record.id)).toMatchObject({ status: "CORRECTED", content: "超限运输，罚款1000元" });
    expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(["UNDER_OBJECTION", "CORRECTED", "UNDER_OBJECTION", "CORRECTED"]);
    // …and upheld without correction, it is revoked with its entries.
    await decide((await file(s.record.id)).id, true, "撤销");
    expect((await check(s.ref)).results[0].decision).toBe("PASS");
  });

  it("an objection to a list entry: the entry stands while verified; upheld, it is REVOKED and the check changes", async () => {
    const s = await scene();
    const objection = await file(s.black.id, "ENTRY");
    expect(objection).toMatchObject({ targetKind: "ENTRY", status: "UNDER_REVIEW" });
    expect((await check(s.ref)).results[0].decision).toBe("DENY");
    await decide(objection.id, true, "列入依据不足，移出黑名单");
    const after = await check(s.ref);
    expect(after.results[0].decision).toBe("REVIEW"); // the watch entry remains
    expect(after.results[0].reasons.map((r: any) => r.listEntry?.id)).toEqual([s.watch.id]);
    expect((await view(s.ref, "PUBLIC")).records.map((r: any) => r.id).sort()).toEqual([s.record.id, s.other.id].sort());
    expect((await view(s.ref, "ADMIN")).allEntries.find((e: any) => e.id === s.black.id)).toMatchObject({ status: "REVOKED" });
  });

  it("an objection to a list entry, rejected: the entry stays ACTIVE", async () => {
    const s = await scene();
    await decide((await file(s.watch.id, "ENTRY")).id, false, "依据充分");
    expect((await view(s.ref, "PUBLIC")).listEntries.map((e: any) => e.status)).toEqual(["ACTIVE", "ACTIVE"]);
    expect((await check(s.ref)).results[0].decision).toBe("DENY");
  });
});

describe("refused transitions", () => {
  const input = (targetId: string, targetKind = "RECORD") => ({ input: { targetKind, targetId, reason: "异议", evidence: "证据" } });

  it("objecting to a REVOKED record, or to an ended entry → INVALID_STATE", async () => {
    const s = await scene();
    await decide((await file(s.record.id)).id, true, "撤销");
    expect((await refused(FILE, input(s.record.id), as.SYSTEM)).code).toBe("INVALID_STATE");
    expect((await refused(FILE, input(s.black.id, "ENTRY"), as.SYSTEM)).code).toBe("INVALID_STATE");
  });

  it("objecting to a REPAIRED record → INVALID_STATE", async () => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "已修复公司" });
    const record = await f.record(s.id, { status: "REPAIRED" });
    expect((await refused(FILE, input(record.id), as.SYSTEM)).code).toBe("INVALID_STATE");
  });

  it("a second objection while one is open → INVALID_STATE (record or entry)", async () => {
    const s = await scene();
    await file(s.record.id);
    expect((await refused(FILE, input(s.record.id), as.SYSTEM)).code).toBe("INVALID_STATE");
    await file(s.black.id, "ENTRY");
    expect((await refused(FILE, input(s.black.id, "ENTRY"), as.ADMIN)).code).toBe("INVALID_STATE");
  });

  it("deciding twice → INVALID_STATE, and the first decision stands", async () => {
    const s = await scene();
    const objection = await file(s.record.id);
    await decide(objection.id, false, "异议不成立");
    for (const upheld of [true, false]) {
      expect((await refused(DECIDE, { id: objection.id, upheld, answer: "再次决定" }, as.ADMIN)).code).toBe("INVALID_STATE");
    }
    expect((await view(s.ref, "PUBLIC")).records.find((r: any) => r.id === s.record.id).status).toBe("PUBLISHED");
    expect((await history(objection.id)).map((c) => c.toStatus)).toEqual(["UNDER_REVIEW", "REJECTED"]);
  });

  it.each([
    ["an unknown objection id", "0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f"],
    ["an id that is not one", "nope"],
  ])("deciding %s → NOT_FOUND", async (_what, id) => {
    expect((await refused(DECIDE, { id, upheld: true, answer: "答复" }, as.ADMIN)).code).toBe("NOT_FOUND");
  });

  it.each([
    ["an unknown record", "RECORD", "0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f"],
    ["an unknown entry", "ENTRY", "0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f"],
    ["a target id that is not one", "RECORD", "nope"],
  ])("objecting to %s → NOT_FOUND", async (_what, kind, id) => {
    expect((await refused(FILE, input(id, kind), as.SYSTEM)).code).toBe("NOT_FOUND");
  });

  it.each(["SYSTEM", "OFFICER", "PROVIDER", "PUBLIC"] as const)("%s deciding → FORBIDDEN, and nothing changes", async (role) => {
    const s = await scene();
    const objection = await file(s.record.id);
    expect((await refused(DECIDE, { id: objection.id, upheld: true, answer: "撤销" }, as[role])).code).toBe("FORBIDDEN");
    expect((await view(s.ref, "PUBLIC")).records.find((r: any) => r.id === s.record.id).status).toBe("UNDER_OBJECTION");
    expect((await check(s.ref)).results[0].decision).toBe("DENY");
  });

  it.each(["PUBLIC", "PROVIDER", "OFFICER"] as const)("%s filing → FORBIDDEN", async (role) => {
    const s = await scene();
    expect((await refused(FILE, input(s.record.id), as[role])).code).toBe("FORBIDDEN");
    expect(await history(s.record.id)).toEqual([]);
  });

  it("bad input → BAD_USER_INPUT, nothing written", async () => {
    const s = await scene();
    expect((await refused(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: " ", evidence: "证据" } }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect((await refused(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "异议", evidence: "" } }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect(await history(s.record.id)).toEqual([]);
    const objection = await file(s.record.id);
    expect((await refused(DECIDE, { id: objection.id, upheld: true, answer: "  " }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    expect((await refused(DECIDE, { id: objection.id, upheld: false, answer: "驳回", correctedContent: "更正内容" }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    expect((await refused(DECIDE, { id: objection.id, upheld: true, answer: "更正", correctedContent: "  " }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    const onEntry = await file(s.black.id, "ENTRY");
    expect((await refused(DECIDE, { id: onEntry.id, upheld: true, answer: "更正", correctedContent: "更正内容" }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    // All of them left the objections open.
    expect((await history(objection.id)).map((c) => c.toStatus)).toEqual(["UNDER_REVIEW"]);
    expect((await history(onEntry.id)).map((c) => c.toStatus)).toEqual(["UNDER_REVIEW"]);
    expect((await view(s.ref, "PUBLIC")).listEntries).toHaveLength(2);
  });
});
