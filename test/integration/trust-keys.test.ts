// API keys while the service runs (issue 9, finding 3): the credit office manages keys through
// the running service on both databases; a new key works at once and a revoked one is refused
// from the next request on. The embedded database is opened by one process only: the README's
// key commands beside a running embedded service refuse with a message naming it, and the
// database survives a restart intact.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, lockDataDir } from "../../src/db/lock.js";
import { auditEvent } from "../../src/db/schema.js";
import { asAdmin, asOfficer, bearer, withKey } from "../support/auth.js";
import { runNpmScript, type ServiceProcess, startServiceProcess } from "../support/processes.js";
import { type GraphQLResponse, TEST_DATA_KEY, TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const onPostgres = Boolean(process.env.DATABASE_URL);
const server = useTestServer();

const CREATE = /* GraphQL */ `mutation Create($role: ApiKeyRole!, $name: String!) {
  createApiKey(role: $role, name: $name) { key apiKey { id name role prefix createdAt revokedAt } } }`;
const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id name role revokedAt } }`;
const LIST = /* GraphQL */ `query Keys { apiKeys { id name role prefix createdAt revokedAt } }`;
const ME = /* GraphQL */ `{ me { role name } }`;

async function gqlAt(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<any> };
}

describe("API keys through the running service", () => {
  it("a key made by createApiKey works at once, and after revokeApiKey it is refused from the next request on", async () => {
    const admin = await asAdmin();
    const created = await server.gql(CREATE, { role: "SYSTEM", name: "昆明市交通运输局行政审批系统" }, admin);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^cg_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "昆明市交通运输局行政审批系统", role: "SYSTEM", prefix: key.slice(0, 10), revokedAt: null });

    // Requests of the same tick share one key lookup: all of them see the key, before and after.
    const before = await Promise.all(Array.from({ length: 10 }, () => gqlAt(server.url, ME, undefined, bearer(key))));
    expect(before.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(before[0]!.body.data).toEqual({ me: { role: "SYSTEM", name: "昆明市交通运输局行政审批系统" } });

    const revoked = await server.gql(REVOKE, { id: apiKey.id }, admin);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeApiKey).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
    const after = await Promise.all(Array.from({ length: 10 }, () => gqlAt(server.url, ME, undefined, bearer(key))));
    expect(after.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(after[0]!.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");

    // Revoking again changes nothing; the key stays refused.
    const again = await server.gql(REVOKE, { id: apiKey.id }, admin);
    expect(again.data!.revokeApiKey.revokedAt).toBe(revoked.data!.revokeApiKey.revokedAt);
  });

  it("apiKeys lists every key with its role and state, never a key or its hash", async () => {
    const admin = await asAdmin();
    const a = (await server.gql(CREATE, { role: "PROVIDER", name: "云南诚信评估有限公司" }, admin)).data!.createApiKey;
    const b = (await server.gql(CREATE, { role: "PARTNER", name: "交通运输部信用信息共享平台" }, admin)).data!.createApiKey;
    await server.gql(REVOKE, { id: a.apiKey.id }, admin);
    const listed = await server.gql(LIST, {}, admin);
    expect(listed.errors).toBeUndefined();
    const byId = new Map(listed.data!.apiKeys.map((k: { id: string }) => [k.id, k]));
    expect(byId.get(a.apiKey.id)).toMatchObject({ name: "云南诚信评估有限公司", role: "PROVIDER", revokedAt: expect.any(String) });
    expect(byId.get(b.apiKey.id)).toMatchObject({ name: "交通运输部信用信息共享平台", role: "PARTNER", revokedAt: null });
    const text = JSON.stringify(listed);
    for (const { key } of [a, b]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(createHash("sha256").update(key).digest("hex"));
    }
    const fields = await server.gql(`{ __type(name: "ApiKey") { fields { name } } }`, {}, admin);
    expect(fields.data!.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(["createdAt", "id", "name", "prefix", "revokedAt", "role"]);
  });

  it("PUBLIC, SYSTEM, PROVIDER, PARTNER and OFFICER callers get FORBIDDEN on apiKeys, createApiKey and revokeApiKey", async () => {
    const admin = await asAdmin();
    const target = await withKey(server.db, "SYSTEM", "被撤销测试系统");
    const callers: Record<string, Record<string, string>> = {
      PUBLIC: {},
      SYSTEM: (await withKey(server.db, "SYSTEM")).headers,
      PROVIDER: (await withKey(server.db, "PROVIDER")).headers,
      PARTNER: (await withKey(server.db, "PARTNER")).headers,
      OFFICER: await asOfficer("530100"),
    };
    const keysBefore = (await server.gql(LIST, {}, admin)).data!.apiKeys.length;
    for (const [role, headers] of Object.entries(callers)) {
      for (const [query, variables] of [[LIST, {}], [CREATE, { role: "SYSTEM", name: `made by ${role}` }], [REVOKE, { id: target.id }]] as const) {
        const res = await server.gql(query, variables, headers);
        expect({ role, query, data: res.data ?? null, code: res.errors?.[0]?.extensions?.code }).toEqual({ role, query, data: null, code: "FORBIDDEN" });
      }
    }
    expect((await server.gql(LIST, {}, admin)).data!.apiKeys.length).toBe(keysBefore);
    expect((await gqlAt(server.url, ME, undefined, target.headers)).status).toBe(200);
  });

  it("a PARTNER key is accepted and reads no more than PUBLIC", async () => {
    const partner = await withKey(server.db, "PARTNER", "广西交通运输信用平台");
    expect((await server.gql(ME, {}, partner.headers)).data).toEqual({ me: { role: "PARTNER", name: "广西交通运输信用平台" } });
    const check = await server.gql(`{ check(input: { scenario: LICENSING, subjects: [{ kind: ORGANIZATION, identifier: "91310000631696382C" }] }) { dataVersion } }`, {}, partner.headers);
    expect(check.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const audit = await server.gql(`{ auditEvents { nodes { seq } } }`, {}, partner.headers);
    expect(audit.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses a blank name, an unknown id and a role outside ApiKeyRole with coded errors", async () => {
    const admin = await asAdmin();
    expect((await server.gql(CREATE, { role: "SYSTEM", name: "   " }, admin)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await server.gql(REVOKE, { id: "00000000-0000-4000-8000-000000000000" }, admin)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await server.gql(REVOKE, { id: "not-a-key" }, admin)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await server.gql(CREATE, { role: "ADMIN", name: "x" }, admin)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("creating and revoking a key leave audit events naming the key, never the key itself", async () => {
    const admin = await asAdmin("admin-audit");
    const { key, apiKey } = (await server.gql(CREATE, { role: "SYSTEM", name: "审计测试系统" }, admin)).data!.createApiKey;
    await server.gql(REVOKE, { id: apiKey.id }, admin);
    const events = await server.gql(`{ auditEvents(principal: "jwt:admin-audit") { nodes { operation outcome role } } }`, {}, admin);
    expect(events.data!.auditEvents.nodes.map((e: { operation: string }) => e.operation).sort()).toEqual(["Create", "Revoke"]);
    expect(events.data!.auditEvents.nodes.every((e: { outcome: string }) => e.outcome === "OK")).toBe(true);
    const details = JSON.stringify(await server.db.select({ detail: auditEvent.detail }).from(auditEvent).where(eq(auditEvent.principal, "jwt:admin-audit")));
    expect(details).toContain(apiKey.id);
    expect(details).not.toContain(key);
  });
});

describe.skipIf(!onPostgres)("the README's key commands on PostgreSQL while the service runs", () => {
  const env = () => ({ DATABASE_URL: process.env.DATABASE_URL! });

  it("a key made by `npm run keys -- create` works at once, and `revoke` refuses it from the next request on", async () => {
    const created = await runNpmScript("keys", ["create", "--role", "SYSTEM", "--name", "命令行创建的系统"], env());
    expect(created.code).toBe(0);
    const key = /cg_[A-Za-z0-9_-]{43}/.exec(created.stdout)![0];
    expect((await server.gql(ME, {}, bearer(key))).data).toEqual({ me: { role: "SYSTEM", name: "命令行创建的系统" } });

    const listed = await runNpmScript("keys", ["list"], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/SYSTEM .*active .*命令行创建的系统/);

    const revoked = await runNpmScript("keys", ["revoke", "命令行创建的系统"], env());
    expect(revoked.code).toBe(0);
    expect((await gqlAt(server.url, ME, undefined, bearer(key))).status).toBe(401);
  }, 120_000);
});

describe.skipIf(onPostgres)("one process per embedded database", () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "creditgate-lock-")); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it("a second open is refused with a message naming the holder and what to do; after release it opens", async () => {
    const dataDir = join(dir, "twice");
    mkdirSync(dataDir);
    const release = await lockDataDir(dataDir);
    const refusal = await lockDataDir(dataDir).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DatabaseLockedError);
    expect((refusal as Error).message).toContain(`process ${process.pid}`);
    expect((refusal as Error).message).toMatch(/Stop the service.*createApiKey\/revokeApiKey/);
    await release();
    const again = await lockDataDir(dataDir);
    await again();
  });

  it("a lock left by a process that is gone is taken over", async () => {
    const dataDir = join(dir, "orphaned");
    mkdirSync(dataDir);
    mkdirSync(`${dataDir}.lock`);
    // A pid far above any pid_max: no such process.
    writeFileSync(join(`${dataDir}.lock`, "holder.json"), JSON.stringify({ pid: 2 ** 30, host: hostname(), command: "node src/server.ts", since: "2026-01-01T00:00:00.000Z" }));
    const release = await lockDataDir(dataDir);
    await release();
  });
});

describe.skipIf(onPostgres)("the README's key commands beside a running embedded service", () => {
  let dir: string;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "creditgate-keys-"));
    env = {
      DATA_DIR: join(dir, "pglite"), DATABASE_URL: "", DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET,
      AUDIT_CHECKPOINT_KEY: Buffer.alloc(32, 9).toString("base64"),
    };
    service = await startServiceProcess(env);
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuse with a message naming the service's process and what to do, exit non-zero, without a stack trace", async () => {
    const pid = service!.child.pid!;
    const commands: [string, string[]][] = [
      ["keys", ["list"]],
      ["keys", ["create", "--role", "SYSTEM", "--name", "并发写入测试"]],
      ["keys", ["revoke", "并发写入测试"]],
      ["migrate", []],
      ["seed", ["--subjects", "10"]],
      ["audit:verify", []],
      ["audit:checkpoint", []],
    ];
    for (const [script, args] of commands) {
      const { code, stdout, stderr } = await runNpmScript(script, args, env);
      expect({ script, args, refused: code !== 0 && code !== null }).toEqual({ script, args, refused: true });
      expect(stderr).toContain(`in use by process ${pid}`);
      expect(stderr).toContain("Stop the service first, or while it runs manage API keys through its GraphQL API: the createApiKey/revokeApiKey mutations and the apiKeys query");
      expect(stderr + stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  }, 180_000);

  it("meanwhile the mutations manage keys at once, and after a restart the database is intact", async () => {
    const admin = await asAdmin();
    const kept = (await gqlAt(service!.url, CREATE, { role: "SYSTEM", name: "保留的系统" }, admin)).body.data!.createApiKey;
    expect((await gqlAt(service!.url, ME, undefined, bearer(kept.key))).status).toBe(200);
    const dropped = (await gqlAt(service!.url, CREATE, { role: "PROVIDER", name: "撤销的机构" }, admin)).body.data!.createApiKey;
    expect((await gqlAt(service!.url, ME, undefined, bearer(dropped.key))).status).toBe(200);
    expect((await gqlAt(service!.url, REVOKE, { id: dropped.apiKey.id }, admin)).body.errors).toBeUndefined();
    expect((await gqlAt(service!.url, ME, undefined, bearer(dropped.key))).status).toBe(401);

    expect(await service!.stop("SIGTERM")).toBe(0);
    service = undefined;
    // Stopped, the service has released the database: the commands work again.
    const listed = await runNpmScript("keys", ["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/SYSTEM .*active .*保留的系统/);
    expect(listed.stdout).toMatch(/PROVIDER .*revoked .*撤销的机构/);
    const verified = await runNpmScript("audit:verify", [], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact/);

    service = await startServiceProcess(env);
    const keys = (await gqlAt(service.url, LIST, {}, admin)).body.data!.apiKeys;
    expect(keys.map((k: { name: string; revokedAt: string | null }) => [k.name, k.revokedAt === null]).sort())
      .toEqual([["保留的系统", true], ["撤销的机构", false]]);
    expect((await gqlAt(service.url, ME, undefined, bearer(kept.key))).status).toBe(200);
    expect((await gqlAt(service.url, ME, undefined, bearer(dropped.key))).status).toBe(401);
  }, 180_000);

  it("a lock left by a killed service is taken over by the next process", async () => {
    await service!.stop("SIGKILL");
    service = undefined;
    const listed = await runNpmScript("keys", ["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("保留的系统");
    service = await startServiceProcess(env);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  }, 180_000);
});
