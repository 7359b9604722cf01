// The embeddable check client against the real service: coalescing, splitting, retries,
// timeouts, the fail-safe, and the errors that must stay loud. Imported by its package name, as
// an embedding system would.
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CheckClientOptions,
  type CheckResult,
  CheckServiceError,
  createCheckClient,
  type SubjectRef,
} from "creditgate/client";
import { retryAfterMs } from "../../src/client/transport.js";
import { withKey } from "../support/auth.js";
import { fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { closedPortUrl } from "./closed-port.js";

const server = useTestServer();

/** A fetch that forwards to the real one and records each request's refs. */
function countingFetch(inner: typeof fetch = fetch) {
  const requests: { subjects: SubjectRef[]; matter?: string; requestId?: string }[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    requests.push(JSON.parse(String(init?.body)).variables.input);
    return inner(input, init);
  };
  return { fetch: wrapped, requests };
}

/** A fetch whose first `n` attempts fail with `failure`; later ones reach the service. */
function failingFirst(n: number, failure: () => Promise<Response>) {
  let calls = 0;
  return countingFetch(async (input, init) => (++calls <= n ? failure() : fetch(input, init)));
}

/** A fetch that never answers unless the attempt's signal aborts it. */
const hangingFetch: typeof fetch = (_input, init) => new Promise((_resolve, reject) => {
  init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
});

const org = (identifier: string): SubjectRef => ({ kind: "ORGANIZATION", identifier });

let apiKey: string;
let blacklisted: string;
let redListed: string;
let unknown: string;
const INVALID = "91350100M000100Y4Z";

function client(options: Partial<CheckClientOptions> = {}) {
  return createCheckClient({ url: `${server.url}/graphql`, apiKey, backoffMs: 10, ...options });
}

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  apiKey = (await withKey(server.db, "SYSTEM", "昆明市交通运输局行政审批系统")).key;
  const black = await f.subject({ kind: "ORGANIZATION", name: "昆明失信运输有限公司" });
  await f.entry(black.id, { list: "BLACK", reasonCode: "ILLEGAL_OPERATION" });
  const red = await f.subject({ kind: "ORGANIZATION", name: "大理守信客运有限公司" });
  await f.entry(red.id, { list: "RED", reasonCode: "AAA_CREDIT", reasonText: "连续三年信用评价AAA" });
  blacklisted = black.identifier;
  redListed = red.identifier;
  unknown = uscc("530111");
});

describe("decisions come from the service", () => {
  it("answers one result per ref in input order, duplicates included", async () => {
    const refs = [org(unknown), org(blacklisted), org(redListed), org(blacklisted), org(unknown)];
    const results = await client().check("LICENSING", refs);
    expect(results.map((r) => [r.ref.identifier, r.decision, r.found])).toEqual([
      [unknown, "PASS", false],
      [blacklisted, "REVIEW", true],
      [redListed, "FAST_TRACK", true],
      [blacklisted, "REVIEW", true],
      [unknown, "PASS", false],
    ]);
    expect(results[1]!.reasons[0]).toMatchObject({ code: "LIST_ENTRY", effect: "RESTRICT", listEntry: { list: "BLACK", reason: "ILLEGAL_OPERATION" } });
  });

  it("a blacklisted party is denied where the blacklist prohibits (procurement)", async () => {
    const [result] = await client().check("PROCUREMENT", [org(blacklisted)]);
    expect(result).toMatchObject({ decision: "DENY", reasons: [{ effect: "PROHIBIT" }] });
  });

  it("an invalid ref gets its own error and decision null; the others are decided", async () => {
    const results = await client().check("LICENSING", [org(blacklisted), org(INVALID), { kind: "VEHICLE", identifier: "京" }, org(redListed)]);
    expect(results.map((r) => r.decision)).toEqual(["REVIEW", null, null, "FAST_TRACK"]);
    expect(results[1]!.error).toMatchObject({ code: "INVALID_IDENTIFIER" });
    expect(results[2]!.error).toMatchObject({ code: "INVALID_IDENTIFIER" });
  });

  it("an empty list of refs answers at once without a request", async () => {
    const counting = countingFetch();
    expect(await client({ fetch: counting.fetch }).check("LICENSING", [])).toEqual([]);
    expect(counting.requests).toHaveLength(0);
  });
});

