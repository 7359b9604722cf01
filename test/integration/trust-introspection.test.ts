// Production mode as a deployment runs it (NODE_ENV=production in the process, which Apollo reads
// itself): introspection follows the documented policy in every form a document can take, no error
// message suggests a name, and the GraphQL-over-HTTP audits pass for a system caller.
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, asOfficer, type Headers as CallerHeaders, withKey } from "../support/auth.js";
import { useTestServer } from "../support/server.js";

// Before the service starts (useTestServer starts it in beforeAll): the process is in production.
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = "production";
afterAll(() => { process.env.NODE_ENV = nodeEnv; });

const server = useTestServer({ env: { NODE_ENV: "production" } });

/** Every way a document can reach the schema: plain, aliased, through fragments, nested `__type`. */
const INTROSPECTIONS = {
  plain: "{ __schema { types { name } } }",
  aliased: "{ x: __schema { queryType { name } } }",
  fragment: "{ ...F } fragment F on Query { __schema { types { name } } }",
  inlineFragment: "{ ... on Query { __schema { queryType { name } } } }",
  nestedFragments: "{ ...A } fragment A on Query { ...B } fragment B on Query { t: __type(name: \"Query\") { name } }",
  typeAliased: "{ me { role } q: __type(name: \"Subject\") { fields { name } } }",
  typeInFragment: "query { ... on Query { ...T } } fragment T on Query { __type(name: \"ListEntry\") { name } }",
};

let callers: Record<"PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN", CallerHeaders>;
beforeAll(async () => {
  callers = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM")).headers,
    OFFICER: await asOfficer("530100"),
    ADMIN: await asAdmin(),
  };
});

async function post(query: string, headers: CallerHeaders) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

describe("introspection in production", () => {
  it.each(Object.entries(INTROSPECTIONS))("is refused to PUBLIC and PROVIDER callers however it is written (%s)", async (_form, query) => {
    for (const role of ["PUBLIC", "PROVIDER"] as const) {
      const { status, body } = await post(query, callers[role]);
      expect(body.data ?? null, role).toBeNull();
      expect(body.errors?.[0]?.extensions?.code, role).toBe("FORBIDDEN");
      expect(status, role).toBe(403);
    }
  });

  it.each(Object.entries(INTROSPECTIONS))("is answered for SYSTEM, OFFICER and ADMIN callers (%s)", async (_form, query) => {
    for (const role of ["SYSTEM", "OFFICER", "ADMIN"] as const) {
      const { status, body } = await post(query, callers[role]);
      expect(body.errors, `${role}: ${JSON.stringify(body.errors)}`).toBeUndefined();
      expect(status, role).toBe(200);
      expect(JSON.stringify(body.data)).toMatch(/"name":"(Query|ListEntry|Subject|__Schema|ID|String)"|"name":"[A-Za-z]/);
    }
  });

  it("leaves __typename to every caller", async () => {
    for (const role of ["PUBLIC", "PROVIDER", "SYSTEM"] as const) {
      const { body } = await post("{ __typename me { __typename role } ...F } fragment F on Query { t: __typename }", callers[role]);
      expect(body.errors, role).toBeUndefined();
      expect(body.data).toMatchObject({ __typename: "Query", t: "Query", me: { __typename: "Principal" } });
    }
  });
});

describe("suggestions in production", () => {
  const MISTAKES = {
    field: "{ subjekt(ref: { kind: ORGANIZATION, identifier: \"x\" }) { name } }",
    subfield: "{ me { rol } }",
    argument: "{ listEntries(lists: BLACK) { nodes { id } } }",
    enumValue: "{ listEntries(list: BLAK) { nodes { id } } }",
    inputField: "{ subject(ref: { knd: ORGANIZATION, identifier: \"x\" }) { name } }",
    type: "query ($r: SubjectRefs!) { subject(ref: $r) { name } }",
    fragmentType: "{ me { ... on Principl { role } } }",
    inlineFragmentOnInterface: "{ me { ... on Subjec { name } } }",
  };

  it.each(Object.entries(MISTAKES))("no error message suggests a name (%s)", async (_kind, query) => {
    for (const role of ["PUBLIC", "ADMIN"] as const) {
      const { body } = await post(query, callers[role]);
      expect(body.errors?.length, role).toBeGreaterThan(0);
      for (const error of body.errors!) expect(error.message, role).not.toMatch(/did you mean/i);
    }
  });

  it("no suggestion for a misspelled enum value or input field in variables", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["query ($l: ListType) { listEntries(list: $l) { nodes { id } } }", { l: "BLAK" }],
      ["query ($r: SubjectRef!) { subject(ref: $r) { name } }", { r: { knd: "ORGANIZATION", kind: "ORGANIZATION", identifier: "x" } }],
      ["query ($r: SubjectRef!) { subject(ref: $r) { name } }", { r: { kind: "ORGANISATION", identifier: "x" } }],
    ];
    for (const [query, variables] of cases) {
      const { errors } = await server.gql(query, variables);
      expect(errors?.length).toBeGreaterThan(0);
      for (const error of errors!) {
        expect(error.message).not.toMatch(/did you mean/i);
        expect(error.extensions!.code).toBe("BAD_USER_INPUT");
      }
    }
  });
});

describe("GraphQL over HTTP conformance in production (graphql-http audits)", () => {
  it("passes every MUST audit for a SYSTEM caller", async () => {
    const system = callers.SYSTEM;
    const fetchFn = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers).entries()), ...system } });
    const results = await Promise.all(serverAudits({ url: `${server.url}/graphql`, fetchFn }).map((audit) => audit.fn()));
    const reason = (r: (typeof results)[number]) => ("reason" in r ? r.reason : "");
    const count = (status: string) => results.filter((r) => r.status === status).length;
    console.log(`graphql-http audits in production (SYSTEM key): ${JSON.stringify({ ok: count("ok"), notice: count("notice"), warn: count("warn"), error: count("error") })}`);
    for (const r of results.filter((x) => x.status !== "ok")) console.log(`  ${r.status}: ${r.name}: ${reason(r)}`);
    expect(results.filter((r) => r.status === "error").map((r) => `${r.name}: ${reason(r)}`)).toEqual([]);
  });
});
