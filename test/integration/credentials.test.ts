import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { revokeApiKey } from "../../src/auth/keys.js";
import { asAdmin, asOfficer, bearer, tokenFor, withKey } from "../support/auth.js";
import { TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const server = useTestServer();
const ME = "{ me { role name region } }";

const expectUnauthenticated = async (headers: Record<string, string>, why: RegExp) => {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify({ query: ME }),
  });
  const body: any = await res.json();
  expect(res.status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  expect(body.errors[0].message).toMatch(why);
};

describe("who is calling", () => {
  it("an anonymous caller is PUBLIC", async () => {
    expect((await server.gql(ME)).data!.me).toEqual({ role: "PUBLIC", name: null, region: null });
  });

  it("an API key is the SYSTEM or PROVIDER it was made for", async () => {
    const system = await withKey(server.db, "SYSTEM", "昆明市行政审批系统");
    expect((await server.gql(ME, {}, system.headers)).data!.me).toEqual({ role: "SYSTEM", name: "昆明市行政审批系统", region: null });
    const provider = await withKey(server.db, "PROVIDER", "云南信用服务有限公司");
    expect((await server.gql(ME, {}, provider.headers)).data!.me.role).toBe("PROVIDER");
  });

  it("a token is the OFFICER or ADMIN it names, with the officer's region", async () => {
    expect((await server.gql(ME, {}, await asOfficer("530100", "zhang.wei"))).data!.me).toEqual({ role: "OFFICER", name: "zhang.wei", region: "530100" });
    expect((await server.gql(ME, {}, await asAdmin())).data!.me.role).toBe("ADMIN");
  });
});

describe("a bad credential is UNAUTHENTICATED, never PUBLIC", () => {
  const secret = new TextEncoder().encode(TEST_JWT_SECRET);
  it.each([
    ["a header that is not Bearer", async () => ({ authorization: "Basic dXNlcjpwYXNz" }), /Bearer/],
    ["a malformed credential", async () => bearer("not-a-key"), /neither/],
    ["an unknown API key", async () => bearer(`cg_${"A".repeat(43)}`), /unknown or revoked/],
    ["an expired token", async () => bearer(await tokenFor({ role: "ADMIN" }, Math.floor(Date.now() / 1000) - 60)), /expired/],
    ["a token signed with another secret", async () => bearer(await new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "HS256" })
      .setSubject("x").setExpirationTime("1h").sign(new TextEncoder().encode("another-secret-another-secret-another"))), /signature/],
    ["a token with a role it may not have", async () => bearer(await tokenFor({ role: "SYSTEM" })), /role/],
    ["an officer's token without a region", async () => bearer(await tokenFor({ role: "OFFICER" })), /region/],
    ["a token without an expiry", async () => bearer(await new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "HS256" }).setSubject("x").sign(secret)), /exp/],
    ["an unsigned token", async () => bearer(`${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","role":"ADMIN"}').toString("base64url")}.`), /algorithm|malformed/],
    ["a garbled token", async () => bearer("aaa.bbb.ccc"), /malformed/],
  ])("%s", async (_case, headers, why) => {
    await expectUnauthenticated(await headers(), why);
  });

  it("a revoked key is refused from the next request on", async () => {
    const key = await withKey(server.db, "SYSTEM", "to-be-revoked");
    expect((await server.gql(ME, {}, key.headers)).data!.me.role).toBe("SYSTEM");
    expect(await revokeApiKey(server.db, key.id)).toHaveLength(1);
    await expectUnauthenticated(key.headers, /unknown or revoked/);
  });
});
