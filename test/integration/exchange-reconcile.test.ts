// What operators see of the exchange (issue 13): reconciliation lists the kinds whose counts or
// hashes the partner's acknowledgement does not confirm; a push to a partner that is down tried
// again at growing intervals, then FAILED; the queue filtered by status; the metrics of batches by
// partner, direction and status and the age of the oldest unacknowledged one.
// The partner is a stand-in on loopback that acknowledges with the counts it is told to claim.
import { createServer, type Server } from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { rowsOf } from "../../src/db/client.js";
import { batchText, entryLine } from "../support/exchange.js";
import { fixtures, residentId } from "../support/fixtures.js";
import { ok } from "../support/graphql.js";
import { eventually } from "../support/peers.js";
import { freePort, LOOPBACK } from "../support/processes.js";
import { useTestServer } from "../support/server.js";

const port = await freePort();
let partnerIs: "miscounting" | "down" | "losing its first answer" = "miscounting";
const refusedAt: number[] = [];
const deliveries: { batchId: string; sha256: string }[] = [];
const standIn: Server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8").on("data", (d) => { body += d; }).on("end", () => {
    if (partnerIs === "down") { refusedAt.push(performance.now()); res.statusCode = 503; res.end(); return; }
    const manifest = JSON.parse(body.split("\n")[0]!);
    deliveries.push({ batchId: manifest.batchId, sha256: manifest.sha256 });
    if (partnerIs === "losing its first answer" && deliveries.filter((d) => d.batchId === manifest.batchId).length === 1) { req.socket.destroy(); return; }
    // It claims one entry more than it was sent, and confirms no hash.
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ batchId: manifest.batchId, status: "IMPORTED", unchanged: false, counts: { ...manifest.counts, listEntry: manifest.counts.listEntry + 1 }, hashes: {} }));
  });
});

const server = useTestServer({ env: {
  EXCHANGE_MINISTRY_URL: `http://${LOOPBACK}:${port}`, EXCHANGE_MINISTRY_KEY: "ministry-key", EXCHANGE_SCHEDULE: "off",
  EXCHANGE_PUSH_RETRIES: "3", EXCHANGE_PUSH_BACKOFF_MS: "250",
  // The province's platform may have protected personal data; the ministry's may not (the default).
  EXCHANGE_PROVINCE_PERSONAL: "true",
} });
let admin: Headers;

beforeAll(async () => {
  await new Promise<void>((resolve) => standIn.listen(port, LOOPBACK, resolve));
  admin = await asAdmin();
  // Batches other test files left in the same database are not this partner's history.
  await server.db.execute(sql`truncate table exchange_batch`);
});
afterAll(() => new Promise<void>((resolve) => standIn.close(() => resolve())));

const EXPORT = `mutation { exportBatch(partner: MINISTRY) { id } }`;
const batches = async (status: string | null) =>
  (await ok(server, `query ($status: ExchangeBatchStatus) { exchangeBatches(partner: MINISTRY, status: $status) { nodes { id status } } }`, { status }, admin)).exchangeBatches.nodes;
const statusOf = async (id: string) => (await batches(null)).find((b: { id: string }) => b.id === id)?.status;
const metric = async (line: RegExp) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const found = text.split("\n").find((l) => line.test(l));
  return found === undefined ? undefined : Number(found.split(" ").at(-1));
};

describe("operators of the exchange", () => {
  let acknowledged: string;

  it("reconcile lists the kind whose count the partner's acknowledgement does not confirm", async () => {
    const f = fixtures(server.db, server.protector);
    await f.entry((await f.subject({ kind: "ORGANIZATION", name: "对账测试企业", region: "530102" })).id, { list: "BLACK" });
    acknowledged = (await ok(server, EXPORT, {}, admin)).exportBatch.id;
    await eventually(async () => ((await statusOf(acknowledged)) === "ACKNOWLEDGED" ? true : undefined), 20_000, "the batch acknowledged by the partner's answer");
    const { reconcile } = await ok(server, `{ reconcile(partner: MINISTRY) { batches unconfirmed agreed differences { batchId kind ours theirs } } }`, {}, admin);
    expect(reconcile).toMatchObject({ batches: 1, unconfirmed: 0, agreed: false });
    expect(reconcile.differences).toEqual([{ batchId: acknowledged, kind: "listEntry", ours: 1, theirs: 2 }]);
  });

  it("see the queue by status, and in /metrics the batches by status and the age of the oldest unacknowledged", async () => {
    expect(await metric(/^creditgate_exchange_oldest_unacknowledged_seconds\{partner="MINISTRY"\}/)).toBe(0);
    partnerIs = "down";
    const f = fixtures(server.db, server.protector);
    await f.entry((await f.subject({ kind: "ORGANIZATION", name: "队列测试企业", region: "530102" })).id, { list: "WATCH" });
    const failed = (await ok(server, EXPORT, {}, admin)).exportBatch.id;
    await eventually(async () => ((await statusOf(failed)) === "FAILED" ? true : undefined), 20_000, "the push given up while the partner is down");
    // Four attempts (EXCHANGE_PUSH_RETRIES 3), each wait longer than the one before (EXCHANGE_PUSH_BACKOFF_MS 250, doubling).
    expect(refusedAt).toHaveLength(4);
    const gaps = refusedAt.slice(1).map((t, i) => t - refusedAt[i]!);
    expect(gaps[1]!, `waits ${gaps.map(Math.round).join(", ")} ms`).toBeGreaterThan(gaps[0]! * 1.4);
    expect(gaps[2]!, `waits ${gaps.map(Math.round).join(", ")} ms`).toBeGreaterThan(gaps[1]! * 1.4);
    expect((await batches("FAILED")).map((b: { id: string }) => b.id)).toEqual([failed]);
    expect((await batches("ACKNOWLEDGED")).map((b: { id: string }) => b.id)).toEqual([acknowledged]);
    expect(await batches("PENDING")).toEqual([]);
    expect(await metric(/^creditgate_exchange_batches\{partner="MINISTRY",direction="EXPORT",status="ACKNOWLEDGED"\}/)).toBe(1);
    expect(await metric(/^creditgate_exchange_batches\{partner="MINISTRY",direction="EXPORT",status="FAILED"\}/)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await metric(/^creditgate_exchange_oldest_unacknowledged_seconds\{partner="MINISTRY"\}/)).toBeGreaterThanOrEqual(1);
  });
});

