// The workflows follow the register's table (issue 10): a record or list entry in each status is
// objected to, repaired and made a basis over HTTP, and what the service allows is exactly what
// the table's questions say; every history row the workflows write is one of the table's moves.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { subject as subjectTable } from "../../src/db/schema.js";
import {
  mayBeBasis, mayBeObjectedTo, mayBeRepaired, STATUSES, type StatusOf, TRANSITIONS,
} from "../../src/modules/register/register.states.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
let admin: Headers;
let system: Headers;
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers = admin) => okOn<T>(server, query, variables, headers);
const refused = (query: string, variables: Record<string, unknown>, headers = admin) => refusedOn(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id status } } }`;
const FILE = `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id status } }`;
const DECIDE_OBJECTION = `mutation ($id: ID!, $upheld: Boolean!, $answer: String!, $correctedContent: String) {
  decideObjection(id: $id, upheld: $upheld, answer: $answer, correctedContent: $correctedContent) { id status } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id status } }`;
const DECIDE_REPAIR = `mutation ($id: ID!, $approved: Boolean!, $reason: String!) { decideRepair(id: $id, approved: $approved, reason: $reason) { id status } }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id status } }`;
const HISTORY = `query ($id: ID!) { stateChanges(entityId: $id) { entity fromStatus toStatus } }`;
const ALL = `query ($ref: SubjectRef!) { subject(ref: $ref) { records(includeUnpublished: true) { id status } listEntries(includeInactive: true) { id status } } }`;

beforeAll(async () => {
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM", "登记状态测试系统")).headers;
});

type Ref = { kind: "ORGANIZATION"; identifier: string };
let numbers = 0;
const ids = { records: [] as string[], entries: [] as string[] };

/** A subject with a repair commitment in force. */
async function subject(): Promise<Ref> {
  const ref: Ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
  await ok(SUBMIT, { input: [penalty(ref)] }, system);
  await ok(COMMIT, { input: { ref, kind: "REPAIR", matter: "信用修复", content: "本单位承诺已纠正失信行为", signedAt: new Date(Date.now() - 3600_000).toISOString() } }, system);
  return ref;
}

const penalty = (ref: Ref) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `云交执罚〔2025〕态${++numbers}号`, category: "PENALTY", subject: ref, subjectName: "登记状态测试物流有限公司",
  content: "超限运输，罚款2000元", decisionDate: daysFromToday(-120), authority: "昆明市交通运输综合行政执法支队",
});

const objectTo = (targetKind: string, targetId: string, headers = system) =>
  server.gql(FILE, { input: { targetKind, targetId, reason: "处罚对象有误", evidence: "营业执照复印件" } }, headers);
const applyFor = (targetKind: string, targetId: string) => server.gql(APPLY, { input: { targetKind, targetId, reason: "已整改" } }, system);
const entryOn = (ref: Ref, basisRecordIds: string[], effectiveFrom = daysFromToday(-10)) => server.gql(ADD_ENTRY, {
  input: { ref, list: "BLACK", reason: "REGISTER_STATES", reasonText: "严重失信", basisRecordIds, authority: "云南省交通运输厅", effectiveFrom },
}, admin);

const fileAndDecide = async (kind: string, id: string, upheld: boolean, correctedContent: string | null = null) => {
  const { fileObjection } = await ok(FILE, { input: { targetKind: kind, targetId: id, reason: "处罚对象有误", evidence: "营业执照复印件" } }, system);
  await ok(DECIDE_OBJECTION, { id: fileObjection.id, upheld, answer: "经核查", correctedContent });
};
const applyAndApprove = async (kind: string, id: string) => {
  const { applyRepair } = await ok(APPLY, { input: { targetKind: kind, targetId: id, reason: "已整改" } }, system);
  await ok(DECIDE_REPAIR, { id: applyRepair.id, approved: true, reason: "整改到位" });
};

/** A record of `ref` in `status`, brought there by the workflows (EXPIRED, which only a period's end gives, written directly). */
async function recordIn(ref: Ref, status: StatusOf<"RECORD">): Promise<string> {
  if (status === "EXPIRED") {
    const [row] = await server.db.select().from(subjectTable).where(eq(subjectTable.identifier, ref.identifier));
    const id = (await fixtures(server.db, server.protector).record(row!.id, { status: "EXPIRED", publicationEnds: daysFromToday(-1) })).id;
    ids.records.push(id);
    return id;
  }
  const [record] = (await ok(SUBMIT, { input: [penalty(ref)] }, system)).submitRecords.records;
  ids.records.push(record.id);
  if (status === "UNDER_OBJECTION") await objectTo("RECORD", record.id);
  if (status === "CORRECTED") await fileAndDecide("RECORD", record.id, true, "超限运输，罚款1000元");
  if (status === "REVOKED") await fileAndDecide("RECORD", record.id, true);
  if (status === "REPAIRED") await applyAndApprove("RECORD", record.id);
  return record.id;
}

/** A list entry of `ref` in `status`, likewise. */
async function entryIn(ref: Ref, status: StatusOf<"ENTRY">): Promise<string> {
  const { data } = await entryOn(ref, [], daysFromToday(-800));
  const id = data!.addListEntry.id as string;
  ids.entries.push(id);
  if (status === "REVOKED") await fileAndDecide("ENTRY", id, true);
  if (status === "REPAIRED") await applyAndApprove("ENTRY", id);
  if (status === "EXPIRED") await server.db.execute(sql`update list_entry set status = 'EXPIRED' where id = ${id}::uuid`);
  return id;
}

const outcome = (answer: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }) => answer.errors?.[0]?.extensions?.code ?? "OK";

describe("what the services allow is what the register's table says", () => {
  it.each(STATUSES.RECORD)("a %s record: objected to, repaired and made a basis exactly as the table allows", async (status) => {
    const ref = await subject();
    const shown = async (id: string) => (await ok(ALL, { ref })).subject.records.find((r: any) => r.id === id)?.status;
    const objected = await recordIn(ref, status);
    expect(await shown(objected)).toBe(status);
    expect(outcome(await objectTo("RECORD", objected))).toBe(mayBeObjectedTo("RECORD", status) ? "OK" : "INVALID_STATE");
    const repaired = await recordIn(ref, status);
    expect(outcome(await applyFor("RECORD", repaired))).toBe(mayBeRepaired("RECORD", status) ? "OK" : "INVALID_STATE");
    const basis = await recordIn(ref, status);
    expect(outcome(await entryOn(ref, [basis]))).toBe(mayBeBasis(status) ? "OK" : "INVALID_STATE");
  });

  it.each(STATUSES.ENTRY)("a %s list entry: objected to and repaired exactly as the table allows", async (status) => {
    const ref = await subject();
    const objected = await entryIn(ref, status);
    expect((await ok(ALL, { ref })).subject.listEntries.find((e: any) => e.id === objected)?.status).toBe(status);
    expect(outcome(await objectTo("ENTRY", objected))).toBe(mayBeObjectedTo("ENTRY", status) ? "OK" : "INVALID_STATE");
    const repaired = await entryIn(ref, status);
    expect(outcome(await applyFor("ENTRY", repaired))).toBe(mayBeRepaired("ENTRY", status) ? "OK" : "INVALID_STATE");
  });

  it("a CORRECTED record may be objected to again, but not twice at once, and is UNDER_OBJECTION meanwhile", async () => {
    const ref = await subject();
    const id = await recordIn(ref, "CORRECTED");
    expect(outcome(await objectTo("RECORD", id))).toBe("OK");
    const second = await objectTo("RECORD", id, admin);
    expect(second.errors?.[0]).toMatchObject({ message: "an objection to this is already under review", extensions: { code: "INVALID_STATE" } });
    expect(outcome(await applyFor("RECORD", id))).toBe("INVALID_STATE");
    expect((await ok(HISTORY, { id })).stateChanges.map((c: any) => c.toStatus)).toEqual(["UNDER_OBJECTION", "CORRECTED", "UNDER_OBJECTION"]);
  });

  it("every history row the workflows above wrote is a move of the table", async () => {
    const moves = new Set(TRANSITIONS.map((m) => `${m.entity} ${m.from ?? "-"} ${m.to}`));
    let rows = 0;
    for (const id of [...ids.records, ...ids.entries]) {
      for (const c of (await ok(HISTORY, { id })).stateChanges) {
        rows++;
        expect(moves, JSON.stringify(c)).toContain(`${c.entity} ${c.fromStatus ?? "-"} ${c.toStatus}`);
      }
    }
    expect(rows).toBeGreaterThan(20);
  });
});
