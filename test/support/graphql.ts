// Assertions on GraphQL answers shared by the integration tests.
import { expect } from "vitest";
import type { Headers } from "./auth.js";
import type { TestServer } from "./server.js";

/** The answer's data, asserting there was no error. */
export async function ok<T = any>(server: TestServer, query: string, variables: Record<string, unknown>, headers: Headers = {}): Promise<T> {
  const { data, errors } = await server.gql<T>(query, variables, headers);
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data as T;
}

/** The first error's extensions and message, asserting there was one. */
export async function refused(server: TestServer, query: string, variables: Record<string, unknown>, headers: Headers = {}): Promise<Record<string, any>> {
  const { data, errors } = await server.gql(query, variables, headers);
  expect(errors?.length, `expected an error, got ${JSON.stringify(data)}`).toBeGreaterThan(0);
  return { ...errors![0]!.extensions, message: errors![0]!.message };
}
