// The check client's report-level answer and call options against the real service: dataVersion
// and checkedAt reach the caller, purpose and requestId reach the audit trail, the fail-safe
// answer cannot be mistaken for "not in the register", and a call has a total deadline.
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckClientOptions,
  type CheckServiceError,
  createCheckClient,
  isUnavailable,
  type SubjectRef,
} from "creditgate/client";
import { asAdmin, withKey } from "../support/auth.js";
import { fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { closedPortUrl } from "./closed-port.js";

const server = useTestServer();

/** A fetch that forwards to the real one and records each request's headers and input. */
function recordingFetch(inner: typeof fetch = fetch) {
  const requests: { headers: Headers; input: { subjects: SubjectRef[]; requestId?: string } }[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    requests.push({ headers: new Headers(init?.headers), input: JSON.parse(String(init?.body)).variables.input });
    return inner(input, init);
  };
  return { fetch: wrapped, requests };
}

/** A fetch that never answers unless the attempt's signal aborts it. */
const hangingFetch: typeof fetch = (_input, init) => new Promise((_resolve, reject) => {
  init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
});

const org = (identifier: string): SubjectRef => ({ kind: "ORGANIZATION", identifier });

let apiKey: string;
let blacklisted: string;
let unknown: string;

function client(options: Partial<CheckClientOptions> = {}) {
  return createCheckClient({ url: `${server.url}/graphql`, apiKey, backoffMs: 10, ...options });
}

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  apiKey = (await withKey(server.db, "SYSTEM", "曲靖市交通运输局审批系统")).key;
  const black = await f.subject({ kind: "ORGANIZATION", name: "曲靖失信货运有限公司" });
  await f.entry(black.id, { list: "BLACK", reasonCode: "ILLEGAL_OPERATION" });
  blacklisted = black.identifier;
  unknown = uscc("530302");
});

