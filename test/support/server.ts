// Starts the real service for a test file: PostgreSQL when DATABASE_URL is set (CI), embedded
// in-memory PGlite otherwise. Tests talk to it over HTTP, as callers do.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { logger } from "../../src/logger.js";
import { seedDemoRegister } from "../../src/seed/demo.js";
import { type RunningServer, startServer } from "../../src/server.js";

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  db: Database;
  /** SQL statements the service has sent so far. */
  statements(): number;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Empties the register (every test file starts from a register of its own fixtures). */
  reset(): Promise<void>;
}

export function useTestServer(opts: { demo?: boolean } = {}): TestServer {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(loadConfig({
      ...process.env,
      PORT: "0",
      DATA_DIR: "memory://",
      SEED_DEMO: "false",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    }));
    await harness.reset();
    if (opts.demo) await seedDemoRegister(server.handle, logger);
  });
  afterAll(async () => {
    await server?.close();
  });
  const harness: TestServer = {
    get url() { return server.url; },
    get db() { return server.handle.db; },
    statements: () => server.handle.statements.count,
    async gql(query, variables) {
      const res = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<any>;
    },
    async reset() {
      await server.handle.db.execute(
        sql`truncate table commitment, evaluation, list_entry, credit_record, measure, subject restart identity cascade`,
      );
    },
  };
  return harness;
}
