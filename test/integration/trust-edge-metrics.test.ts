// /metrics stays small whatever clients send as operationName, and can be kept for the scraper:
// a bearer token (METRICS_TOKEN) and a port of its own (METRICS_PORT).
import { describe, expect, it } from "vitest";
import { useTestServer } from "../support/server.js";

const METRIC = "creditgate_graphql_request_duration_seconds_count";

async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

const operationLabels = (text: string) => new Set([...text.matchAll(new RegExp(`^${METRIC}\\{operation="([^"]*)"`, "gm"))].map((m) => m[1]!));

describe("the operation label of the request metrics", () => {
  const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "100000" } });

  it("takes names only from documents that parsed, from a bounded set, whatever clients send", async () => {
    const huge = (i: number) => `Op${i}${"x".repeat(100_000)}`;
    for (let i = 0; i < 150; i++) await post(server.url, { query: `query Distinct${i} { me { role } }`, operationName: `Distinct${i}` });
    for (let i = 0; i < 20; i++) {
      await post(server.url, { query: "{ me { role", operationName: huge(i) });
      await post(server.url, { query: "not graphql at all", operationName: `Unparsed${i}` });
      await post(server.url, { query: "query Real { me { role } }", operationName: `NoSuchOperation${i}` });
      await post(server.url, { query: `query ${huge(i)} { me { role } }` });
    }
    const res = await fetch(`${server.metricsUrl}/metrics`);
    const text = await res.text();
    const labels = operationLabels(text);
    expect(text.length).toBeLessThan(1_000_000);
    expect(labels.size).toBeLessThanOrEqual(103);
    expect(labels).toContain("Distinct0");
    expect(labels).toContain("(other)");
    expect(labels).toContain("(invalid)");
    for (const label of labels) {
      expect(label.length).toBeLessThanOrEqual(64);
      expect(label).not.toMatch(/^(Unparsed|NoSuchOperation)/);
    }
  });

  it("counts an operation the client left unnamed under one value", async () => {
    await post(server.url, { query: "{ me { role } }" });
    expect(operationLabels(await (await fetch(`${server.metricsUrl}/metrics`)).text())).toContain("(anonymous)");
  });
});

describe("METRICS_TOKEN", () => {
  const token = "scraper-token-0123456789";
  const server = useTestServer({ env: { METRICS_TOKEN: token } });

  it.each([
    ["no credential", {}],
    ["another token", { authorization: "Bearer another-token-0123456789" }],
    ["the token, not as a bearer token", { authorization: token }],
  ])("refuses a scrape with %s (401)", async (_case, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}/metrics`, { headers });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("process_cpu");
  });

  it("serves the metrics to the bearer of the token", async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("process_cpu_seconds_total");
  });
});

describe("METRICS_PORT", () => {
  const server = useTestServer({ env: { METRICS_PORT: "0" } });

  it("serves /metrics on its own port and not on the API's", async () => {
    expect(server.metricsUrl).not.toBe(server.url);
    const own = await fetch(`${server.metricsUrl}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("process_cpu_seconds_total");
    const api = await fetch(`${server.url}/metrics`);
    expect(api.status).toBe(404);
    expect((await fetch(`${server.metricsUrl}/graphql`, { method: "POST" })).status).toBe(404);
  });
});
