// Concurrency (issue 5): two ADMINs deciding the same objection or repair at once — exactly one
// wins, the other gets INVALID_STATE, and the history shows one decision. Each race runs several
// rounds over HTTP (on PostgreSQL the two requests really run side by side).
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, uscc } from "../support/fixtures.js";
import { type GraphQLResponse, useTestServer } from "../support/server.js";
import { ok as okOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);
const ROUNDS = 5;

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
const FILE = `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id status } }`;
const DECIDE_OBJECTION = `mutation ($id: ID!, $upheld: Boolean!, $answer: String!) { decideObjection(id: $id, upheld: $upheld, answer: $answer) { id status answer } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id status } }`;
const DECIDE_REPAIR = `mutation ($id: ID!, $approved: Boolean!, $reason: String!) { decideRepair(id: $id, approved: $approved, reason: $reason) { id status decisionReason } }`;
const REVERSE = `mutation ($id: ID!, $reason: String!) { reverseRepair(id: $id, reason: $reason) { id status reversalReason } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { fromStatus toStatus actor reason cause } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { decision } } }`;
const VIEW = `query ($ref: SubjectRef!) { subject(ref: $ref) { all: records(includeUnpublished: true) { id status } allEntries: listEntries(includeInactive: true) { id status } } }`;

let system: Headers;
let admins: [Headers, Headers];

beforeAll(async () => {
  system = (await withKey(server.db, "SYSTEM", "执法系统")).headers;
  admins = [await asAdmin("admin-zhang"), await asAdmin("admin-li")];
});


type Ref = { kind: string; identifier: string };
let numbers = 0;
/** A subject with a penalty past its minimum, a blacklist entry standing on it, and a repair commitment. */
async function scene() {
  const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
  const { submitRecords: { records: [record] } } = await ok(SUBMIT, { input: [{
    sourceSystem: "YN-ENFORCEMENT", decisionNumber: `并发〔2025〕${++numbers}号`, category: "PENALTY", subject: ref, subjectName: "并发测试运输有限公司",
    content: "超限运输，罚款", decisionDate: daysFromToday(-120), authority: "昆明市交通运输综合行政执法支队",
  }] }, system);
  const { addListEntry: entry } = await ok(ADD_ENTRY, { input: {
    ref, list: "BLACK", reason: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输超过3次", basisRecordIds: [record.id], authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-100),
  } }, admins[0]);
  await ok(COMMIT, { input: { ref, kind: "REPAIR", matter: "信用修复", content: "承诺守信", signedAt: new Date(Date.now() - 60_000).toISOString() } }, system);
  return { ref, record: record as { id: string }, entry: entry as { id: string } };
}

const history = async (id: string) => (await ok(HISTORY, { id }, admins[0])).stateChanges as any[];
const decisionOf = async (ref: Ref) => (await ok(CHECK, { input: { scenario: "PROCUREMENT", subjects: [ref] } }, system)).check.results[0].decision;
const state = async (ref: Ref) => (await ok(VIEW, { ref }, admins[0])).subject as { all: { id: string; status: string }[]; allEntries: { id: string; status: string }[] };

/** Exactly one of the answers succeeded; the other was refused with INVALID_STATE. Returns the winner's data. */
function oneWinner(answers: GraphQLResponse[], field: string) {
  const won = answers.filter((a) => !a.errors);
  const lost = answers.filter((a) => a.errors);
  expect(won, JSON.stringify(answers)).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(lost[0]!.data).toBeNull();
  expect(lost[0]!.errors!.map((e) => e.extensions?.code)).toEqual(["INVALID_STATE"]);
  return won[0]!.data![field];
}

