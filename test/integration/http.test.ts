import { describe, expect, it } from "vitest";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

describe("HTTP endpoints", () => {
  it("answers /healthz and /readyz once migrated", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("serves GraphiQL to a browser from local assets, without a CDN", async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("GraphiQL");
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)) {
      const res = await fetch(`${server.url}${asset[1]}`);
      expect(res.status, asset[1]).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it("exposes Prometheus metrics", async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("process_cpu_seconds_total");
  });

  it("answers a syntax error with a coded error and no internals", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ subject(" }),
    });
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|node_modules/);
  });
});