describe("coalescing and splitting", () => {
  it("concurrent calls in one tick go out as one request, each caller getting exactly its own results", async () => {
    const counting = countingFetch();
    const c = client({ fetch: counting.fetch });
    const calls = [
      [org(blacklisted)],
      [org(redListed), org(unknown)],
      [org(unknown), org(blacklisted), org(unknown)],
      [org(INVALID)],
      [org(redListed)],
    ];
    const answers = await Promise.all(calls.map((refs) => c.check("LICENSING", refs)));
    expect(counting.requests).toHaveLength(1);
    expect(counting.requests[0]!.subjects).toHaveLength(8);
    answers.forEach((results, i) => {
      expect(results.map((r) => r.ref.identifier)).toEqual(calls[i]!.map((ref) => ref.identifier));
    });
    expect(answers[2]!.map((r) => r.decision)).toEqual(["PASS", "REVIEW", "PASS"]);
    expect(answers[3]![0]!.error?.code).toBe("INVALID_IDENTIFIER");
  });

  it("calls with a different scenario, matter or requestId are not merged", async () => {
    const counting = countingFetch();
    const c = client({ fetch: counting.fetch });
    await Promise.all([
      c.check("LICENSING", [org(blacklisted)], { matter: "道路货物运输经营许可", requestId: "A-1" }),
      c.check("LICENSING", [org(redListed)], { matter: "道路货物运输经营许可", requestId: "A-1" }),
      c.check("LICENSING", [org(redListed)], { matter: "道路货物运输经营许可", requestId: "滇审〔2026〕2号" }),
      c.check("LICENSING", [org(redListed)], { matter: "巡游出租汽车经营许可", requestId: "A-1" }),
      c.check("PROCUREMENT", [org(redListed)], { matter: "道路货物运输经营许可", requestId: "A-1" }),
    ]);
    expect(counting.requests).toHaveLength(4);
    expect(counting.requests.map((r) => r.requestId).sort()).toEqual(["A-1", "A-1", "A-1", "滇审〔2026〕2号"]);
    const first = counting.requests.find((r) => r.requestId === "A-1" && r.subjects.length === 2);
    expect(first?.matter).toBe("道路货物运输经营许可");
  });

  it("calls in later ticks go out as their own requests", async () => {
    const counting = countingFetch();
    const c = client({ fetch: counting.fetch });
    await c.check("LICENSING", [org(blacklisted)]);
    await c.check("LICENSING", [org(blacklisted)]);
    expect(counting.requests).toHaveLength(2);
  });

  it("a batch larger than maxBatch is split into several requests and reassembled in order", async () => {
    const counting = countingFetch();
    const refs = Array.from({ length: 10 }, (_, i) => org(i % 4 === 1 ? blacklisted : i % 4 === 2 ? redListed : uscc("530102")));
    const results = await client({ fetch: counting.fetch, maxBatch: 3 }).check("LICENSING", refs);
    expect(counting.requests.map((r) => r.subjects.length)).toEqual([3, 3, 3, 1]);
    expect(results.map((r) => r.ref.identifier)).toEqual(refs.map((r) => r.identifier));
    expect(results.map((r) => r.decision)).toEqual(refs.map((r) =>
      (r.identifier === blacklisted ? "REVIEW" : r.identifier === redListed ? "FAST_TRACK" : "PASS")));
  });

  it("a malformed ref is refused before sending and does not fail the calls it would have shared a request with", async () => {
    const counting = countingFetch();
    const c = client({ fetch: counting.fetch });
    const [bad, good] = await Promise.allSettled([
      c.check("LICENSING", [{ kind: "COMPANY", identifier: blacklisted } as unknown as SubjectRef]),
      c.check("LICENSING", [{ ...org(blacklisted), note: "an extra field" } as SubjectRef]),
    ]);
    expect(bad).toMatchObject({ status: "rejected", reason: { name: "CheckServiceError", code: "BAD_USER_INPUT" } });
    expect(good).toMatchObject({ status: "fulfilled", value: [{ decision: "REVIEW" }] });
    expect(counting.requests).toHaveLength(1);
  });
});

