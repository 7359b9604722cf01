// POST /graphql takes a direct route (src/http/direct.ts) when its body is plain JSON of a known
// length, and express's router otherwise: a caller cannot tell which. The same requests sent
// both ways (a length given, or chunked; compressed) get the same status, headers and answer.
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { takesDirectly } from "../../src/http/direct.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ env: { RATE_LIMIT_PUBLIC: "100000" } });

interface Sent { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A raw POST: `chunked` leaves out Content-Length (express's path), `gzip` compresses the body. */
function post(body: string, opts: { chunked?: boolean; gzip?: boolean; type?: string } = {}): Promise<Sent> {
  const data = opts.gzip ? gzipSync(body) : Buffer.from(body);
  const url = new URL(`${server.url}/graphql`);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path: url.pathname, method: "POST",
      headers: {
        "content-type": opts.type ?? "application/json",
        ...(opts.gzip ? { "content-encoding": "gzip" } : {}),
        ...(opts.chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(data.length) }),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (opts.chunked) {
      // Two chunks, so the body really arrives in parts.
      req.write(data.subarray(0, 5));
      req.end(data.subarray(5));
    } else {
      req.end(data);
    }
  });
}

/** Headers that differ between any two answers (date, length of a differently worded body). */
const stable = (headers: Sent["headers"]) => {
  const { date: _d, "content-length": _l, connection: _c, "keep-alive": _k, ...rest } = headers;
  return rest;
};

const QUERY = JSON.stringify({ query: "{ me { role } }" });

describe("POST /graphql, direct or through express", () => {
  it.each([
    ["chunked", { chunked: true }],
    ["gzip-compressed", { gzip: true }],
    ["chunked and compressed", { chunked: true, gzip: true }],
    ["in UTF-8 said so", { type: "application/json; charset=utf-8" }],
  ])("a query sent %s is answered exactly as one of a known length", async (_how, opts) => {
    const direct = await post(QUERY);
    const other = await post(QUERY, opts);
    expect(direct.status).toBe(200);
    expect(JSON.parse(direct.body)).toEqual({ data: { me: { role: "PUBLIC" } } });
    expect(other.status).toBe(direct.status);
    expect(other.body).toBe(direct.body);
    expect(stable(other.headers)).toEqual(stable(direct.headers));
    // The security headers of every answer.
    expect(direct.headers["x-content-type-options"]).toBe("nosniff");
    expect(direct.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it.each([
    ["not JSON", "{ not json"],
    ["a JSON string, not an object", JSON.stringify("{ me { role } }")],
    ["a number", "42"],
  ])("a body that is %s is the same 400 BAD_REQUEST both ways", async (_what, body) => {
    const direct = await post(body);
    const chunked = await post(body, { chunked: true });
    expect(direct.status).toBe(400);
    expect(JSON.parse(direct.body).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(chunked.status).toBe(direct.status);
    expect(chunked.body).toBe(direct.body);
  });

  it("an empty body is refused alike both ways", async () => {
    const direct = await post("");
    const chunked = await post("", { chunked: true });
    expect(direct.status).toBe(400);
    expect(chunked.status).toBe(direct.status);
    expect(chunked.body).toBe(direct.body);
  });

  it("a language is taken from Accept-Language on the direct route too", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en" },
      body: JSON.stringify({ query: "{ subject(ref: { kind: ORGANIZATION, identifier: \"not-a-code\" }) { name } }" }),
    });
    const json = await res.json() as { errors: { message: string; extensions: { code: string } }[] };
    expect(json.errors[0]!.extensions.code).toBe("INVALID_IDENTIFIER");
    expect(json.errors[0]!.message).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe("which requests go direct", () => {
  const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as never;
  const json = { "content-type": "application/json", "content-length": "20" };
  it.each([
    ["POST /graphql, JSON of a known length", req("POST", "/graphql", json), true],
    ["with a query string", req("POST", "/graphql?x=1", json), true],
    ["JSON in UTF-8, said so", req("POST", "/graphql", { ...json, "content-type": "application/json; charset=UTF-8" }), true],
    ["at the limit", req("POST", "/graphql", { ...json, "content-length": "100" }), true],
    ["over the limit", req("POST", "/graphql", { ...json, "content-length": "101" }), false],
    ["chunked", req("POST", "/graphql", { "content-type": "application/json", "transfer-encoding": "chunked" }), false],
    ["compressed", req("POST", "/graphql", { ...json, "content-encoding": "gzip" }), false],
    ["another charset", req("POST", "/graphql", { ...json, "content-type": "application/json; charset=latin1" }), false],
    ["not JSON", req("POST", "/graphql", { ...json, "content-type": "text/plain" }), false],
    ["a GET", req("GET", "/graphql", json), false],
    ["another path", req("POST", "/graphql/", json), false],
  ])("%s", (_what, request, direct) => {
    expect(takesDirectly(request, "/graphql", 100)).toBe(direct);
  });
});
