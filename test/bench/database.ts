// The benchmark's PostgreSQL: a loopback database of its own, created and migrated when needed,
// and the synthetic register seeded into it (or reused when it is already there).
import postgres from "postgres";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../../src/db/client.js";
import { loadRegister, resetRegister } from "../../src/seed/load.js";
import type { Protector } from "../../src/shared/protect.js";
import { fmt, progress, step } from "./progress.js";

export interface BenchDatabase {
  url: string;
  name: string;
  adminUrl: string;
}

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/;

export function checkDatabaseUrl(raw: string): BenchDatabase {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`--database-url ${raw} is not a URL; the benchmark needs PostgreSQL (postgres://…)`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(
      `the benchmark runs on PostgreSQL only, not ${parsed.protocol.replace(/:$/, "")}: embedded PGlite is single-connection and ` +
        "in-process, so its figures say nothing about a deployment. Give --database-url postgres://…",
    );
  }
  if (parsed.hostname && !LOOPBACK_HOST.test(parsed.hostname)) {
    throw new Error(`--database-url must be on this machine (a loopback address), not ${parsed.hostname}: the benchmark loads it hard`);
  }
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!name) throw new Error(`--database-url ${raw} names no database`);
  const admin = new URL(parsed.href);
  admin.pathname = "/postgres";
  return { url: parsed.href, name, adminUrl: admin.href };
}

async function ensureDatabase(adminUrl: string, name: string, opts: { recreate?: boolean } = {}): Promise<boolean> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const quoted = `"${name.replace(/"/g, '""')}"`;
  try {
    if (opts.recreate) await admin.unsafe(`drop database if exists ${quoted} with (force)`);
    const [row] = await admin<{ exists: boolean }[]>`select exists(select 1 from pg_database where datname = ${name}) as exists`;
    if (row!.exists) return false;
    await admin.unsafe(`create database ${quoted}`);
    return true;
  } finally {
    await admin.end({ timeout: 2 });
  }
}

/**
 * Opens and migrates the bench database. A database of the benchmark's own (its name says
 * "bench") whose migrations no longer match the working tree's is dropped and made anew.
 */
export async function openBenchDatabase(db: BenchDatabase): Promise<DatabaseHandle> {
  const created = await ensureDatabase(db.adminUrl, db.name);
  let handle = await openDatabase({ url: db.url, dataDir: ".data/unused", poolSize: 5 });
  try {
    await step(`database ${db.name}${created ? " (created)" : ""}`, () => migrateDatabase(handle), () => "migrated");
    return handle;
  } catch (error) {
    await handle.close();
    if (process.stdout.isTTY) process.stdout.write("\n");
    if (!/bench/i.test(db.name)) {
      throw new Error(`the migrations do not apply to database ${db.name}: ${(error as Error).message.split("\n")[0]}`);
    }
    console.log(`the migrations do not apply to ${db.name} (migrated by another version of the code): dropping and creating it anew`);
    await ensureDatabase(db.adminUrl, db.name, { recreate: true });
    handle = await openDatabase({ url: db.url, dataDir: ".data/unused", poolSize: 5 });
    await step(`database ${db.name} (created)`, () => migrateDatabase(handle), () => "migrated");
    return handle;
  }
}

export interface RegisterOptions {
  subjects: number;
  reuse: boolean;
  allowReset: boolean;
  seed: number;
  today: string;
  protector: Protector;
}

/**
 * The register of `subjects` subjects: reused when asked and it has exactly that many, else
 * emptied and seeded anew. Returns what goes into the report's `seed`.
 */
export async function prepareRegister(
  handle: DatabaseHandle, sql: postgres.Sql, db: BenchDatabase, opts: RegisterOptions,
): Promise<Record<string, unknown>> {
  const [{ n: present }] = (await sql<{ n: number }[]>`select count(*)::int as n from subject`) as unknown as [{ n: number }];
  if (opts.reuse && present === opts.subjects) {
    console.log(`seed: reusing the register of ${fmt(present)} subjects`);
    return { reused: true, subjects: present };
  }
  if (present > 0 && !/bench/i.test(db.name) && !opts.allowReset) {
    throw new Error(
      `database ${db.name} has a register of ${fmt(present)} subjects; the benchmark would empty it. ` +
        "Use a database of its own (--database-url …/creditgate_bench), or --allow-reset.",
    );
  }
  await resetRegister(handle);
  const started = performance.now();
  const rate = (done: number) => done / Math.max((performance.now() - started) / 1000, 1e-3);
  const bar = progress("seed", opts.subjects, "subjects");
  const counts = await loadRegister(handle, {
    subjects: opts.subjects, seed: opts.seed, today: opts.today, protector: opts.protector, connections: 4,
    onProgress: (done) => bar.update(done, `${fmt(rate(done))} subjects/s`),
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  bar.stop(`${fmt(counts.subject)} subjects, ${fmt(rows)} rows in ${seconds.toFixed(1)} s: ${fmt(counts.subject / seconds)} subjects/s, ${fmt(rows / seconds)} rows/s`);
  return { reused: false, counts, seconds, subjectsPerS: counts.subject / seconds, rowsPerS: rows / seconds };
}
