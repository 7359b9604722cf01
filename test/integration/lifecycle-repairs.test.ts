// Credit repair (信用修复) over HTTP (issue 5): refused without a commitment and before the
// minimum; reviewed in 10 working days; approved, publication stops and measures end at once for
// every role and every path; a repaired record is never public again; a reversal restores it all.
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "../../src/modules/record/periods.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);
const refused = (query: string, variables: Record<string, unknown>, headers: Headers) => refusedOn(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { created updated unchanged records { id decisionNumber status content publicationMinEnds } } }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id list reason status effectiveFrom } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id kind status } }`;
const BREACH = `mutation ($id: ID!, $reason: String!) { breachCommitment(id: $id, reason: $reason) { id status } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id targetKind targetId commitmentId reason status appliedAt reviewDue decidedAt } }`;
const DECIDE = `mutation ($id: ID!, $approved: Boolean!, $reason: String!) { decideRepair(id: $id, approved: $approved, reason: $reason) { id status decidedAt decisionReason } }`;
const REVERSE = `mutation ($id: ID!, $reason: String!) { reverseRepair(id: $id, reason: $reason) { id status reversedAt reversalReason } }`;
const FILE = `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id } }`;
const DECIDE_OBJECTION = `mutation ($id: ID!, $upheld: Boolean!, $answer: String!) { decideObjection(id: $id, upheld: $upheld, answer: $answer) { id status } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { entity fromStatus toStatus actor reason cause } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { dataVersion results { found decision reasons { code effect message listEntry { id status list } } } } }`;
const RECORDS = "records { id status content } all: records(includeUnpublished: true) { id status content }";
const ENTRIES = "listEntries { id status } allEntries: listEntries(includeInactive: true) { id status }";
const VIEW = `query ($ref: SubjectRef!) { subject(ref: $ref) { ${RECORDS} ${ENTRIES} } }`;
const SEARCH = `query ($name: String!) { searchSubjects(name: $name) { nodes { ${RECORDS} } } }`;
const LIST = `query ($reason: String!) { listEntries(reason: $reason) { nodes { id status subject { ${RECORDS} } } } }`;
const REPORT = `query ($ref: SubjectRef!, $grantId: ID!) { creditReport(ref: $ref, grantId: $grantId) { subject { ${RECORDS} ${ENTRIES} } } }`;

type Role = "PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ELSEWHERE" | "ADMIN";
const ROLES: Role[] = ["PUBLIC", "PROVIDER", "SYSTEM", "OFFICER", "ELSEWHERE", "ADMIN"];
const SEES_HISTORY: Role[] = ["OFFICER", "ADMIN"];
const CHECKERS: Role[] = ["SYSTEM", "OFFICER", "ELSEWHERE", "ADMIN"];
let as: Record<Role, Headers>;
let provider: { id: string; headers: Headers };

beforeAll(async () => {
  provider = await withKey(server.db, "PROVIDER", "信用报告机构");
  as = {
    PUBLIC: {},
    PROVIDER: provider.headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "政府采购系统")).headers,
    OFFICER: await asOfficer("530100"),
    ELSEWHERE: await asOfficer("532900"),
    ADMIN: await asAdmin(),
  };
});



type Ref = { kind: string; identifier: string };
let numbers = 0;
const penalty = (ref: Ref, name: string, values: Record<string, unknown> = {}) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `云交执罚〔2025〕修${++numbers}号`, category: "PENALTY", subject: ref, subjectName: name,
  content: "超限运输，罚款2000元", decisionDate: daysFromToday(-120), authority: "昆明市交通运输综合行政执法支队", ...values,
});
const addEntry = async (ref: Ref, list: string, reason: string, basisRecordIds: string[], effectiveFrom = daysFromToday(-100)) =>
  (await ok(ADD_ENTRY, { input: { ref, list, reason, reasonText: "失信行为", basisRecordIds, authority: "云南省交通运输厅", effectiveFrom } }, as.ADMIN)).addListEntry;
const commit = async (ref: Ref, kind = "REPAIR", headers = as.SYSTEM) =>
  (await ok(COMMIT, { input: { ref, kind, matter: kind === "REPAIR" ? "信用修复" : "道路货物运输经营许可", content: "本单位承诺已纠正失信行为，今后依法诚信经营", signedAt: new Date(Date.now() - 3600_000).toISOString() } }, headers)).registerCommitment;
const applyInput = (targetId: string, targetKind = "RECORD", commitmentId: string | null = null) =>
  ({ input: { targetKind, targetId, commitmentId, reason: "已按要求整改并缴清罚款" } });
const apply = async (targetId: string, targetKind = "RECORD", headers = as.SYSTEM) => (await ok(APPLY, applyInput(targetId, targetKind), headers)).applyRepair;
const decide = async (id: string, approved: boolean, reason = approved ? "整改到位，同意修复" : "整改材料不全，不予修复") =>
  (await ok(DECIDE, { id, approved, reason }, as.ADMIN)).decideRepair;
const reverse = async (id: string) => (await ok(REVERSE, { id, reason: "修复依据的整改材料系伪造，撤销修复" }, as.ADMIN)).reverseRepair;
const check = async (ref: Ref, headers = as.SYSTEM, scenario = "PROCUREMENT") => (await ok(CHECK, { input: { scenario, subjects: [ref] } }, headers)).check;
const history = async (id: string) => (await ok(HISTORY, { id }, as.ADMIN)).stateChanges as any[];
const workingDaysAfter = async (date: string, days: number) =>
  (await ok(`query ($date: Date!, $days: Int!) { workingDaysAfter(date: $date, days: $days) }`, { date, days }, as.PUBLIC)).workingDaysAfter as string;

let scenes = 0;
/**
 * A subject with a penalty past its minimum, a blacklist entry standing on it, a red-list entry of
 * its own (so that listEntries reaches the subject), a repair commitment and a provider's grant.
 */
async function scene(opts: { commitment?: boolean } = {}) {
  const tag = `REP${++scenes}`;
  const name = `修复测试${"甲乙丙丁戊己庚辛壬癸"[scenes % 10]}${scenes}号物流有限公司`;
  const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
  const [record, licence] = (await ok(SUBMIT, { input: [penalty(ref, name), penalty(ref, name, { category: "LICENSING", content: "道路货物运输经营许可" })] }, as.SYSTEM)).submitRecords.records;
  const black = await addEntry(ref, "BLACK", `${tag}_BLACK`, [record.id]);
  const red = await addEntry(ref, "RED", `${tag}_RED`, []);
  const commitment = opts.commitment === false ? null : await commit(ref);
  const grant = (await ok(`mutation ($input: GrantInput!) { grantAuthorization(input: $input) { id } }`, {
    input: { ref, providerKeyId: provider.id, scopes: ["REPORT"], purpose: "授信审查", validUntil: new Date(Date.now() + 86400_000).toISOString() },
  }, as.ADMIN)).grantAuthorization;
  return { tag, name, ref, record, licence, black, red, commitment, grantId: grant.id as string };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** Everything each role gets about the subject, through every path that reaches its records. */
async function everything(s: Scene) {
  const out: Record<string, unknown> = {};
  for (const role of ROLES) {
    out[`${role} subject`] = (await ok(VIEW, { ref: s.ref }, as[role])).subject;
    out[`${role} listEntries`] = (await ok(LIST, { reason: `${s.tag}_RED` }, as[role])).listEntries.nodes;
    out[`${role} searchSubjects`] = (await ok(SEARCH, { name: s.name }, as[role])).searchSubjects.nodes;
  }
  out["PROVIDER creditReport"] = (await ok(REPORT, { ref: s.ref, grantId: s.grantId }, as.PROVIDER)).creditReport.subject;
  for (const role of CHECKERS) {
    for (const scenario of ["PROCUREMENT", "LICENSING"]) out[`${role} check ${scenario}`] = (await check(s.ref, as[role], scenario)).results;
  }
  return out;
}

/** The repaired record never reaches anyone but the credit office and the region's officers (and them only when they ask for history). */
function expectHidden(seen: Record<string, any>, s: Scene) {
  const defaultRecords = (role: Role) => [
    ...seen[`${role} subject`].records,
    ...seen[`${role} listEntries`].flatMap((n: any) => n.subject.records),
    ...seen[`${role} searchSubjects`].flatMap((n: any) => n.records),
  ].map((r: any) => r.id);
  for (const role of ROLES) {
    expect(defaultRecords(role), role).toContain(s.licence.id); // each path did reach the subject
    expect(defaultRecords(role), role).not.toContain(s.record.id);
    if (SEES_HISTORY.includes(role)) {
      expect(seen[`${role} subject`].all.find((r: any) => r.id === s.record.id), role).toMatchObject({ status: "REPAIRED" });
    } else {
      for (const path of ["subject", "listEntries", "searchSubjects"]) expect(JSON.stringify(seen[`${role} ${path}`]), `${role} ${path}`).not.toContain(s.record.id);
    }
  }
  const report = JSON.stringify(seen["PROVIDER creditReport"]);
  expect(report).toContain(s.licence.id);
  expect(report).not.toContain(s.record.id);
  expect(report).not.toContain(s.black.id);
}

describe("applying for repair", () => {
  it("without a repair commitment → COMMITMENT_REQUIRED (a licensing commitment, a breached one, another subject's do not count)", async () => {
    const s = await scene({ commitment: false });
    expect((await refused(APPLY, applyInput(s.record.id), as.SYSTEM)).code).toBe("COMMITMENT_REQUIRED");
    await commit(s.ref, "LICENSING");
    expect((await refused(APPLY, applyInput(s.record.id), as.SYSTEM)).code).toBe("COMMITMENT_REQUIRED");
    const breached = await commit(s.ref);
    await ok(BREACH, { id: breached.id, reason: "未履行承诺" }, as.ADMIN);
    expect((await refused(APPLY, applyInput(s.record.id), as.SYSTEM)).code).toBe("COMMITMENT_REQUIRED");
    const other = await scene();
    expect((await refused(APPLY, applyInput(s.record.id, "RECORD", other.commitment!.id), as.SYSTEM)).code).toBe("COMMITMENT_REQUIRED");
    expect((await refused(APPLY, applyInput(s.record.id, "RECORD", "nope"), as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    expect(await history(s.record.id)).toEqual([]);
    // With one, it is taken.
    const own = await commit(s.ref);
    expect((await ok(APPLY, applyInput(s.record.id, "RECORD", own.id), as.SYSTEM)).applyRepair).toMatchObject({ status: "PENDING", commitmentId: own.id });
  });

  it("before the minimum period → TOO_EARLY, with the earliest day", async () => {
    const s = await scene();
    const decisionDate = daysFromToday(-10);
    const { records: [young] } = (await ok(SUBMIT, { input: [penalty(s.ref, s.name, { decisionDate })] }, as.SYSTEM)).submitRecords;
    const error = await refused(APPLY, applyInput(young.id), as.SYSTEM);
    expect(error).toMatchObject({ code: "TOO_EARLY", earliest: addMonths(decisionDate, 3) });
    expect(error.message).toContain(addMonths(decisionDate, 3));
  });

  it("a list entry's minimum is by its list: a year for the blacklist, 3 months for the watch list", async () => {
    const s = await scene();
    const from = daysFromToday(-100);
    expect(await refused(APPLY, applyInput(s.black.id, "ENTRY"), as.SYSTEM)).toMatchObject({ code: "TOO_EARLY", earliest: addMonths(from, 12) });
    const watch = await addEntry(s.ref, "WATCH", `${s.tag}_WATCH`, [], from);
    const repair = await apply(watch.id, "ENTRY");
    expect(repair).toMatchObject({ targetKind: "ENTRY", targetId: watch.id, status: "PENDING" });
    await decide(repair.id, true);
    expect((await ok(VIEW, { ref: s.ref }, as.ADMIN)).subject.allEntries.find((e: any) => e.id === watch.id).status).toBe("REPAIRED");
  });

  it("a valid application is PENDING, its review due 10 working days out; nothing changes yet", async () => {
    const s = await scene();
    const before = await everything(s);
    const repair = await apply(s.record.id);
    expect(repair).toMatchObject({ targetKind: "RECORD", targetId: s.record.id, commitmentId: s.commitment!.id, status: "PENDING", decidedAt: null });
    expect(repair.reviewDue).toBe(await workingDaysAfter(daysFromToday(0), 10));
    const after = await everything(s);
    for (const key of Object.keys(before)) if (!key.includes("check")) expect(after[key], key).toEqual(before[key]);
    expect((await history(repair.id)).map((c) => [c.fromStatus, c.toStatus])).toEqual([[null, "PENDING"]]);
  });
});

describe("deciding and reversing a repair", () => {
  it("approved → the record and the entries standing on it are REPAIRED; check and subject change at once for every role; reversed → all restored exactly", async () => {
    const s = await scene();
    const before = await everything(s);
    const versionBefore = (await check(s.ref)).dataVersion;
    expect((before["SYSTEM check PROCUREMENT"] as any)[0]).toMatchObject({ decision: "DENY" });
    expect((before["PUBLIC subject"] as any).records.map((r: any) => r.id)).toContain(s.record.id);

    const repair = await apply(s.record.id);
    expect(await decide(repair.id, true)).toMatchObject({ status: "APPROVED", decisionReason: "整改到位，同意修复" });

    const repaired = await everything(s);
    for (const role of CHECKERS) {
      for (const scenario of ["PROCUREMENT", "LICENSING"]) {
        const [result] = repaired[`${role} check ${scenario}`] as any[];
        expect(result.decision, `${role} ${scenario}`).toBe("FAST_TRACK"); // the red-list entry alone remains
        expect(result.reasons.map((r: any) => r.listEntry?.id), `${role} ${scenario}`).not.toContain(s.black.id);
        expect(result.reasons.map((r: any) => r.effect), `${role} ${scenario}`).not.toContain("PROHIBIT");
      }
    }
    expect((await check(s.ref)).dataVersion).not.toBe(versionBefore);
    expectHidden(repaired, s);
    for (const role of ROLES) {
      const subject = repaired[`${role} subject`] as any;
      expect(subject.listEntries.map((e: any) => e.id), role).toEqual([s.red.id]);
      if (SEES_HISTORY.includes(role)) expect(subject.allEntries.find((e: any) => e.id === s.black.id), role).toMatchObject({ status: "REPAIRED" });
      else expect(subject.allEntries.map((e: any) => e.id), role).toEqual([s.red.id]);
    }

    expect(await reverse(repair.id)).toMatchObject({ status: "REVERSED", reversalReason: "修复依据的整改材料系伪造，撤销修复" });
    const restored = await everything(s);
    expect(restored).toEqual(before);
    expect((restored["SYSTEM check PROCUREMENT"] as any)[0].decision).toBe("DENY");

    expect((await history(repair.id)).map((c) => [c.fromStatus, c.toStatus, c.actor, c.reason])).toEqual([
      [null, "PENDING", expect.stringMatching(/^key:/), "已按要求整改并缴清罚款"],
      ["PENDING", "APPROVED", "jwt:admin-1", "整改到位，同意修复"],
      ["APPROVED", "REVERSED", "jwt:admin-1", "修复依据的整改材料系伪造，撤销修复"],
    ]);
    for (const [id, from] of [[s.record.id, "PUBLISHED"], [s.black.id, "ACTIVE"]] as const) {
      expect((await history(id)).filter((c) => c.fromStatus).map((c) => [c.fromStatus, c.toStatus, c.cause])).toEqual([
        [from, "REPAIRED", `repair:${repair.id}`],
        ["REPAIRED", from, `repair-reversal:${repair.id}`],
      ]);
    }
  });

  it("a repaired record is never public again: not when its source system re-sends it, not through any path", async () => {
    const s = await scene();
    const repair = await apply(s.record.id);
    await decide(repair.id, true);
    const resent = await ok(SUBMIT, { input: [{ ...penalty(s.ref, s.name), decisionNumber: s.record.decisionNumber, content: "超限运输，罚款2000元（补正）" }] }, as.SYSTEM);
    expect(resent.submitRecords).toMatchObject({ updated: 1, records: [{ id: s.record.id, status: "REPAIRED" }] });
    expectHidden(await everything(s), s);
    // Nor can it be objected to, or repaired twice.
    expect((await refused(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "异议", evidence: "证据" } }, as.SYSTEM)).code).toBe("INVALID_STATE");
    expect((await refused(APPLY, applyInput(s.record.id), as.SYSTEM)).code).toBe("INVALID_STATE");
  });

  it("refused → REFUSED; the record and its entries stand; a new application may follow", async () => {
    const s = await scene();
    const before = await everything(s);
    const repair = await apply(s.record.id);
    expect(await decide(repair.id, false)).toMatchObject({ status: "REFUSED", decisionReason: "整改材料不全，不予修复" });
    const after = await everything(s);
    for (const key of Object.keys(before)) if (!key.includes("check")) expect(after[key], key).toEqual(before[key]);
    expect((after["SYSTEM check PROCUREMENT"] as any)[0].decision).toBe("DENY");
    expect((await history(repair.id)).map((c) => c.toStatus)).toEqual(["PENDING", "REFUSED"]);
    expect((await apply(s.record.id)).status).toBe("PENDING");
  });

  it("a record put under objection while its repair is pending cannot be repaired until the objection is decided", async () => {
    const s = await scene();
    const repair = await apply(s.record.id);
    const objection = (await ok(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "处罚金额有误", evidence: "缴款凭证" } }, as.SYSTEM)).fileObjection;
    expect((await refused(DECIDE, { id: repair.id, approved: true, reason: "同意" }, as.ADMIN)).code).toBe("INVALID_STATE");
    expect((await history(repair.id)).map((c) => c.toStatus)).toEqual(["PENDING"]);
    await ok(DECIDE_OBJECTION, { id: objection.id, upheld: false, answer: "异议不成立" }, as.ADMIN);
    await decide(repair.id, true);
    expect((await check(s.ref)).results[0].decision).toBe("FAST_TRACK");
    expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(["UNDER_OBJECTION", "PUBLISHED", "REPAIRED"]);
  });

  it("a repair whose record was revoked meanwhile cannot be approved", async () => {
    const s = await scene();
    const repair = await apply(s.record.id);
    const objection = (await ok(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "非本单位车辆", evidence: "过户证明" } }, as.SYSTEM)).fileObjection;
    await ok(DECIDE_OBJECTION, { id: objection.id, upheld: true, answer: "撤销" }, as.ADMIN);
    expect((await refused(DECIDE, { id: repair.id, approved: true, reason: "同意" }, as.ADMIN)).code).toBe("INVALID_STATE");
    expect((await ok(VIEW, { ref: s.ref }, as.ADMIN)).subject.all.find((r: any) => r.id === s.record.id).status).toBe("REVOKED");
    // Refusing it is still possible: it closes the application.
    expect((await decide(repair.id, false)).status).toBe("REFUSED");
  });
});

describe("refused repair transitions", () => {
  it("deciding twice → INVALID_STATE, whichever way", async () => {
    const s = await scene();
    const approved = await apply(s.record.id);
    await decide(approved.id, true);
    for (const again of [true, false]) expect((await refused(DECIDE, { id: approved.id, approved: again, reason: "再次决定" }, as.ADMIN)).code).toBe("INVALID_STATE");
    const t = await scene();
    const refusedRepair = await apply(t.record.id);
    await decide(refusedRepair.id, false);
    for (const again of [true, false]) expect((await refused(DECIDE, { id: refusedRepair.id, approved: again, reason: "再次决定" }, as.ADMIN)).code).toBe("INVALID_STATE");
    expect((await check(t.ref)).results[0].decision).toBe("DENY");
  });

  it("reversing a PENDING, a REFUSED or an already REVERSED repair → INVALID_STATE", async () => {
    const s = await scene();
    const pending = await apply(s.record.id);
    expect((await refused(REVERSE, { id: pending.id, reason: "撤销" }, as.ADMIN)).code).toBe("INVALID_STATE");
    await decide(pending.id, false);
    expect((await refused(REVERSE, { id: pending.id, reason: "撤销" }, as.ADMIN)).code).toBe("INVALID_STATE");
    const t = await scene();
    const approved = await apply(t.record.id);
    await decide(approved.id, true);
    await reverse(approved.id);
    expect((await refused(REVERSE, { id: approved.id, reason: "撤销" }, as.ADMIN)).code).toBe("INVALID_STATE");
    expect((await history(approved.id)).map((c) => c.toStatus)).toEqual(["PENDING", "APPROVED", "REVERSED"]);
  });

  it("a second application while one is pending → INVALID_STATE; a REVOKED record → INVALID_STATE", async () => {
    const s = await scene();
    await apply(s.record.id);
    expect((await refused(APPLY, applyInput(s.record.id), as.SYSTEM)).code).toBe("INVALID_STATE");
    const f = fixtures(server.db, server.protector);
    const other = await f.subject({ kind: "ORGANIZATION", name: "撤销记录公司" });
    await commit({ kind: "ORGANIZATION", identifier: other.identifier });
    const revoked = await f.record(other.id, { status: "REVOKED" });
    expect((await refused(APPLY, applyInput(revoked.id), as.SYSTEM)).code).toBe("INVALID_STATE");
  });

  it.each([
    ["an unknown id", "0d6c3f7e-4a5b-4c8d-9e0f-1a2b3c4d5e6f"],
    ["an id that is not one", "nope"],
  ])("deciding or reversing %s → NOT_FOUND", async (_what, id) => {
    expect((await refused(DECIDE, { id, approved: true, reason: "同意" }, as.ADMIN)).code).toBe("NOT_FOUND");
    expect((await refused(REVERSE, { id, reason: "撤销" }, as.ADMIN)).code).toBe("NOT_FOUND");
    expect((await refused(APPLY, applyInput(id), as.SYSTEM)).code).toBe("NOT_FOUND");
  });

  it.each(["SYSTEM", "OFFICER", "PROVIDER", "PUBLIC"] as const)("%s deciding or reversing → FORBIDDEN, and nothing changes", async (role) => {
    const s = await scene();
    const repair = await apply(s.record.id);
    expect((await refused(DECIDE, { id: repair.id, approved: true, reason: "同意" }, as[role])).code).toBe("FORBIDDEN");
    await decide(repair.id, true);
    expect((await refused(REVERSE, { id: repair.id, reason: "撤销" }, as[role])).code).toBe("FORBIDDEN");
    expect((await history(repair.id)).map((c) => c.toStatus)).toEqual(["PENDING", "APPROVED"]);
  });

  it.each(["PUBLIC", "PROVIDER", "OFFICER"] as const)("%s applying → FORBIDDEN", async (role) => {
    const s = await scene();
    expect((await refused(APPLY, applyInput(s.record.id), as[role])).code).toBe("FORBIDDEN");
  });

  it("an empty reason → BAD_USER_INPUT", async () => {
    const s = await scene();
    expect((await refused(APPLY, { input: { targetKind: "RECORD", targetId: s.record.id, reason: " " } }, as.SYSTEM)).code).toBe("BAD_USER_INPUT");
    const repair = await apply(s.record.id);
    expect((await refused(DECIDE, { id: repair.id, approved: true, reason: "" }, as.ADMIN)).code).toBe("BAD_USER_INPUT");
    expect((await history(repair.id)).map((c) => c.toStatus)).toEqual(["PENDING"]);
  });
});
