// The monthly sync on a real scheduler (issue 13), with a schedule of every minute (PostgreSQL,
// pg-boss) or every two seconds (embedded, croner) so that a test sees ticks: two API processes,
// one tick → exactly one batch per partner, delivered once; a partner that is down gets retries
// with backoff, across a restart of the service, and its batch — the same one — succeeds once it is back. The partners are small
// HTTP stand-ins in the test that acknowledge what they receive.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers } from "../support/auth.js";
import { eventually, gqlOn, onPostgres, type PeerDatabase, peerDatabase, processEnv } from "../support/peers.js";
import { freePort, LOOPBACK, type ServiceProcess, startServiceProcess } from "../support/processes.js";

const STARTUP = 180_000;

/** A partner platform that acknowledges every batch it is sent (or, while unavailable, answers 503), and remembers each delivery. */
function partnerStandIn(port: number) {
  const deliveries: { batchId: string; lines: number }[] = [];
  const refusedAt: number[] = [];
  let available = true;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d) => { body += d; }).on("end", () => {
      if (!available) { refusedAt.push(performance.now()); res.statusCode = 503; res.end(); return; }
      const manifest = JSON.parse(body.split("\n")[0]!);
      deliveries.push({ batchId: manifest.batchId, lines: manifest.lines });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ batchId: manifest.batchId, status: "IMPORTED", unchanged: false, counts: manifest.counts, hashes: {} }));
    });
  });
  return {
    url: `http://${LOOPBACK}:${port}`,
    deliveries,
    refusedAt,
    setAvailable: (value: boolean) => { available = value; },
    up: () => new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve)),
    down: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

let db: PeerDatabase;
let ministry: ReturnType<typeof partnerStandIn>;
let province: ReturnType<typeof partnerStandIn>;
const services: ServiceProcess[] = [];
let admin: Headers;
let env: NodeJS.ProcessEnv;

const batchesOf = async (partner: string) =>
  (await gqlOn(services[0]!.url, `query ($p: ExchangePartner) { exchangeBatches(partner: $p) { nodes { id status attempts lines } } }`, { p: partner }, admin)).exchangeBatches.nodes as { id: string; status: string; attempts: number }[];

beforeAll(async () => {
  admin = await asAdmin();
  db = await peerDatabase("xs");
  ministry = partnerStandIn(await freePort());
  province = partnerStandIn(await freePort());
  await ministry.up(); // the province's platform is down for now
  env = {
    ...processEnv, ...db.env,
    EXCHANGE_SCHEDULE: onPostgres ? "* * * * *" : "*/2 * * * * *",
    EXCHANGE_MINISTRY_URL: ministry.url, EXCHANGE_MINISTRY_KEY: "ministry-key",
    EXCHANGE_PROVINCE_URL: province.url, EXCHANGE_PROVINCE_KEY: "province-key",
    EXCHANGE_PUSH_RETRIES: "10", EXCHANGE_PUSH_BACKOFF_MS: "300",
  };
  services.push(await startServiceProcess(env, { timeoutMs: STARTUP }));
  if (onPostgres) services.push(await startServiceProcess(env, { timeoutMs: STARTUP }));
  else {
    // The embedded database is one process's: a second API process does not start, so it cannot run a tick twice.
    await expect(startServiceProcess(env, { timeoutMs: STARTUP })).rejects.toThrow(/exited|locked|holder/i);
  }
}, 3 * STARTUP);

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all([ministry?.down(), province?.down()]);
  await db?.drop();
});

describe("the scheduled sync", () => {
  it("one tick makes exactly one batch per partner, delivered once, whatever the number of processes", async () => {
    const first = await eventually(async () => {
      const [batch] = (await batchesOf("MINISTRY")).slice(-1);
      return batch?.status === "ACKNOWLEDGED" ? batch : undefined;
    }, 150_000, "the ministry's first scheduled batch acknowledged");
    expect(first.attempts).toBe(1);
    const provinceBatches = await eventually(async () => {
      const batches = await batchesOf("PROVINCE");
      return batches.length > 0 && batches[0]!.attempts >= 2 ? batches : undefined;
    }, 60_000, "the province's batch tried again");
    expect(provinceBatches).toHaveLength(1); // one batch while it is down, tried again and again, never a second beside it
    // No batch is delivered twice: one delivery per batch, one batch per tick.
    const ids = ministry.deliveries.map((d) => d.batchId);
    expect(new Set(ids).size).toBe(ids.length);
    const acknowledged = (await batchesOf("MINISTRY")).filter((b) => b.status === "ACKNOWLEDGED").map((b) => b.id);
    for (const id of acknowledged) expect(ids.filter((d) => d === id), id).toHaveLength(1);
    if (db.sql) {
      const perTick = await db.sql`select partner::text, tick, count(*)::int as n from exchange_batch group by partner, tick`;
      expect(perTick.every((r) => r.n === 1 && r.tick?.startsWith(`${r.partner}@`))).toBe(true);
      const jobs = await db.sql`select count(*)::int as n from pgboss.job where name = 'exchange-sync'`;
      expect(jobs[0]!.n).toBeLessThanOrEqual(perTick.filter((r) => r.partner === "MINISTRY").length + 1);
    }
  }, 200_000);

  it("a partner that is down gets retries with backoff, across a restart of the service; its batch succeeds once it is back", async () => {
    const [waiting] = await batchesOf("PROVINCE");
    expect(waiting!.status).not.toBe("ACKNOWLEDGED");
    await eventually(async () => ((await batchesOf("PROVINCE"))[0]!.attempts >= 2 ? true : undefined), 60_000, "a second attempt");
    // Every API process stops and one starts again: the open batch is still the one to send.
    await Promise.all(services.splice(0).map((s) => s.stop()));
    services.push(await startServiceProcess(env, { timeoutMs: STARTUP }));
    // Reachable but unavailable (503) for a while: still the one batch, tried again.
    province.setAvailable(false);
    await province.up();
    await eventually(async () => (province.refusedAt.length >= 2 ? true : undefined), 120_000, "attempts after the restart");
    expect((await batchesOf("PROVINCE")).map((b) => b.id)).toEqual([waiting!.id]);
    province.setAvailable(true);
    const done = await eventually(async () => {
      const batch = (await batchesOf("PROVINCE")).find((b) => b.id === waiting!.id);
      return batch?.status === "ACKNOWLEDGED" ? batch : undefined;
    }, 120_000, "the province's batch acknowledged once it is back");
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(province.deliveries.map((d) => d.batchId)).toContain(waiting!.id);
  }, 200_000);
});