describe("two ADMINs deciding at once", () => {
  it(`the same objection (${ROUNDS} rounds): one decision, the record and its entry follow it`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const { fileObjection: objection } = await ok(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "非本单位车辆", evidence: "过户证明" } }, system);
      // Even rounds: uphold against reject; odd rounds: both uphold, with different answers.
      const answers = await Promise.all([
        server.gql(DECIDE_OBJECTION, { id: objection.id, upheld: true, answer: `张：异议成立，撤销（第${round}轮）` }, admins[0]),
        server.gql(DECIDE_OBJECTION, { id: objection.id, upheld: round % 2 === 1, answer: `李：另一答复（第${round}轮）` }, admins[1]),
      ]);
      const won = oneWinner(answers, "decideObjection");
      const decisions = (await history(objection.id)).filter((c) => c.fromStatus === "UNDER_REVIEW");
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ toStatus: won.status, reason: won.answer, actor: won.answer.startsWith("张") ? "jwt:admin-zhang" : "jwt:admin-li" });
      const revoked = won.status === "UPHELD";
      expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(["UNDER_OBJECTION", revoked ? "REVOKED" : "PUBLISHED"]);
      expect((await history(s.entry.id)).map((c) => c.toStatus)).toEqual(revoked ? ["ACTIVE", "REVOKED"] : ["ACTIVE"]);
      const { all, allEntries } = await state(s.ref);
      expect(all).toEqual([{ id: s.record.id, status: revoked ? "REVOKED" : "PUBLISHED" }]);
      expect(allEntries).toEqual([{ id: s.entry.id, status: revoked ? "REVOKED" : "ACTIVE" }]);
      expect(await decisionOf(s.ref)).toBe(revoked ? "FAST_TRACK" : "DENY"); // the repair commitment is what remains
    }
  });

  it(`the same repair (${ROUNDS} rounds): one decision, the record and its entry follow it`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const { applyRepair: repair } = await ok(APPLY, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "已整改" } }, system);
      const answers = await Promise.all([
        server.gql(DECIDE_REPAIR, { id: repair.id, approved: true, reason: `张：同意修复（第${round}轮）` }, admins[0]),
        server.gql(DECIDE_REPAIR, { id: repair.id, approved: round % 2 === 1, reason: `李：另一决定（第${round}轮）` }, admins[1]),
      ]);
      const won = oneWinner(answers, "decideRepair");
      const decisions = (await history(repair.id)).filter((c) => c.fromStatus === "PENDING");
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ toStatus: won.status, reason: won.decisionReason });
      const repaired = won.status === "APPROVED";
      expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(repaired ? ["REPAIRED"] : []);
      expect((await history(s.entry.id)).map((c) => c.toStatus)).toEqual(repaired ? ["ACTIVE", "REPAIRED"] : ["ACTIVE"]);
      const { all, allEntries } = await state(s.ref);
      expect(all).toEqual([{ id: s.record.id, status: repaired ? "REPAIRED" : "PUBLISHED" }]);
      expect(allEntries).toEqual([{ id: s.entry.id, status: repaired ? "REPAIRED" : "ACTIVE" }]);
      expect(await decisionOf(s.ref)).toBe(repaired ? "FAST_TRACK" : "DENY"); // the repair commitment is what remains
    }
  });

  it(`the same reversal (${ROUNDS} rounds): reversed once, restored once`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const { applyRepair: repair } = await ok(APPLY, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "已整改" } }, system);
      await ok(DECIDE_REPAIR, { id: repair.id, approved: true, reason: "同意" }, admins[0]);
      const answers = await Promise.all(admins.map((h, i) => server.gql(REVERSE, { id: repair.id, reason: `第${i}位：撤销修复` }, h)));
      oneWinner(answers, "reverseRepair");
      expect((await history(repair.id)).map((c) => c.toStatus)).toEqual(["PENDING", "APPROVED", "REVERSED"]);
      expect((await history(s.record.id)).map((c) => c.toStatus)).toEqual(["REPAIRED", "PUBLISHED"]);
      expect((await history(s.entry.id)).map((c) => c.toStatus)).toEqual(["ACTIVE", "REPAIRED", "ACTIVE"]);
      expect(await decisionOf(s.ref)).toBe("DENY");
    }
  });
});

