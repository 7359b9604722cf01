// Databases of their own for service processes of one test (two platforms exchanging, two API
// processes of one platform): on PostgreSQL a database made afresh beside the test's own, on the
// embedded database a fresh data directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { TEST_DATA_KEY, TEST_JWT_SECRET } from "./server.js";

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** The settings every process of these tests shares. */
export const processEnv = {
  DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: "false", LOG_LEVEL: "warn", REDIS_URL: "", NODE_ENV: "test",
  EXCHANGE_SCHEDULE: "off",
};

export interface PeerDatabase {
  /** DATABASE_URL or DATA_DIR for the process. */
  env: Record<string, string>;
  /** SQL on it (PostgreSQL only: an embedded database is held by its process). */
  sql: postgres.Sql | null;
  drop(): Promise<void>;
}

export async function peerDatabase(suffix: string): Promise<PeerDatabase> {
  if (!onPostgres) {
    const dir = mkdtempSync(join(tmpdir(), `creditgate-${suffix}-`));
    return { env: { DATABASE_URL: "", DATA_DIR: join(dir, "pglite") }, sql: null, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1)}_${suffix}`;
  const admin = postgres({ ...connection(base), database: "postgres", onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    env: { DATABASE_URL: url.toString() }, sql,
    async drop() {
      await sql.end();
      const again = postgres({ ...connection(base), database: "postgres", onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

const connection = (url: URL) => ({ host: url.hostname, port: Number(url.port || 5432), username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) || undefined });

/** POSTs a GraphQL document to a process and returns its data, failing on any error. */
export async function gqlOn(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Waits until `probe` returns a value (not undefined), polling; fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
