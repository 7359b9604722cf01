// Starts the real service for a test file: PostgreSQL when DATABASE_URL is set (CI), embedded
// in-memory PGlite otherwise. Tests talk to it over HTTP, as callers do.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database, DatabaseHandle } from "../../src/db/client.js";
import { logger } from "../../src/logger.js";
import { ensureDefaults } from "../../src/modules/catalogue/catalogue.store.js";
import { ensureRuleDefaults } from "../../src/modules/rules/rules.store.js";
import { seedDemoRegister } from "../../src/seed/demo.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { auditAppendStatements } from "../../src/shared/metrics.js";
import { createProtector, type Protector } from "../../src/shared/protect.js";

/** Fixed keys of the test service: tests make tokens and sealed fixtures with them. */
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString("base64");
export const TEST_JWT_SECRET = "creditgate-test-secret-of-at-least-32-chars";

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  /** Where /metrics answers: `url` unless the file's env sets METRICS_PORT. */
  metricsUrl: string;
  db: Database;
  handle: DatabaseHandle;
  protector: Protector;
  /** SQL statements the service has sent so far, and those of them that appended to the audit trail (as the audit store counts them). */
  statements(): { count: number; audit: number };
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /**
   * Empties the register, keys, grants and audit trail, and resets the measure catalogue and
   * supervision policy to their defaults (each test file starts from its own fixtures).
   */
  reset(): Promise<void>;
}

/** `env`: settings of this test file's service (e.g. tight limits), over the test defaults. */
export function useTestServer(opts: { demo?: boolean; env?: Record<string, string> } = {}): TestServer {
  let server: RunningServer;
  const protector = createProtector(Buffer.from(TEST_DATA_KEY, "base64"));
  beforeAll(async () => {
    const database = process.env.DATABASE_URL && new URL(process.env.DATABASE_URL).pathname.slice(1);
    if (database && !database.endsWith("test")) {
      throw new Error(`tests empty the database they run on: refusing "${database}" (use a database whose name ends in "test")`);
    }
    server = await startServer(loadConfig({
      ...process.env,
      PORT: "0",
      DATA_DIR: "memory://",
      DATA_KEY: TEST_DATA_KEY,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: "false",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      // Rate budgets in memory, one per test server: a shared Redis budget would carry over from
      // one test file (or run) to the next. The two-process test passes REDIS_URL itself.
      REDIS_URL: "",
      ...opts.env,
    }));
    await harness.reset();
    if (opts.demo) await seedDemoRegister(server.handle, protector, logger);
  });
  afterAll(async () => {
    await server?.close();
  });
  const harness: TestServer = {
    get url() { return server.url; },
    get metricsUrl() { return server.metricsUrl; },
    get db() { return server.handle.db; },
    get handle() { return server.handle; },
    protector,
    statements: () => ({ count: server.handle.statements.count, audit: auditAppendStatements() }),
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${server.url}/graphql`, {
        method: "POST",
        // English unless a test asks otherwise: the assertions on message texts were written in English.
        headers: { "content-type": "application/json", "accept-language": "en", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<any>;
    },
    async reset() {
      await server.handle.db.execute(sql`truncate table "grant", api_key, state_change, repair, objection, commitment,
        evaluation, list_entry, credit_record, measure, supervision_policy, publication_period, subject restart identity cascade`);
      await emptyAuditTrail(server.handle.db);
      await ensureDefaults(server.handle.db);
      await server.handle.db.execute(sql`truncate table list_rule, violation`);
      await ensureRuleDefaults(server.handle.db);
    },
  };
  return harness;
}

/**
 * Empties the audit trail as a new database has it: no events, no checkpoints, the head at the
 * genesis hash and numbering from 1 again (the sequence is owned by audit_event.seq).
 */
export async function emptyAuditTrail(db: Database): Promise<void> {
  await db.execute(sql`truncate table audit_event, audit_checkpoint restart identity`);
  await db.execute(sql`insert into audit_head (seq, hash) values (0, repeat('0', 64))
    on conflict (one) do update set seq = excluded.seq, hash = excluded.hash`);
}
