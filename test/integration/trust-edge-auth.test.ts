// Who may try credentials, and how often; which address a caller has behind a load balancer;
// which tokens are good enough.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { logger } from "../../src/logger.js";
import { bearer, withKey } from "../support/auth.js";
import { TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const ME = "{ me { role name } }";
const randomKey = () => `cg_${randomBytes(32).toString("base64url")}`;

async function ask(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify({ query: ME }) });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
}

describe("failed authentication", () => {
  const server = useTestServer({ env: { RATE_LIMIT_AUTH_FAILURES: "5", LOG_LEVEL: "info" } });
  const lines: Record<string, any>[] = [];
  beforeAll(() => {
    vi.spyOn(logger, "info").mockImplementation(((fields: Record<string, any>) => { lines.push(fields); }) as never);
  });
  afterAll(() => { vi.restoreAllMocks(); });

  it("an address gets 429 once its failures are spent, before any key is looked up, and every refusal is logged", async () => {
    const system = await withKey(server.db, "SYSTEM");
    for (let i = 0; i < 5; i++) {
      const { status, body } = await ask(server.url, { ...bearer(randomKey()), "x-request-id": `guess-${i}` });
      expect(status).toBe(401);
      expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    const before = server.statements().count;
    for (const headers of [bearer(randomKey()), system.headers, bearer("aaa.bbb.ccc")]) {
      const { status, retryAfter, body } = await ask(server.url, { ...headers, "x-request-id": "after-budget" });
      expect(status).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(body.errors[0].extensions.code).toBe("LIMIT_EXCEEDED");
    }
    expect(server.statements().count).toBe(before);
    // Anonymous callers present no credential: nothing to guess, nothing refused.
    expect((await ask(server.url)).body.data.me.role).toBe("PUBLIC");

    for (let i = 0; i < 5; i++) {
      expect(lines).toContainEqual(expect.objectContaining({ requestId: `guess-${i}`, status: 401, outcome: "UNAUTHENTICATED", address: expect.any(String) }));
    }
    expect(lines.filter((l) => l.requestId === "after-budget" && l.status === 429 && l.outcome === "LIMIT_EXCEEDED")).toHaveLength(3);
  });
});

describe("TRUST_PROXY", () => {
  const forwardedFor = (address: string) => ({ "x-forwarded-for": address });

  describe("set", () => {
    const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "2", TRUST_PROXY: "loopback" } });
    it("gives each forwarded client address its own anonymous budget", async () => {
      expect((await ask(server.url, forwardedFor("203.0.113.7"))).status).toBe(200);
      expect((await ask(server.url, forwardedFor("203.0.113.7"))).status).toBe(200);
      expect((await ask(server.url, forwardedFor("203.0.113.7"))).status).toBe(429);
      expect((await ask(server.url, forwardedFor("198.51.100.20"))).status).toBe(200);
    });
  });

  describe("unset (the default)", () => {
    const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "2" } });
    it("ignores X-Forwarded-For: callers behind one address share one budget", async () => {
      expect((await ask(server.url, forwardedFor("203.0.113.7"))).status).toBe(200);
      expect((await ask(server.url, forwardedFor("198.51.100.20"))).status).toBe(200);
      expect((await ask(server.url, forwardedFor("192.0.2.99"))).status).toBe(429);
    });
  });

  it.each([
    ["2", 2],
    ["loopback", ["loopback"]],
    ["10.0.0.0/8, 127.0.0.1, ::1", ["10.0.0.0/8", "127.0.0.1", "::1"]],
  ])("accepts %j as a hop count or an address list", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(["true", "*", "10.0.0.0/8,proxy.internal"])("refuses %j at start", (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});

const ISSUER = "https://idp.example.test/realms/transport";
const AUDIENCE = "creditgate";
const now = () => Math.floor(Date.now() / 1000);

/** An ADMIN token valid for `life` seconds from its issue, `issuedIn` seconds from now (null: no `iat`). */
function token(claims: { iss?: string; aud?: string; issuedIn?: number | null; life: number }) {
  const { issuedIn = 0, life, ...rest } = claims;
  const iat = now() + (issuedIn ?? 0);
  const jwt = new SignJWT({ role: "ADMIN", ...rest }).setProtectedHeader({ alg: "HS256" }).setSubject("admin-1").setExpirationTime(iat + life);
  if (issuedIn !== null) jwt.setIssuedAt(iat);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

describe("token issuer, audience and lifetime", () => {
  const server = useTestServer({ env: { JWT_ISSUER: ISSUER, JWT_AUDIENCE: `${AUDIENCE},another-service`, JWT_MAX_TTL: "8h", RATE_LIMIT_AUTH_FAILURES: "1000" } });
  const good = { iss: ISSUER, aud: AUDIENCE };
  const hour = 3600;

  it.each([
    ["of the issuer and audience, for an hour", { ...good, life: hour }, null],
    ["for exactly JWT_MAX_TTL", { ...good, life: 8 * hour }, null],
    ["for another of the audiences", { ...good, aud: "another-service", life: hour }, null],
    ["of another issuer", { ...good, iss: "https://elsewhere.example.test", life: hour }, /"iss"/],
    ["without an issuer", { aud: AUDIENCE, life: hour }, /"iss" is missing/],
    ["for another audience", { ...good, aud: "someone-else", life: hour }, /"aud"/],
    ["without an audience", { iss: ISSUER, life: hour }, /"aud" is missing/],
    ["living longer than JWT_MAX_TTL", { ...good, life: 8 * hour + 1 }, /JWT_MAX_TTL/],
    ["living a hundred years", { ...good, life: 100 * 365 * 24 * hour }, /JWT_MAX_TTL/],
    ["without an issue time", { ...good, issuedIn: null, life: hour }, /"iat" is missing/],
    ["issued in the future", { ...good, issuedIn: 30 * 24 * hour, life: hour }, /"iat"/],
  ])("a token %s", async (_case, claims, refusal) => {
    const { status, body } = await ask(server.url, bearer(await token(claims)));
    if (refusal === null) {
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.data.me.role).toBe("ADMIN");
    } else {
      expect(status).toBe(401);
      expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      expect(body.errors[0].message).toMatch(refusal);
    }
  });

  it("npm run token mints a token this service accepts, and refuses to mint one beyond JWT_MAX_TTL", async () => {
    const env = { ...process.env, JWT_SECRET: TEST_JWT_SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_MAX_TTL: "8h" };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/token.ts", "--role", "ADMIN", "--sub", "li.na", ...args], { env });
    const { stdout } = await run();
    const { status, body } = await ask(server.url, bearer(stdout.trim()));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.data.me).toEqual({ role: "ADMIN", name: "li.na" });
    await expect(run("--hours", "9")).rejects.toMatchObject({ stderr: expect.stringMatching(/JWT_MAX_TTL/) });
  });
});

describe("token lifetime by default", () => {
  const server = useTestServer();

  it("refuses a hundred-year ADMIN token and accepts one of 12 hours", async () => {
    const century = await ask(server.url, bearer(await token({ life: 100 * 365 * 86_400 })));
    expect(century.status).toBe(401);
    expect(century.body.errors[0].message).toMatch(/JWT_MAX_TTL/);
    expect((await ask(server.url, bearer(await token({ life: 12 * 3600 })))).body.data.me.role).toBe("ADMIN");
  });

  it("JWT_MAX_TTL takes a duration or seconds", () => {
    expect(loadConfig({}).JWT_MAX_TTL).toBe(12 * 3600);
    expect(loadConfig({ JWT_MAX_TTL: "90m" }).JWT_MAX_TTL).toBe(5400);
    expect(loadConfig({ JWT_MAX_TTL: "3600" }).JWT_MAX_TTL).toBe(3600);
    expect(() => loadConfig({ JWT_MAX_TTL: "a while" })).toThrow(/JWT_MAX_TTL/);
  });
});
