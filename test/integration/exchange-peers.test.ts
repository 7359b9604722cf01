// Two platforms on loopback, each its own process and database (issue 13): A, this province,
// exports and pushes to B, its partner; B imports, and B's checks see A's blacklist; the same
// push again changes nothing; A ends the entry and the next batch ends it in B; counts and hashes
// reconcile. Everything goes through the two services' APIs, as between two real platforms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers } from "../support/auth.js";
import { syntheticUscc } from "../support/exchange.js";
import { eventually, gqlOn, type PeerDatabase, peerDatabase, processEnv } from "../support/peers.js";
import { type ServiceProcess, startServiceProcess } from "../support/processes.js";

const STARTUP = 180_000;
let dbA: PeerDatabase;
let dbB: PeerDatabase;
let a: ServiceProcess;
let b: ServiceProcess;
let admin: Headers;
let systemOnB: Headers;
const org = { kind: "ORGANIZATION", identifier: syntheticUscc(424242, "530102") };

const BATCHES = `query { exchangeBatches(partner: MINISTRY) { nodes { id status lines attempts error sha256 counts { kind count sha256 } partnerCounts { kind count sha256 } } } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { found decision reasons { listEntry { list status source } } } } }`;
const checkOnB = async () => (await gqlOn(b.url, CHECK, { input: { scenario: "LICENSING", subjects: [org], matter: "道路运输经营许可", requestId: "PEER-1" } }, systemOnB)).check.results[0];
const exportOnA = async () => (await gqlOn(a.url, `mutation { exportBatch(partner: MINISTRY) { id status lines } }`, {}, admin)).exportBatch;
const acknowledged = (id: string) => eventually(async () => {
  const batch = (await gqlOn(a.url, BATCHES, {}, admin)).exchangeBatches.nodes.find((n: any) => n.id === id);
  if (batch?.status === "FAILED") throw new Error(batch.error);
  return batch?.status === "ACKNOWLEDGED" ? batch : undefined;
}, 120_000, `batch ${id} acknowledged`);

beforeAll(async () => {
  admin = await asAdmin();
  [dbA, dbB] = await Promise.all([peerDatabase("xa"), peerDatabase("xb")]);
  b = await startServiceProcess({ ...processEnv, ...dbB.env }, { timeoutMs: STARTUP });
  const key = async (role: string, name: string) => (await gqlOn(b.url, `mutation ($r: ApiKeyRole!, $n: String!) { createApiKey(role: $r, name: $n) { key } }`, { r: role, n: name }, admin)).createApiKey.key as string;
  const partnerKey = await key("PARTNER", "PROVINCE");
  systemOnB = { authorization: `Bearer ${await key("SYSTEM", "B 审批系统")}` };
  a = await startServiceProcess({ ...processEnv, ...dbA.env, EXCHANGE_MINISTRY_URL: b.url, EXCHANGE_MINISTRY_KEY: partnerKey, EXCHANGE_PUSH_BACKOFF_MS: "200" }, { timeoutMs: STARTUP });
}, 2 * STARTUP);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([dbA?.drop(), dbB?.drop()]);
});

describe("two platforms exchanging", () => {
  let entryId: string;
  let firstBatch: any;

  it("A exports and pushes; B imports, and B's checks see A's blacklist", async () => {
    const submitted = await gqlOn(a.url, `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`, { input: [{
      sourceSystem: "YN-ENFORCEMENT", decisionNumber: "云交执罚〔2026〕交换1号", category: "PENALTY", subject: org, subjectName: "交换测试物流有限公司",
      content: "超限运输，罚款", decisionDate: "2026-06-01", authority: "昆明市交通运输综合行政执法支队", severity: "SERIOUS" }] }, admin);
    entryId = (await gqlOn(a.url, `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`, { input: {
      ref: org, list: "BLACK", reason: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输超过3次", basisRecordIds: [submitted.submitRecords.records[0].id],
      authority: "云南省交通运输厅", effectiveFrom: "2026-06-02" } }, admin)).addListEntry.id;
    expect((await checkOnB()).found).toBe(false);

    const made = await exportOnA();
    expect(made).toMatchObject({ status: "PENDING", lines: 3 });
    firstBatch = await acknowledged(made.id);
    expect(firstBatch.attempts).toBe(1);
    const result = await checkOnB();
    expect(result).toMatchObject({ found: true, decision: expect.stringMatching(/PROHIBIT|RESTRICT|REVIEW/) });
    expect(result.reasons).toContainEqual({ listEntry: { list: "BLACK", status: "ACTIVE", source: "PROVINCE" } });
  });

  it("the same batch pushed again (its acknowledgement lost) changes nothing in B", async () => {
    const file = await fetch(`${a.url}/exchange/batches/${firstBatch.id}`, { headers: admin });
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(JSON.parse(text.split("\n")[0]!)).toMatchObject({ batchId: firstBatch.id, sha256: firstBatch.sha256, lines: 3 });
    const before = (await gqlOn(b.url, `{ exchangeBatches { nodes { id } } }`, {}, admin)).exchangeBatches.nodes.length;
    const partnerKey = (await gqlOn(b.url, `mutation { createApiKey(role: PARTNER, name: "PROVINCE") { key } }`, {}, admin)).createApiKey.key;
    const again = await fetch(`${b.url}/exchange/batches`, { method: "POST", headers: { authorization: `Bearer ${partnerKey}` }, body: text });
    expect(await again.json()).toMatchObject({ batchId: firstBatch.id, status: "IMPORTED", unchanged: true });
    expect((await gqlOn(b.url, `{ exchangeBatches { nodes { id } } }`, {}, admin)).exchangeBatches.nodes).toHaveLength(before);
    const next = await exportOnA();
    expect(next.lines).toBe(0); // nothing changed in A since: the next batch is empty
    await acknowledged(next.id);
    expect((await checkOnB()).reasons).toHaveLength(1);
  });

  it("A ends the entry; the next batch ends it in B", async () => {
    const objection = (await gqlOn(a.url, `mutation ($input: ObjectionInput!) { fileObjection(input: $input) { id } }`, { input: {
      targetKind: "ENTRY", targetId: entryId, reason: "列入依据不足", evidence: "复核材料" } }, admin)).fileObjection.id;
    await gqlOn(a.url, `mutation ($id: ID!) { decideObjection(id: $id, upheld: true, answer: "撤销列入") { id } }`, { id: objection }, admin);
    const made = await exportOnA();
    expect(made.lines).toBeGreaterThanOrEqual(2);
    await acknowledged(made.id);
    const result = await checkOnB();
    expect(result.reasons.filter((r: any) => r.listEntry?.list === "BLACK")).toEqual([]);
    const onB = await gqlOn(b.url, `query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries(includeInactive: true) { status source } } }`, { ref: org }, admin);
    expect(onB.subject.listEntries).toEqual([{ status: "REVOKED", source: "PROVINCE" }]);
  });

  it("counts and hashes reconcile", async () => {
    const { reconcile } = await gqlOn(a.url, `{ reconcile(partner: MINISTRY) { batches unconfirmed agreed kinds { kind ours theirs } differences { batchId kind } } }`, {}, admin);
    expect(reconcile).toMatchObject({ batches: 3, unconfirmed: 0, agreed: true, differences: [] });
    for (const k of reconcile.kinds) expect(k.ours, k.kind).toBe(k.theirs);
    expect(reconcile.kinds.find((k: any) => k.kind === "listEntry").ours).toBe(2);
  });
});