describe("checkReport", () => {
  it("answers the register's dataVersion and the service's checkedAt with the results", async () => {
    const before = Date.now();
    const report = await client().checkReport("LICENSING", [org(blacklisted), org(unknown)]);
    const direct = await server.gql(`query { check(input: { scenario: LICENSING, subjects: [] }) { dataVersion } }`, {}, { authorization: `Bearer ${apiKey}` });
    expect(report).toMatchObject({ available: true, scenario: "LICENSING", dataVersion: direct.data?.check.dataVersion });
    expect(report.dataVersion).toMatch(/^v\d+$/);
    expect(Date.parse(report.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(report.results.map((r) => [r.ref.identifier, r.decision, r.found])).toEqual([[blacklisted, "REVIEW", true], [unknown, "PASS", false]]);
  });

  it("check() answers the same results as checkReport()", async () => {
    const c = client();
    const [results, report] = await Promise.all([c.check("PROCUREMENT", [org(blacklisted)]), c.checkReport("PROCUREMENT", [org(blacklisted)])]);
    expect(results).toEqual(report.results);
    expect(results[0]).toMatchObject({ decision: "DENY", found: true });
  });

  it("an empty call answers an available report with no results and sends nothing", async () => {
    const recording = recordingFetch();
    const report = await client({ fetch: recording.fetch }).checkReport("LICENSING", []);
    expect(report).toMatchObject({ available: true, dataVersion: null, results: [] });
    expect(recording.requests).toHaveLength(0);
  });
});

describe("purpose, requestId and headers", () => {
  it("purpose goes out as X-Purpose (percent-encoded UTF-8) and requestId as X-Request-Id; the audit trail has both as given", async () => {
    const recording = recordingFetch();
    await client({ fetch: recording.fetch }).check("LICENSING", [org(blacklisted)], {
      matter: "道路货物运输经营许可", requestId: "SP-2026-0042", purpose: "行政许可审查：道路货物运输经营许可（滇审〔2026〕42号）",
    });
    const [request] = recording.requests;
    expect(request!.headers.get("x-purpose")).toBe(encodeURIComponent("行政许可审查：道路货物运输经营许可（滇审〔2026〕42号）"));
    expect(request!.headers.get("x-request-id")).toBe("SP-2026-0042");
    expect(request!.input.requestId).toBe("SP-2026-0042");

    const audit = await server.gql(`{ auditEvents(operation: "Check", first: 100) { nodes { requestId purpose } } }`, {}, await asAdmin());
    expect(audit.data?.auditEvents.nodes).toContainEqual({ requestId: "SP-2026-0042", purpose: "行政许可审查：道路货物运输经营许可（滇审〔2026〕42号）" });
  });

  it("a requestId that is not printable ASCII still goes out, percent-encoded, and the check is answered", async () => {
    const recording = recordingFetch();
    const [result] = await client({ fetch: recording.fetch }).check("LICENSING", [org(blacklisted)], { requestId: "滇审〔2026〕7号" });
    expect(result).toMatchObject({ decision: "REVIEW", found: true });
    expect(recording.requests[0]!.headers.get("x-request-id")).toBe(encodeURIComponent("滇审〔2026〕7号"));
    expect(recording.requests[0]!.input.requestId).toBe("滇审〔2026〕7号");
  });

  it("the client's purpose is the default of each call; a call's purpose overrides it", async () => {
    const recording = recordingFetch();
    const c = client({ fetch: recording.fetch, purpose: "行政许可审查" });
    await c.check("LICENSING", [org(unknown)]);
    await c.check("LICENSING", [org(unknown)], { purpose: "年度审验" });
    expect(recording.requests.map((r) => decodeURIComponent(r.headers.get("x-purpose") ?? ""))).toEqual(["行政许可审查", "年度审验"]);
  });

  it("the client's and the call's headers go out with each request, the call's over the client's", async () => {
    const recording = recordingFetch();
    const c = client({ fetch: recording.fetch, headers: { "X-Gateway-App": "licensing", "X-Zone": "a" } });
    await c.check("LICENSING", [org(unknown)], { headers: { "x-zone": "b" } });
    const { headers } = recording.requests[0]!;
    expect([headers.get("x-gateway-app"), headers.get("x-zone"), headers.get("authorization")]).toEqual(["licensing", "b", `Bearer ${apiKey}`]);
  });

  it("calls with a different purpose or headers are not merged into one request", async () => {
    const recording = recordingFetch();
    const c = client({ fetch: recording.fetch });
    await Promise.all([
      c.check("LICENSING", [org(unknown)], { purpose: "许可审查" }),
      c.check("LICENSING", [org(blacklisted)], { purpose: "许可审查" }),
      c.check("LICENSING", [org(unknown)], { purpose: "年度审验" }),
      c.check("LICENSING", [org(unknown)], { headers: { "x-zone": "b" } }),
    ]);
    expect(recording.requests.map((r) => r.input.subjects.length).sort()).toEqual([1, 1, 2]);
  });

  it("headers the client sets itself, or that fetch would refuse on every attempt, are refused at once", async () => {
    const recording = recordingFetch();
    expect(() => client({ headers: { Authorization: "Bearer cg_other" } })).toThrow(TypeError);
    expect(() => client({ headers: { "x-purpose": "审查" } })).toThrow(TypeError);
    expect(() => client({ headers: { "x-app": "许可系统" } })).toThrow(TypeError);
    const error = await client({ fetch: recording.fetch }).check("LICENSING", [org(unknown)], { headers: { "x-request-id": "A-1" } }).catch((e) => e);
    expect(error).toMatchObject({ name: "CheckServiceError", code: "BAD_USER_INPUT" });
    expect(recording.requests).toHaveLength(0);
  });
});

describe("the fail-safe answer is marked unmistakably", () => {
  it("a stopped service: the report says available: false, each result found: null with SERVICE_UNAVAILABLE, unlike a party not in the register", async () => {
    const notInRegister = await client().checkReport("LICENSING", [org(unknown)]);
    expect(notInRegister).toMatchObject({ available: true, results: [{ found: false, decision: "PASS" }] });

    const down = client({ url: await closedPortUrl(), retries: 1 });
    const report = await down.checkReport("LICENSING", [org(unknown), org(blacklisted)]);
    expect(report).toMatchObject({ available: false, scenario: "LICENSING", dataVersion: null });
    expect(Number.isNaN(Date.parse(report.checkedAt))).toBe(false);
    for (const result of report.results) {
      expect(result).toMatchObject({ found: null, decision: "REVIEW", error: null, subject: null, reasons: [{ code: "SERVICE_UNAVAILABLE" }] });
      expect(result.reasons[0]!.message).toBe("信用核查服务未能答复：请人工核查该主体后再作决定。"); // Chinese unless the client asks for English
      expect(isUnavailable(result)).toBe(true);
    }
    expect(notInRegister.results.some(isUnavailable)).toBe(false);
  });
});

describe("a total deadline per call", () => {
  let silent: ReturnType<typeof createServer>;
  const sockets = new Set<Socket>();
  let silentUrl: string;

  beforeAll(async () => {
    // Accepts connections and never answers: a hung service, or a firewall that swallows packets.
    silent = createServer((socket) => { sockets.add(socket); socket.on("close", () => sockets.delete(socket)); });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/graphql`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("with the defaults, a port that accepts but never answers gets the fail-safe answer at the 3 s deadline, not after every retry", async () => {
    const outages: CheckServiceError[] = [];
    const c = createCheckClient({ url: silentUrl, apiKey, onUnavailable: (e) => outages.push(e) });
    const report = await c.checkReport("LICENSING", [org(unknown)]);
    expect(report).toMatchObject({ available: false, results: [{ found: null, decision: "REVIEW" }] });
    // Attempt 1 times out after 2 s, attempt 2 is cut off by the deadline: the third never starts.
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ code: "SERVICE_UNAVAILABLE", attempts: 2 });
    expect(outages[0]!.message).toContain("within 3000 ms");
  });

  it("retries stop at the deadline however many are allowed", async () => {
    const recording = recordingFetch(hangingFetch);
    const error = await client({ fetch: recording.fetch, failMode: "throw", timeoutMs: 100, retries: 1000, deadlineMs: 500 })
      .check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toMatchObject({ name: "CheckServiceError", code: "SERVICE_UNAVAILABLE" });
    expect(error.message).toContain("within 500 ms");
    expect(recording.requests.length).toBeLessThan(1001);
  });

  it("a Retry-After that would end past the deadline is not waited for", async () => {
    const recording = recordingFetch(async () => new Response("busy", { status: 503, headers: { "retry-after": "30" } }));
    const report = await client({ fetch: recording.fetch, maxRetryAfterMs: 60_000 }).checkReport("LICENSING", [org(unknown)]);
    expect(report.available).toBe(false);
    expect(recording.requests).toHaveLength(1);
  });

  it("a deadline must be positive", () => {
    expect(() => client({ deadlineMs: 0 })).toThrow(TypeError);
  });
});