describe("retries on transient failures", () => {
  it("a network error is retried and the second attempt answers", async () => {
    const failing = failingFirst(1, async () => { throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }); });
    const [result] = await client({ fetch: failing.fetch }).check("LICENSING", [org(blacklisted)]);
    expect(failing.requests).toHaveLength(2);
    expect(result).toMatchObject({ decision: "REVIEW", found: true, reasons: [{ code: "LIST_ENTRY", listEntry: { reason: "ILLEGAL_OPERATION" } }] });
  });

  it("HTTP 503 is retried after its Retry-After, bounded by maxRetryAfterMs", async () => {
    const failing = failingFirst(1, async () => new Response("busy", { status: 503, headers: { "retry-after": "30" } }));
    const started = performance.now();
    const [result] = await client({ fetch: failing.fetch, maxRetryAfterMs: 300 }).check("LICENSING", [org(redListed)]);
    const waited = performance.now() - started;
    expect(failing.requests).toHaveLength(2);
    expect(result!.decision).toBe("FAST_TRACK");
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(10_000);
  });

  it.each([429, 502, 504])("HTTP %i is retried", async (status) => {
    const failing = failingFirst(2, async () => new Response("", { status }));
    const [result] = await client({ fetch: failing.fetch }).check("LICENSING", [org(redListed)]);
    expect(failing.requests).toHaveLength(3);
    expect(result!.decision).toBe("FAST_TRACK");
  });

  it("an attempt that does not answer within timeoutMs is aborted and retried", async () => {
    let calls = 0;
    const slowFirst = countingFetch((input, init) => (++calls === 1 ? hangingFetch(input, init) : fetch(input, init)));
    const [result] = await client({ fetch: slowFirst.fetch, timeoutMs: 100 }).check("LICENSING", [org(blacklisted)]);
    expect(slowFirst.requests).toHaveLength(2);
    expect(result!.decision).toBe("REVIEW");
  });

  it("Retry-After is read as seconds or as an HTTP date, and bounded", () => {
    expect(retryAfterMs(null, 5000)).toBeUndefined();
    expect(retryAfterMs("2", 5000)).toBe(2000);
    expect(retryAfterMs("120", 5000)).toBe(5000);
    expect(retryAfterMs(new Date(Date.now() - 60_000).toUTCString(), 5000)).toBe(0);
    expect(retryAfterMs("soon", 5000)).toBeUndefined();
  });
});

