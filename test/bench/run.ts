// `npm run bench -- [--subjects N] [--duration S] [--connections C] [--database-url URL] [--reuse]`
// `npm run bench -- --overload [--subjects N] [--duration S] [--overload-factor X] [--rate-limit N|capacity]`
// `npm run bench -- --search [--subjects N] --reuse`: searchSubjects latency by kind of term (search.ts)
//
// Seeds a synthetic register into PostgreSQL, starts the service and a bare node:http baseline
// doing the same SQL (each a child process), and measures with autocannon, in interleaved
// rounds: a one-subject check, a 100-subject and a 1,000-subject check. Prints requests/s,
// latency, subjects/s, SQL statements per request, CPU and RSS of each server, the ratio to the
// baseline, and the performance budget (README, "The benchmark"); writes the figures to .data/bench/<time>.json.
//
// With --overload (reusing a register of --subjects subjects when there is one), measures the
// one-subject check's capacity instead and offers twice that rate to the service with its rate
// limiter on, then with the limit raised: rates, 429s, p99 per 10-s slice, RSS over time, and
// whether the service still answers (overload.ts); figures to .data/bench/overload-<time>.json.
//
// This file sets up what both share (database, register, API key, refs) and cleans up;
// compare.ts and overload.ts are the two modes, report.ts and overload-report.ts print them.
import { cpus, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import postgres from "postgres";
import { createApiKey, revokeApiKey } from "../../src/auth/keys.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { DEMO_SEED } from "../../src/seed/synthetic.js";
import { chinaDate } from "../../src/shared/clock.js";
import { createProtector } from "../../src/shared/protect.js";
import { compare } from "./compare.js";
import type { BenchContext } from "./context.js";
import { checkDatabaseUrl, openBenchDatabase, prepareRegister } from "./database.js";
import { backends } from "./measure.js";
import { BENCH_DATA_KEY, parseOptions } from "./options.js";
import { overload } from "./overload.js";
import { searchBench } from "./search.js";
import { fmt, step } from "./progress.js";
import { sampleRefs } from "./refs.js";
import { stopChildren } from "./targets.js";
import { killAllProcesses } from "../support/processes.js";

const REF_POOL = 5_000;
const MISS_SHARE = 0.1;

const opts = parseOptions();

async function main(): Promise<number> {
  const wallStart = performance.now();
  const startedAt = new Date();
  const db = checkDatabaseUrl(opts.databaseUrl);
  const dataKey = opts.dataKey;
  const protector = createProtector(Buffer.from(dataKey, "base64"));
  const today = chinaDate();
  const seed = DEMO_SEED;

  const handle: DatabaseHandle = await openBenchDatabase(db);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  backends.sql = sql;
  backends.database = db.name;
  const keyIds: string[] = [];
  const report: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    options: { ...opts, databaseUrl: db.url.replace(/\/\/[^@/]*@/, "//…@"), dataKey: opts.dataKey === BENCH_DATA_KEY ? "(the bench's own)" : "(given)" },
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30 },
  };
  try {
    const [{ version }] = (await sql<{ version: string }[]>`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    (report.machine as Record<string, unknown>).postgres = version;

    // Seed ---------------------------------------------------------------------------------
    report.seed = await prepareRegister(handle, sql, db, {
      subjects: opts.subjects, reuse: opts.reuse || opts.overload, allowReset: opts.allowReset, seed, today, protector,
    });
    await step("ANALYZE", () => sql`analyze`.then(() => undefined));

    // Key, refs ----------------------------------------------------------------------------
    const createKey = async (purpose: string): Promise<string> => {
      const { key, row } = await createApiKey(handle.db, "SYSTEM", `bench ${purpose} ${startedAt.toISOString()}`);
      keyIds.push(row.id);
      return key;
    };
    const { key, row } = await createApiKey(handle.db, "SYSTEM", `bench ${startedAt.toISOString()}`);
    keyIds.push(row.id);
    console.log(`API key: SYSTEM, ${row.prefix}… (revoked at the end)`);
    const pool = await step("sample refs", () => sampleRefs(sql, protector, {
      size: REF_POOL, missShare: MISS_SHARE, registerSize: opts.subjects, seed, today,
    }), (p) => `${fmt(p.found)} in the register, ${fmt(p.missing)} not`);
    report.refs = { found: pool.found, missing: pool.missing };

    const out = resolve(".data/bench", `${opts.overload ? "overload-" : ""}${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
    const ctx: BenchContext = {
      opts,
      database: { url: db.url, dataKey },
      env: { DATABASE_URL: db.url, DATA_KEY: dataKey },
      key,
      createKey,
      pool,
      startedAt,
      report,
      save() {
        report.wallSeconds = (performance.now() - wallStart) / 1000;
        mkdirSync(resolve(".data/bench"), { recursive: true });
        writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
        return out;
      },
    };
    const status = opts.search ? await searchBench(ctx, sql) : opts.overload ? await overload(ctx) : await compare(ctx);
    ctx.save();
    console.log(`\nwall time ${(report.wallSeconds as number).toFixed(0)} s; figures written to ${out}`);
    return status;
  } finally {
    await stopChildren();
    for (const id of keyIds) await revokeApiKey(handle.db, id).catch(() => {});
    await handle.close();
    await sql.end({ timeout: 2 });
  }
}

process.on("exit", killAllProcesses);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void stopChildren().finally(() => process.exit(130));
  });
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
// Anything left holding the event loop (a socket in autocannon, a pool) must not keep the command up.
setTimeout(() => process.exit(), 3_000).unref();
