// The one database client: PostgreSQL when DATABASE_URL is set, embedded PGlite in DATA_DIR
// otherwise. Everything else is written once against the drizzle `Database` this returns.
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fillPlaceholders, type Logger, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { Counter } from "prom-client";
import * as schema from "./schema.js";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  /** SQL statements sent through this handle (/metrics has the process's total); tests read deltas of it. */
  statements: StatementCount;
  /**
   * A hot-path statement rendered to SQL text once, with `sql.placeholder`s filled per call, and
   * run prepared (drizzle's own queries are not): neither query building nor PostgreSQL's
   * planning is paid per request. Rows come back as the SQL names them.
   */
  prepare<T>(query: SQL): (values: Record<string, unknown>) => Promise<T[]>;
  /** Bulk load tab-separated rows (COPY text format) into a table: the seeder's fast path. */
  copyRows(table: string, columns: string[], tsv: string): Promise<void>;
  close(): Promise<void>;
}

export type Prepare = DatabaseHandle["prepare"];
const dialect = new PgDialect();

const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

export interface StatementCount {
  count: number;
}

const statementsTotal = new Counter({ name: "creditgate_sql_statements_total", help: "SQL statements sent to the database" });

class CountingLogger implements Logger {
  constructor(private readonly counter: StatementCount) {}
  logQuery(_query: string): void {
    this.counter.count++;
    statementsTotal.inc();
  }
}

/** Errors that mean "the database cannot answer now" rather than "this request is wrong". */
const UNAVAILABLE = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
  "57P01", "57P02", "57P03", // admin / crash shutdown, cannot connect now
  "57014", // statement timeout: a query that took too long
  "53300", // too many connections
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && UNAVAILABLE.has(e.code)) return true;
  }
  return false;
}

/** How the service's connections name themselves to PostgreSQL (pg_stat_activity). */
export const APPLICATION_NAME = "creditgate";

export interface DatabaseOptions {
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** Seconds to wait for a connection before a request fails with SERVICE_UNAVAILABLE. */
  connectTimeoutSeconds?: number;
  /** Server-side bound on one statement. */
  statementTimeoutMs?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  const statements: StatementCount = { count: 0 };
  const logger = new CountingLogger(statements);
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const sql = postgres(opts.url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: opts.connectTimeoutSeconds ?? 5,
      connection: { application_name: APPLICATION_NAME, ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}) },
    });
    return {
      db: drizzle(sql, { schema, logger }) as unknown as Database,
      driver: "postgres",
      statements,
      prepare<T>(query: SQL) {
        const { sql: text, params } = dialect.sqlToQuery(query);
        return async (values: Record<string, unknown>) => {
          logger.logQuery(text);
          return (await sql.unsafe(text, fillPlaceholders(params, values) as never[], { prepare: true })) as unknown as T[];
        };
      },
      async copyRows(table, columns, tsv) {
        // A COPY needs a connection of its own: postgres.js would pipeline it behind other queries.
        const connection = await sql.reserve();
        try {
          const stream = await connection.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`).writable();
          await new Promise<void>((resolve, reject) => {
            stream.on("error", reject);
            stream.on("finish", resolve);
            stream.end(tsv);
          });
        } finally {
          connection.release();
        }
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  let unlock = async () => {};
  if (!opts.dataDir.startsWith("memory://")) {
    mkdirSync(opts.dataDir, { recursive: true });
    // Only one process may open the directory: a second one fails here, naming the holder.
    const { lockDataDir } = await import("./lock.js");
    unlock = await lockDataDir(opts.dataDir);
  }
  const client = await PGlite.create(opts.dataDir, { extensions: { pg_trgm } }).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  return {
    db: drizzle(client, { schema, logger }) as unknown as Database,
    driver: "pglite",
    statements,
    prepare<T>(query: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return async (values: Record<string, unknown>) => {
        logger.logQuery(text);
        return (await client.query<T>(text, fillPlaceholders(params, values))).rows;
      };
    },
    async copyRows(table, columns, tsv) {
      await client.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, [], { blob: new Blob([tsv]) });
    },
    async close() {
      await client.close();
      await unlock();
    },
  };
}

/** Applies the generated migrations in drizzle/; safe to run on every start. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder });
  }
}

/** The rows of `db.execute`: postgres.js returns them as the result, PGlite under `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Ready = the database answers and every migration in drizzle/ has been applied. */
export async function isReady(handle: DatabaseHandle): Promise<boolean> {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as { entries: unknown[] };
  try {
    const result = await handle.db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
    const rows = rowsOf<{ applied: number }>(result);
    return rows[0]!.applied >= journal.entries.length;
  } catch {
    return false;
  }
}

/**
 * Connections of this service's pools as PostgreSQL sees them (all processes), for /metrics.
 * PGlite has no pool: null.
 */
export async function poolConnections(handle: DatabaseHandle): Promise<{ open: number; active: number } | null> {
  if (handle.driver !== "postgres") return null;
  const result = await handle.db.execute(sql`select count(*)::int as open, (count(*) filter (where state = 'active'))::int as active
    from pg_stat_activity where application_name = ${APPLICATION_NAME} and datname = current_database() and pid <> pg_backend_pid()`);
  const [row] = rowsOf<{ open: number; active: number }>(result);
  return row ?? null;
}