describe("fail-safe when the service cannot answer", () => {
  const expectReview = (results: CheckResult[], refs: SubjectRef[]) => {
    expect(results.map((r) => r.ref.identifier)).toEqual(refs.map((r) => r.identifier));
    for (const r of results) {
      expect(r).toMatchObject({ found: null, decision: "REVIEW", error: null, reasons: [{ code: "SERVICE_UNAVAILABLE", effect: "ATTENTION" }] });
    }
  };

  it("a service that never answers in time: every attempt times out, then every ref is REVIEW", async () => {
    const counting = countingFetch(hangingFetch);
    const refs = [org(unknown), org(redListed)];
    const results = await client({ fetch: counting.fetch, timeoutMs: 50, retries: 2 }).check("LICENSING", refs);
    expect(counting.requests).toHaveLength(3);
    expectReview(results, refs);
  });

  it("a fetch that ignores the abort signal is still cut off at timeoutMs", async () => {
    const deaf = countingFetch(() => new Promise<Response>(() => {}));
    const results = await client({ fetch: deaf.fetch, timeoutMs: 50, retries: 1 }).check("ENFORCEMENT", [org(unknown)]);
    expect(deaf.requests).toHaveLength(2);
    expectReview(results, [org(unknown)]);
  });

  it("review mode: a stopped service answers REVIEW with SERVICE_UNAVAILABLE for every ref, never PASS", async () => {
    const url = await closedPortUrl();
    const counting = countingFetch();
    const outages: CheckServiceError[] = [];
    const refs = [org(unknown), org(redListed), org(unknown), org(INVALID)];
    const results = await client({ url, fetch: counting.fetch, retries: 2, onUnavailable: (e) => outages.push(e) }).check("LICENSING", refs);
    expect(counting.requests).toHaveLength(3);
    expectReview(results, refs);
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ code: "SERVICE_UNAVAILABLE", attempts: 3 });
  });

  it("throw mode: a stopped service rejects with CheckServiceError SERVICE_UNAVAILABLE after the retries", async () => {
    const url = await closedPortUrl();
    const counting = countingFetch();
    const error = await client({ url, fetch: counting.fetch, failMode: "throw", retries: 1 }).check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toBeInstanceOf(CheckServiceError);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", attempts: 2 });
    expect(counting.requests).toHaveLength(2);
  });

  it("an internal server error is not retried and is answered as an outage", async () => {
    const counting = countingFetch(async () => Response.json({ data: null, errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
    const results = await client({ fetch: counting.fetch }).check("LICENSING", [org(unknown)]);
    expect(counting.requests).toHaveLength(1);
    expectReview(results, [org(unknown)]);
  });
});

describe("errors that are not outages always throw, in either fail mode", () => {
  it("an unknown API key is UNAUTHENTICATED and not retried", async () => {
    const counting = countingFetch();
    const error = await client({ apiKey: "cg_not-a-key", fetch: counting.fetch }).check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toBeInstanceOf(CheckServiceError);
    expect(error).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(counting.requests).toHaveLength(1);
  });

  it("a caller without a credential (PUBLIC) is FORBIDDEN", async () => {
    const counting = countingFetch();
    const error = await client({ apiKey: undefined, fetch: counting.fetch }).check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toMatchObject({ name: "CheckServiceError", code: "FORBIDDEN" });
    expect(counting.requests).toHaveLength(1);
  });

  it("a PROVIDER key is FORBIDDEN", async () => {
    const provider = await withKey(server.db, "PROVIDER", "云南诚信评估有限公司");
    const error = await client({ apiKey: provider.key }).check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN" });
  });

  it("more refs in one request than the server's limit is LIMIT_EXCEEDED, not split behind the caller's back", async () => {
    const counting = countingFetch();
    const refs = Array.from({ length: 1001 }, () => org(unknown));
    const error = await client({ maxBatch: 5000, fetch: counting.fetch }).check("LICENSING", refs).catch((e) => e);
    expect(error).toMatchObject({ name: "CheckServiceError", code: "LIMIT_EXCEEDED", serverCode: "LIMIT_EXCEEDED" });
    expect(counting.requests).toHaveLength(1);
  });

  it("the same 1001 refs under the default maxBatch are split and answered", async () => {
    const refs = Array.from({ length: 1001 }, (_, i) => org(i === 1000 ? blacklisted : unknown));
    const results = await client().check("LICENSING", refs);
    expect(results).toHaveLength(1001);
    expect(results[1000]!.decision).toBe("REVIEW");
  });

  it("a URL that is not the GraphQL endpoint is BAD_RESPONSE", async () => {
    const error = await client({ url: `${server.url}/healthz` }).check("LICENSING", [org(unknown)]).catch((e) => e);
    expect(error).toMatchObject({ name: "CheckServiceError", code: "BAD_RESPONSE" });
  });

  it("an unknown scenario is refused before sending", async () => {
    const error = await client().check("TAXI" as never, [org(unknown)]).catch((e) => e);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("a misconfigured client fails at creation", () => {
    expect(() => createCheckClient({ url: "localhost:4000" })).toThrow(TypeError);
    expect(() => createCheckClient({ url: `${server.url}/graphql`, apiKey: "cg_x", token: "ey" })).toThrow(TypeError);
    expect(() => createCheckClient({ url: `${server.url}/graphql`, maxBatch: 0 })).toThrow(TypeError);
    expect(() => createCheckClient({ url: `${server.url}/graphql`, apiKey: "cg_密钥" })).toThrow(TypeError);
  });
});
