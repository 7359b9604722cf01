// Running the service: rate limits, a database that goes away and comes back, graceful shutdown,
// and two processes sharing one database and one rate-limit budget.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { asAdmin, withKey } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { databaseProxy, startServiceProcess } from "../support/processes.js";
import { TEST_DATA_KEY, TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const onPostgres = Boolean(process.env.DATABASE_URL);
const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "3", RATE_LIMIT: "5", RATE_WINDOW_SECONDS: "60" } });
const ME = JSON.stringify({ query: "{ me { role } }" });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("rate limits", () => {
  it("an anonymous caller over its budget gets 429 LIMIT_EXCEEDED with Retry-After; a keyed caller has its own budget", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(server.url, ME)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await post(server.url, ME);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe("LIMIT_EXCEEDED");
    const key = await withKey(server.db, "SYSTEM");
    expect((await post(server.url, ME, key.headers)).status).toBe(200);
  });
});

describe.skipIf(!onPostgres)("a database that goes away", () => {
  let proxy: Awaited<ReturnType<typeof databaseProxy>>;
  let service: RunningServer;
  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await databaseProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(real);
    viaProxy.port = String(proxy.port);
    service = await startServer(loadConfig({
      ...process.env, DATABASE_URL: viaProxy.toString(), PORT: "0", DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: "silent", DB_CONNECT_TIMEOUT_SECONDS: "1",
    }));
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await service?.close();
    await proxy?.close();
  });

  it("answers 503 SERVICE_UNAVAILABLE quickly while it is gone, and recovers in the same process", async () => {
    const query = JSON.stringify({ query: `{ subject(ref: { kind: ORGANIZATION, identifier: "91310000631696382C" }) { name } }` });
    expect((await post(service.url, query)).status).toBe(200);

    await proxy.cut();
    const started = performance.now();
    const res = await post(service.url, query);
    const body: any = await res.json();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|postgres|select/i);
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(503);
    // The public pages say so too, whether the visitor searched by name or by an identifier (not "nothing found").
    for (const q of ["滇运", "91310000631696382C"]) {
      const page = await fetch(`${service.url}/search?q=${encodeURIComponent(q)}`, { headers: { accept: "text/html" } });
      expect(page.status, q).toBe(503);
      const html = await page.text();
      expect(html).toContain("信用信息暂时无法读取");
      expect(html).not.toContain("未查询到");
    }

    await proxy.restore();
    let recovered = 0;
    for (let i = 0; i < 20 && recovered === 0; i++) {
      if ((await post(service.url, query)).status === 200) recovered = i + 1;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBeGreaterThan(0);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM it finishes the request in flight and exits 0", async () => {
    const service = await startServiceProcess({
      DATA_DIR: "memory://", DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: "",
    });
    const admin = await asAdmin();
    const refs = Array.from({ length: 1000 }, (_, i) => ({ kind: "VESSEL", identifier: `CN${String(10_000_000_000 + i)}` }));
    const inFlight = post(service.url, JSON.stringify({ query: `query ($input: CheckInput!) { check(input: $input) { results { decision } } }`,
      variables: { input: { scenario: "LICENSING", subjects: refs } } }), admin);
    await new Promise((r) => setTimeout(r, 20));
    const exit = service.stop("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.check.results).toHaveLength(1000);
    expect(await exit).toBe(0);
  });
});

describe.skipIf(!onPostgres)("two processes", () => {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  let a: Awaited<ReturnType<typeof startServiceProcess>>;
  let b: Awaited<ReturnType<typeof startServiceProcess>>;
  beforeAll(async () => {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys("cg-rate*");
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const env = { DATABASE_URL: process.env.DATABASE_URL!, DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, REDIS_URL: redisUrl, RATE_LIMIT_PUBLIC: "6" };
    [a, b] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("a change written through one is seen at once through the other, with the same dataVersion", async () => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "双进程测试运输有限公司" });
    const admin = await asAdmin();
    const check = async (url: string) => {
      const res = await post(url, JSON.stringify({ query: `query ($input: CheckInput!) { check(input: $input) { dataVersion results { decision } } }`,
        variables: { input: { scenario: "PROCUREMENT", subjects: [{ kind: "ORGANIZATION", identifier: s.identifier }] } } }), admin);
      return ((await res.json()) as any).data.check as { dataVersion: string; results: { decision: string }[] };
    };
    expect((await check(b.url)).results[0]!.decision).toBe("PASS");
    const added = await post(a.url, JSON.stringify({ query: `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`,
      variables: { input: { ref: { kind: "ORGANIZATION", identifier: s.identifier }, list: "BLACK", reason: "TWO_PROCESSES", reasonText: "测试",
        authority: "云南省交通运输厅", effectiveFrom: "2026-01-01" } } }), admin);
    expect(((await added.json()) as any).errors).toBeUndefined();
    const [viaA, viaB] = [await check(a.url), await check(b.url)];
    expect(viaB.results[0]!.decision).toBe("DENY");
    expect(viaB.dataVersion).toBe(viaA.dataVersion);
  });

  it("they share one rate-limit budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(i % 2 ? b.url : a.url, ME)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