describe("an acknowledgement lost on the way back", () => {
  it("makes the push send the same batch again, same id and hash, until it is acknowledged; nothing goes twice as new", async () => {
    partnerIs = "losing its first answer";
    const f = fixtures(server.db, server.protector);
    await f.entry((await f.subject({ kind: "ORGANIZATION", name: "回执丢失测试企业", region: "530102" })).id, { list: "BLACK" });
    const before = deliveries.length;
    const { id } = (await ok(server, EXPORT, {}, admin)).exportBatch;
    await eventually(async () => ((await statusOf(id)) === "ACKNOWLEDGED" ? true : undefined), 20_000, "the batch acknowledged on the second delivery");
    const sent = deliveries.slice(before);
    expect(sent.map((d) => d.batchId)).toEqual([id, id]);
    expect(new Set(sent.map((d) => d.sha256)).size).toBe(1);
    expect((await batches(null)).filter((b: { id: string }) => b.id === id)).toHaveLength(1);
    partnerIs = "miscounting";
  });
});

describe("protected personal data between platforms", () => {
  it("a partner that may have it gets a person with the full ID number; one that may not gets none; an imported person is stored sealed", async () => {
    const f = fixtures(server.db, server.protector);
    const id = residentId("530102");
    const person = await f.subject({ kind: "PERSON", identifier: id, name: "李建国", region: "530102" });
    await f.entry(person.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输超过3次" });
    const download = async (partner: "PROVINCE" | "MINISTRY") => {
      const batch = (await ok(server, `mutation ($p: ExchangePartner!) { exportBatch(partner: $p) { id } }`, { p: partner }, admin)).exportBatch;
      const key = (await withKey(server.db, "PARTNER", partner)).headers;
      return (await (await fetch(`${server.url}/exchange/batches/${batch.id}`, { headers: key })).text()).split("\n").filter(Boolean).slice(1).map((l) => JSON.parse(l));
    };
    const toProvince = await download("PROVINCE");
    expect(toProvince).toContainEqual({ kind: "subject", subjectKind: "PERSON", identifier: id, name: "李建国", region: "530102" });
    expect(toProvince).toContainEqual(expect.objectContaining({ kind: "listEntry", subject: { kind: "PERSON", identifier: id }, list: "BLACK" }));
    partnerIs = "miscounting";
    expect(JSON.stringify(await download("MINISTRY"))).not.toContain(id);

    const other = residentId("532901");
    const province = (await withKey(server.db, "PARTNER", "PROVINCE")).headers;
    const { text } = batchText([
      { kind: "subject", subjectKind: "PERSON", identifier: other, name: "段志强", region: "532901" },
      entryLine("person-1", other, { subject: { kind: "PERSON", identifier: other }, reason: "OVERLOAD_REPEATED", reasonText: "省平台：一年内违法超限运输超过3次" }),
    ], { partner: "PROVINCE" });
    const res = await fetch(`${server.url}/exchange/batches`, { method: "POST", headers: { "content-type": "application/x-ndjson", ...province }, body: text });
    expect(res.status).toBe(200);
    const seen = await ok(server, `query ($ref: SubjectRef!) { subject(ref: $ref) { identifier name listEntries { list source } } }`, { ref: { kind: "PERSON", identifier: other } }, admin);
    expect(seen.subject).toEqual({ identifier: other, name: "段志强", listEntries: [{ list: "BLACK", source: "PROVINCE" }] });
    const stored = rowsOf<{ row: string }>(await server.db.execute(sql`select s::text as row from subject s where name = '段志强'`));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.row).not.toContain(other);
  });
});
