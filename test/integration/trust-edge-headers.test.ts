// Security headers (helmet) on every answer, GraphiQL under a policy that allows exactly what it
// needs, and no GraphiQL in production unless GRAPHIQL=true.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../support/server.js";
import { CHROMIUM, runsWith } from "../support/tools.js";

const BROWSER = runsWith("chromium");
const html = { accept: "text/html" };

const requests: [string, string, RequestInit][] = [
  ["POST /graphql", "/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ me { role } }" }) }],
  ["a refused POST /graphql", "/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer nonsense" }, body: "{}" }],
  ["GET /healthz", "/healthz", {}],
  ["GET /readyz", "/readyz", {}],
  ["GET /metrics", "/metrics", {}],
  ["an unknown path", "/nothing-here", {}],
];

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  expect(res.headers.get("x-powered-by")).toBeNull();
}

describe("in development", () => {
  const server = useTestServer();

  it.each(requests)("%s carries the security headers and a policy that allows nothing", async (_name, path, init) => {
    const res = await fetch(`${server.url}${path}`, init);
    expectSecurityHeaders(res);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
  });

  it("GraphiQL's page allows scripts and styles of this origin only, and none inline", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: html });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const policy = res.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/style-src 'self'(;|$)/);
    expect(policy).toMatch(/connect-src 'self'/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const page = await res.text();
    expect(page).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style/);
    for (const asset of page.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)) {
      const file = await fetch(`${server.url}${asset[1]}`);
      expect(file.status, asset[1]).toBe(200);
      expectSecurityHeaders(file);
    }
  });

  it.runIf(BROWSER)("GraphiQL still renders in a browser under that policy", async () => {
    const { stdout } = await promisify(execFile)(CHROMIUM, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--no-first-run", "--virtual-time-budget=10000", "--dump-dom", `${server.url}/graphql`,
    ], { timeout: 60_000, maxBuffer: 20_000_000 });
    expect(stdout).toContain("graphiql-container");
    expect(stdout).toContain("graphiql-execute-button");
    expect(stdout).not.toContain("Loading…");
  });
});

describe("in production", () => {
  const server = useTestServer({ env: { NODE_ENV: "production" } });

  it("a browser's GET /graphql gets no GraphiQL page, and its assets are not served", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: html });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("content-type")).not.toMatch(/html/);
    expect(await res.text()).not.toMatch(/GraphiQL|<script/);
    expectSecurityHeaders(res);
    for (const asset of ["/graphiql/graphiql.js", "/graphiql/start.js"]) expect((await fetch(`${server.url}${asset}`)).status).toBe(404);
  });

  it.each(requests)("%s carries the security headers", async (_name, path, init) => {
    expectSecurityHeaders(await fetch(`${server.url}${path}`, init));
  });
});

describe("in production with GRAPHIQL=true", () => {
  const server = useTestServer({ env: { NODE_ENV: "production", GRAPHIQL: "true" } });

  it("serves GraphiQL under its policy", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: html });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("GraphiQL");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  });
});