describe("two callers starting the same workflow at once", () => {
  it(`two objections to the same record (${ROUNDS} rounds): one is filed, the other is INVALID_STATE`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const answers = await Promise.all([0, 1].map((i) =>
        server.gql(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: `异议${i}`, evidence: "证据" } }, i ? admins[1] : system)));
      oneWinner(answers, "fileObjection");
      expect((await history(s.record.id)).map((c) => [c.fromStatus, c.toStatus])).toEqual([["PUBLISHED", "UNDER_OBJECTION"]]);
    }
  });

  it(`two objections to the same entry (${ROUNDS} rounds): one is filed`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const answers = await Promise.all([0, 1].map((i) =>
        server.gql(FILE, { input: { targetKind: "ENTRY", targetId: s.entry.id, reason: `异议${i}`, evidence: "证据" } }, system)));
      oneWinner(answers, "fileObjection");
    }
  });

  it(`two repair applications for the same record (${ROUNDS} rounds): one is taken`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const answers = await Promise.all([0, 1].map((i) =>
        server.gql(APPLY, { input: { targetKind: "RECORD", targetId: s.record.id, reason: `申请${i}` } }, system)));
      oneWinner(answers, "applyRepair");
    }
  });

  it(`an approval and an objection at once (${ROUNDS} rounds): never both`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await scene();
      const { applyRepair: repair } = await ok(APPLY, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "已整改" } }, system);
      const [approval, objection] = await Promise.all([
        server.gql(DECIDE_REPAIR, { id: repair.id, approved: true, reason: "同意" }, admins[0]),
        server.gql(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "异议", evidence: "证据" } }, system),
      ]);
      oneWinner([approval, objection], approval.errors ? "fileObjection" : "decideRepair");
      const [record] = (await state(s.ref)).all;
      expect(record!.status).toBe(approval.errors ? "UNDER_OBJECTION" : "REPAIRED");
    }
  });

  it(`an objection decided while the source system re-sends the record (${ROUNDS * 2} rounds): both are taken, neither fails`, async () => {
    for (let round = 0; round < ROUNDS * 2; round++) {
      const s = await scene();
      const { fileObjection: objection } = await ok(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "罚款金额有误", evidence: "缴款凭证" } }, system);
      const [decision, resent] = await Promise.all([
        server.gql(DECIDE_OBJECTION, { id: objection.id, upheld: false, answer: "异议不成立" }, admins[0]),
        server.gql(SUBMIT, { input: [{
          sourceSystem: "YN-ENFORCEMENT", decisionNumber: `并发〔2025〕${numbers}号`, category: "PENALTY", subject: s.ref, subjectName: "并发测试运输有限公司",
          content: `超限运输，罚款（补正${round}）`, decisionDate: daysFromToday(-120), authority: "昆明市交通运输综合行政执法支队",
        }] }, system),
      ]);
      expect(decision.errors, JSON.stringify(decision.errors)).toBeUndefined();
      expect(resent.errors, JSON.stringify(resent.errors)).toBeUndefined();
      expect((await state(s.ref)).all).toEqual([{ id: s.record.id, status: "PUBLISHED" }]);
    }
  });

  it(`a revocation ending an entry while the entry's own repair is approved (${ROUNDS * 2} rounds): never an internal error`, async () => {
    for (let round = 0; round < ROUNDS * 2; round++) {
      const s = await scene();
      const { addListEntry: watch } = await ok(ADD_ENTRY, { input: {
        ref: s.ref, list: "WATCH", reason: "UNPAID_FINE", reasonText: "罚款逾期未缴", basisRecordIds: [s.record.id], authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-100),
      } }, admins[0]);
      const { applyRepair: repair } = await ok(APPLY, { input: { targetKind: "ENTRY", targetId: watch.id, reason: "已缴清罚款" } }, system);
      const { fileObjection: objection } = await ok(FILE, { input: { targetKind: "RECORD", targetId: s.record.id, reason: "非本单位车辆", evidence: "过户证明" } }, system);
      const [revocation, approval] = await Promise.all([
        server.gql(DECIDE_OBJECTION, { id: objection.id, upheld: true, answer: "撤销" }, admins[0]),
        server.gql(DECIDE_REPAIR, { id: repair.id, approved: true, reason: "同意" }, admins[1]),
      ]);
      expect(revocation.errors, JSON.stringify(revocation.errors)).toBeUndefined();
      const watchState = (await state(s.ref)).allEntries.find((e) => e.id === watch.id)!.status;
      if (approval.errors) {
        expect(approval.errors.map((e) => e.extensions?.code)).toEqual(["INVALID_STATE"]);
        expect(watchState).toBe("REVOKED");
      } else {
        expect(watchState).toBe("REPAIRED");
      }
    }
  });
});
