// In production the schema is not handed to anonymous callers and providers, and mistyped
// fields get no suggestions; systems, officers and the credit office keep introspection.
import { describe, expect, it } from "vitest";
import { asAdmin, withKey } from "../support/auth.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ env: { NODE_ENV: "production" } });
const INTROSPECT = "{ __schema { queryType { name } } }";

describe("production", () => {
  it("refuses introspection to PUBLIC and PROVIDER callers", async () => {
    for (const headers of [{}, (await withKey(server.db, "PROVIDER")).headers]) {
      const { data, errors } = await server.gql(INTROSPECT, {}, headers);
      expect(data ?? null).toBeNull();
      expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("allows it to SYSTEM callers and the credit office", async () => {
    for (const headers of [(await withKey(server.db, "SYSTEM")).headers, await asAdmin()]) {
      const { data, errors } = await server.gql(INTROSPECT, {}, headers);
      expect(errors).toBeUndefined();
      expect(data!.__schema.queryType.name).toBe("Query");
    }
  });

  it("does not suggest field names", async () => {
    const { errors } = await server.gql("{ subjekt(ref: { kind: ORGANIZATION, identifier: \"x\" }) { name } }");
    expect(errors![0]!.message).not.toMatch(/Did you mean/);
  });
});
