// `npm run bench -- [--subjects N] [--duration S] [--connections C] [--database-url URL] [--reuse]`
//
// Seeds a synthetic register into PostgreSQL, starts the service and a bare node:http baseline
// doing the same SQL (each a child process), and measures with autocannon, in interleaved
// rounds: a one-subject check, a 100-subject and a 1,000-subject check. Prints requests/s,
// latency, subjects/s, SQL statements per request, CPU and RSS of each server, the ratio to the
// baseline, and DESIGN.md's performance budget; writes the figures to .data/bench/<time>.json.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import postgres from "postgres";
import { createApiKey, revokeApiKey } from "../auth/keys.js";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../db/client.js";
import { loadRegister, resetRegister } from "../seed/load.js";
import { DEMO_SEED } from "../seed/synthetic.js";
import { chinaDate } from "../shared/clock.js";
import { createProtector } from "../shared/protect.js";
import { type Child, freePort, killAllChildren, machineCpu, startChild, usageOf } from "./children.js";
import { type LoadResult, measure } from "./load.js";
import { type ProfileSummary, summariseProfile } from "./profile.js";
import { fmt, progress, step } from "./progress.js";
import { pick, type Ref, sampleRefs } from "./refs.js";
import type { Operation } from "./statements.js";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/creditgate_bench";
/** Bench data is synthetic; a fixed key lets `--reuse` open what an earlier run sealed. */
const BENCH_DATA_KEY = createHash("sha256").update("creditgate benchmark data key: synthetic data only").digest("base64");
const POOL_SIZE = 10;
const REF_POOL = 5_000;
const MISS_SHARE = 0.1;

const wholeNumber = (min: number) => (raw: string): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
  return n;
};

interface Options {
  subjects: number;
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  batchConnections: number;
  databaseUrl: string;
  reuse: boolean;
  allowReset: boolean;
  operation: Operation;
  enforcement: boolean;
  baselinePrepare: boolean;
  profile?: CaseId;
}

type CaseId = "one" | "one-enforcement" | "batch100" | "batch1000" | "batch1000-alone";

const program = new Command()
  .name("bench")
  .description("Benchmark the service's check against a bare node:http + postgres.js baseline on a seeded PostgreSQL register.")
  .option("--subjects <n>", "subjects in the register", wholeNumber(1), 100_000)
  .option("--duration <s>", "seconds per measurement", wholeNumber(1), 10)
  .option("--warmup <s>", "unmeasured seconds per server and case before the rounds", wholeNumber(0), 2)
  .option("--rounds <n>", "interleaved rounds per server and case (means are reported)", wholeNumber(1), 3)
  .option("--connections <c>", "connections for one-subject checks", wholeNumber(1), 20)
  .option("--batch-connections <c>", "connections for 100- and 1,000-subject checks", wholeNumber(1), 4)
  .option("--database-url <url>", "PostgreSQL (loopback only; created if missing)", process.env.DATABASE_URL || DEFAULT_URL)
  .option("--reuse", "skip seeding when the register already has exactly --subjects subjects", false)
  .option("--allow-reset", "empty a non-empty register even when the database's name does not contain \"bench\"", false)
  .option("--no-enforcement", "skip the ENFORCEMENT run of the one-subject check")
  .option("--no-baseline-prepare", "baseline without named prepared statements (as drizzle sends them)")
  .addOption(new Option("--profile <case>", "afterwards, profile the service (node --cpu-prof) during one more run of this case")
    .choices(["one", "one-enforcement", "batch100", "batch1000", "batch1000-alone"]))
  .addOption(new Option("--operation <op>", "what to measure: check, or the subject(ref) lookup").choices(["check", "lookup"]).default("check"))
  .parse();

const opts = program.opts<Options>();

// ---------------------------------------------------------------------------------------------
// Database

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/;

function checkDatabaseUrl(raw: string): { url: string; name: string; adminUrl: string } {
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
async function openBenchDatabase(db: { url: string; name: string; adminUrl: string }): Promise<DatabaseHandle> {
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

// ---------------------------------------------------------------------------------------------
// Requests

const CHECK_QUERY = `query BenchCheck($input: CheckInput!) {
  check(input: $input) {
    checkedAt scenario dataVersion
    results {
      ref { kind identifier } found decision error { code message }
      reasons { code effect message }
      supervision { level samplingMultiplier interviewsPerYear trainingsPerYear }
    }
  }
}`;
const LOOKUP_QUERY = `query BenchLookup($ref: SubjectRef!) { subject(ref: $ref) { id kind identifier name region listEntries { list reason } } }`;

type TargetName = "service" | "baseline";

function serviceBody(refs: Ref[], scenario: string): Buffer {
  const body = opts.operation === "lookup"
    ? { query: LOOKUP_QUERY, variables: { ref: refs[0] } }
    : { query: CHECK_QUERY, variables: { input: { scenario, subjects: refs } } };
  return Buffer.from(JSON.stringify(body));
}
const baselineBody = (refs: Ref[], scenario: string): Buffer => Buffer.from(JSON.stringify({ refs, scenario }));

interface CaseDef {
  id: CaseId;
  label: string;
  refs: number;
  scenario: string;
  connections: number;
  rounds: number;
}

/** Request bodies of a case: each one-subject ref once, or batches of distinct random refs. */
function bodiesOf(c: CaseDef, pool: Ref[]): Record<TargetName, Buffer[]> {
  const batches: Ref[][] = c.refs === 1 ? pool.map((r) => [r]) : Array.from({ length: c.refs >= 1_000 ? 40 : 200 }, () => pick(pool, c.refs));
  return {
    service: batches.map((b) => serviceBody(b, c.scenario)),
    baseline: batches.map((b) => baselineBody(b, c.scenario)),
  };
}

// ---------------------------------------------------------------------------------------------
// Servers

interface Target {
  name: TargetName;
  child: Child;
  path: string;
  headers: Record<string, string>;
  /** SQL statements sent so far, or null when the server does not say. */
  statements(): Promise<number | null>;
}

async function getText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return text;
}

const METRIC = /^creditgate_sql_statements_total(?:\{[^}]*\})?\s+(\S+)/;

/** The sum of `creditgate_sql_statements_total` over its series, or null when it is not exported. */
async function serviceStatements(url: string): Promise<number | null> {
  let sum: number | null = null;
  for (const line of (await getText(`${url}/metrics`)).split("\n")) {
    const m = METRIC.exec(line);
    if (m) sum = (sum ?? 0) + Number(m[1]);
  }
  return sum;
}

const children: Child[] = [];

async function startService(env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const child = await startChild({
    name: "service",
    args: [...extraArgs, "--import", "tsx", "src/server.ts"],
    env: {
      ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", SEED_DEMO: "false", DB_POOL_SIZE: String(POOL_SIZE),
      // The per-caller budget stays in the path (its cost is the service's) but is never reached;
      // kept in memory, as one process would.
      RATE_LIMIT: "2000000000", REDIS_URL: "", SHUTDOWN_GRACE_MS: "3000",
    },
    port,
    readyPath: "/readyz",
    timeoutMs: 90_000,
  });
  children.push(child);
  return child;
}

async function startBaseline(env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const child = await startChild({
    name: "baseline",
    args: [...extraArgs, "--import", "tsx", "src/bench/baseline.ts"],
    env: {
      ...process.env, ...env, PORT: String(port), BENCH_POOL: String(POOL_SIZE), BENCH_OPERATION: opts.operation,
      BENCH_PREPARE: String(opts.baselinePrepare),
    },
    port,
    readyPath: "/readyz",
  });
  children.push(child);
  return child;
}

async function stopChildren(): Promise<void> {
  await Promise.allSettled(children.splice(0).map((c) => c.stop()));
}

/** One request outside the measurement: the answer must be whole and error-free. */
async function probe(target: Target, body: Buffer, expected: number): Promise<Record<string, number>> {
  const res = await fetch(`${target.child.url}${target.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${target.name} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  const json = JSON.parse(text) as {
    errors?: unknown[];
    data?: { check?: { results: { decision: string | null; found: boolean; error: unknown }[] }; subject?: unknown };
    results?: unknown[];
  };
  if (target.name === "baseline") {
    if (json.results?.length !== expected) throw new Error(`baseline answered ${json.results?.length} results for ${expected} refs`);
    return {};
  }
  if (json.errors?.length) throw new Error(`service answered errors: ${JSON.stringify(json.errors).slice(0, 800)}`);
  if (opts.operation === "lookup") return {};
  const results = json.data?.check?.results ?? [];
  if (results.length !== expected) throw new Error(`service answered ${results.length} results for ${expected} refs`);
  const tally: Record<string, number> = {};
  for (const r of results) {
    const key = r.error ? "ERROR" : r.found ? r.decision ?? "null" : "NOT_FOUND";
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface RunRecord extends LoadResult {
  round: number;
  statements: number | null;
  cpuMs: number | null;
  /** CPU time of the PostgreSQL backends serving the bench database during the run. */
  pgCpuMs: number | null;
  /** CPU time of everything else on the machine (the load generator, other users' work). */
  otherCpuMs: number | null;
  machineBusyPct: number | null;
  rssMb: number | null;
}

interface Summary {
  runs: RunRecord[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  subjectsPerS: number;
  statementsPerRequest: number | null;
  cpuUsPerRequest: number | null;
  pgCpuUsPerRequest: number | null;
  machineBusyPct: number | null;
  rssMb: number | null;
  failures: number;
}

interface CaseResult extends CaseDef {
  service: Summary;
  baseline: Summary;
  ratio: number;
  sample: Record<string, number>;
  /** SQL statements per request of the probes, sent one at a time (no group commit across requests). */
  sequentialStatements: Record<TargetName, number | null>;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summarise(runs: RunRecord[], refs: number): Summary {
  const requests = runs.reduce((a, r) => a + r.sent, 0);
  const statements = runs.every((r) => r.statements !== null) ? runs.reduce((a, r) => a + r.statements!, 0) : null;
  const cpu = runs.every((r) => r.cpuMs !== null) ? runs.reduce((a, r) => a + r.cpuMs!, 0) : null;
  const pgCpu = runs.every((r) => r.pgCpuMs !== null) ? runs.reduce((a, r) => a + r.pgCpuMs!, 0) : null;
  const busy = runs.map((r) => r.machineBusyPct).filter((v): v is number => v !== null);
  const rps = mean(runs.map((r) => r.rps));
  return {
    runs,
    rps,
    p50Ms: mean(runs.map((r) => r.p50Ms)),
    p99Ms: mean(runs.map((r) => r.p99Ms)),
    subjectsPerS: rps * refs,
    statementsPerRequest: statements === null || requests === 0 ? null : statements / requests,
    cpuUsPerRequest: cpu === null || requests === 0 ? null : (cpu * 1000) / requests,
    pgCpuUsPerRequest: pgCpu === null || requests === 0 ? null : (pgCpu * 1000) / requests,
    machineBusyPct: busy.length ? mean(busy) : null,
    rssMb: runs.at(-1)?.rssMb ?? null,
    failures: runs.reduce((a, r) => a + r.failures, 0),
  };
}

class Clock {
  done = 0;
  constructor(private readonly bar: ReturnType<typeof progress>) {}
  tick(base: number, seconds: number, label: string) {
    return (elapsed: number, responses: number) => {
      this.bar.update(Math.round(base + Math.min(elapsed, seconds)), `${label}: ${fmt(responses / Math.max(elapsed, 1e-3))} req/s`);
    };
  }
}

/** CPU time of the PostgreSQL backends connected to the bench database (they run one server's queries at a time). */
const backends = {
  sql: null as postgres.Sql | null,
  database: "",
  async cpu(): Promise<Map<number, number> | null> {
    if (!this.sql) return null;
    const rows = await this.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${this.database} and pid <> pg_backend_pid()`;
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const usage = usageOf(pid);
      if (usage) out.set(pid, usage.cpuMs);
    }
    return out.size ? out : null;
  },
};

async function runOnce(
  target: Target, bodies: Buffer[], c: CaseDef, seconds: number, clock: Clock, label: string, overallRate?: number,
): Promise<Omit<RunRecord, "round">> {
  const before = await target.statements();
  const pg0 = await backends.cpu();
  const m0 = machineCpu();
  const self0 = process.cpuUsage();
  const u0 = usageOf(target.child.pid);
  const result = await measure({
    url: `${target.child.url}${target.path}`,
    headers: target.headers,
    bodies,
    connections: c.connections,
    durationS: seconds,
    overallRate,
    onTick: clock.tick(clock.done, seconds, label),
  });
  clock.done += seconds;
  // Let the requests in flight at the end, and writes that trail answers (grouped audit events),
  // land in this run's count: statements and CPU are divided by requests sent.
  await sleep(Math.min(2_000, Math.max(200, 2 * result.p99Ms)));
  const after = await target.statements();
  const u1 = usageOf(target.child.pid);
  const self = process.cpuUsage(self0);
  const m1 = machineCpu();
  const pg1 = await backends.cpu();
  const cpuMs = u0 && u1 ? u1.cpuMs - u0.cpuMs : null;
  let pgCpuMs: number | null = null;
  if (pg0 && pg1) {
    pgCpuMs = 0;
    for (const [pid, used] of pg1) pgCpuMs += used - (pg0.get(pid) ?? 0);
  }
  const machineMs = m0 && m1 ? m1.busyMs - m0.busyMs : null;
  return {
    ...result,
    statements: before === null || after === null ? null : after - before,
    cpuMs,
    pgCpuMs,
    otherCpuMs: machineMs === null || cpuMs === null || pgCpuMs === null
      ? null : Math.max(0, machineMs - cpuMs - pgCpuMs - (self.user + self.system) / 1000),
    machineBusyPct: m0 && m1 ? (100 * (m1.busyMs - m0.busyMs)) / Math.max(1, m1.totalMs - m0.totalMs) : null,
    rssMb: u1?.rssMb ?? null,
  };
}

async function measureCase(c: CaseDef, targets: Record<TargetName, Target>, pool: Ref[], clock: Clock): Promise<CaseResult> {
  const bodies = bodiesOf(c, pool);
  const sample: Record<string, number> = {};
  const sequentialStatements: Record<TargetName, number | null> = { service: null, baseline: null };
  const PROBES = 3;
  for (const name of ["service", "baseline"] as const) {
    const before = await targets[name].statements();
    for (let i = 0; i < PROBES; i++) {
      const tally = await probe(targets[name], bodies[name][i % bodies[name].length]!, opts.operation === "lookup" ? 1 : c.refs);
      if (name === "service") for (const [k, v] of Object.entries(tally)) sample[k] = (sample[k] ?? 0) + v;
    }
    const after = await targets[name].statements();
    if (before !== null && after !== null) sequentialStatements[name] = (after - before) / PROBES;
  }
  if (opts.warmup > 0) {
    for (const name of ["service", "baseline"] as const) {
      await runOnce(targets[name], bodies[name], c, opts.warmup, clock, `${c.label}, ${name} warm-up`);
    }
  }
  const runs: Record<TargetName, RunRecord[]> = { service: [], baseline: [] };
  for (let round = 1; round <= c.rounds; round++) {
    // Alternate which server goes first, so a drift of the machine does not favour one.
    const order: TargetName[] = round % 2 === 1 ? ["service", "baseline"] : ["baseline", "service"];
    for (const name of order) {
      const run = await runOnce(targets[name], bodies[name], c, opts.duration, clock, `${c.label}, ${name} ${round}/${c.rounds}`);
      runs[name].push({ round, ...run });
    }
  }
  const service = summarise(runs.service, c.refs);
  const baseline = summarise(runs.baseline, c.refs);
  return { ...c, service, baseline, ratio: service.rps / baseline.rps, sample, sequentialStatements };
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (v: number | null | undefined): string => (v == null || Number.isNaN(v) ? "n/a" : v < 10 ? v.toFixed(2) : v.toFixed(1));
const num = (v: number | null | undefined, digits = 0): string => (v == null || Number.isNaN(v) ? "n/a" : fmt(v, digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

interface HalfRate {
  targetRps: number;
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

interface BudgetLine {
  rule: string;
  measured: string;
  verdict: "PASS" | "FAIL" | "n/a";
}

function budgetOf(cases: CaseResult[], half: HalfRate | null): BudgetLine[] {
  const one = cases.find((c) => c.id === "one");
  const b1000 = cases.find((c) => c.id === "batch1000");
  const lines: BudgetLine[] = [];
  if (one) {
    lines.push({
      rule: "one-subject check throughput >= 0.5x the baseline's",
      measured: `${one.ratio.toFixed(2)}x (${num(one.service.rps)} vs ${num(one.baseline.rps)} req/s)`,
      verdict: one.ratio >= 0.5 ? "PASS" : "FAIL",
    });
  }
  const alone = cases.find((c) => c.id === "batch1000-alone");
  if (b1000) {
    lines.push({
      rule: "1,000-subject check p50 < 150 ms",
      measured: `${ms(b1000.service.p50Ms)} ms with ${b1000.connections} connection${b1000.connections === 1 ? "" : "s"}` +
        (alone ? ` (${ms(alone.service.p50Ms)} ms with 1; baseline ${ms(b1000.baseline.p50Ms)} / ${ms(alone.baseline.p50Ms)})` : ""),
      verdict: b1000.service.p50Ms < 150 ? "PASS" : "FAIL",
    });
  }
  if (half) {
    lines.push({
      rule: "one-subject check p99 < 20 ms at half the baseline's throughput",
      measured: `${ms(half.p99Ms)} ms at ${num(half.achievedRps)} req/s (asked ${num(half.targetRps)})`,
      verdict: half.p99Ms < 20 && half.achievedRps >= half.targetRps * 0.95 ? "PASS" : "FAIL",
    });
  }
  const counts = ["one", "batch100", "batch1000"].map((id) => cases.find((c) => c.id === id)?.sequentialStatements.service);
  if (counts.every((n) => n !== undefined)) {
    const known = counts.every((n) => n !== null);
    lines.push({
      rule: "SQL statements per check constant whatever the batch size (1 / 100 / 1,000 refs, one request at a time)",
      measured: known ? counts.map((n) => n!.toFixed(2)).join(" / ") : "n/a (no creditgate_sql_statements_total on /metrics)",
      verdict: !known ? "n/a" : Math.max(...counts.map(Number)) - Math.min(...counts.map(Number)) < 0.01 ? "PASS" : "FAIL",
    });
  }
  return lines;
}

function printReport(cases: CaseResult[], half: HalfRate | null, budget: BudgetLine[]): void {
  const rows = [["case", "server", "req/s", "p50 ms", "p99 ms", "subjects/s", "SQL/req", "CPU µs/req", "PG µs/req", "RSS MB", "busy %", "vs baseline"]];
  for (const c of cases) {
    for (const name of ["service", "baseline"] as const) {
      const s = c[name];
      rows.push([
        name === "service" ? `${c.label} (${c.connections} conn)` : "",
        name,
        num(s.rps),
        ms(s.p50Ms),
        ms(s.p99Ms),
        num(s.subjectsPerS),
        s.statementsPerRequest === null ? "n/a" : s.statementsPerRequest.toFixed(2),
        num(s.cpuUsPerRequest),
        num(s.pgCpuUsPerRequest),
        num(s.rssMb),
        num(s.machineBusyPct),
        name === "service" ? `${c.ratio.toFixed(2)}x` : "",
      ]);
    }
  }
  if (half) {
    rows.push([
      `one subject at ${num(half.targetRps)} req/s`, "service", num(half.achievedRps), ms(half.p50Ms), ms(half.p99Ms), num(half.achievedRps),
      "", "", "", "", "", "",
    ]);
  }
  console.log(`\n${table(rows)}`);
  console.log(
    "\nlatencies from every 2xx response; SQL/req, CPU µs/req (the server process) and PG µs/req (PostgreSQL backends of the\n" +
      "bench database) per request sent; RSS after the case; busy % of the whole machine's CPU during the runs.",
  );
  const sequential = cases.filter((c) => c.id !== "batch1000-alone").map((c) => {
    const n = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));
    return `${c.label}: service ${n(c.sequentialStatements.service)}, baseline ${n(c.sequentialStatements.baseline)}`;
  });
  console.log(`SQL statements per request sent one at a time (the probes, no group commit across requests): ${sequential.join("; ")}`);
  const failures = cases.flatMap((c) => (["service", "baseline"] as const).filter((n) => c[n].failures > 0).map((n) => `${c.label} ${n}: ${c[n].failures}`));
  if (failures.length) console.log(`\nfailed requests (non-2xx, errors, timeouts): ${failures.join("; ")}`);
  console.log("\nPerformance budget (DESIGN.md)");
  const width = Math.max(...budget.map((b) => b.rule.length));
  for (const b of budget) console.log(`  ${b.verdict.padEnd(4)}  ${b.rule.padEnd(width)}  ${b.measured}`);
}

function printProfile(p: ProfileSummary, caseLabel: string, requests: number): void {
  console.log(
    `\nCPU profile (main thread) of the ${caseLabel}, one run: ${fmt(p.busyMs)} ms busy of ${fmt(p.totalMs)} ms, ` +
      `${fmt((p.busyMs * 1000) / Math.max(requests, 1))} µs per request\n  ${p.file}`,
  );
  console.log("  by package (self time):");
  for (const l of p.packages) console.log(`    ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.name}`);
  console.log("  by function (self time):");
  for (const l of p.functions) console.log(`    ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.name}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const wallStart = performance.now();
  const startedAt = new Date();
  const db = checkDatabaseUrl(opts.databaseUrl);
  const dataKey = process.env.DATA_KEY || BENCH_DATA_KEY;
  const protector = createProtector(Buffer.from(dataKey, "base64"));
  const today = chinaDate();
  const seed = DEMO_SEED;

  const handle: DatabaseHandle = await openBenchDatabase(db);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  backends.sql = sql;
  backends.database = db.name;
  let keyId: string | null = null;
  const report: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    options: { ...opts, databaseUrl: db.url.replace(/\/\/[^@/]*@/, "//…@") },
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30 },
  };
  try {
    const [{ version }] = (await sql<{ version: string }[]>`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    (report.machine as Record<string, unknown>).postgres = version;

    // Seed ---------------------------------------------------------------------------------
    const [{ n: present }] = (await sql<{ n: number }[]>`select count(*)::int as n from subject`) as unknown as [{ n: number }];
    if (opts.reuse && present === opts.subjects) {
      console.log(`seed: reusing the register of ${fmt(present)} subjects`);
      report.seed = { reused: true, subjects: present };
    } else {
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
        subjects: opts.subjects, seed, today, protector, connections: 4,
        onProgress: (done) => bar.update(done, `${fmt(rate(done))} subjects/s`),
      });
      const seconds = (performance.now() - started) / 1000;
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      bar.stop(`${fmt(counts.subject)} subjects, ${fmt(rows)} rows in ${seconds.toFixed(1)} s: ${fmt(counts.subject / seconds)} subjects/s, ${fmt(rows / seconds)} rows/s`);
      report.seed = { reused: false, counts, seconds, subjectsPerS: counts.subject / seconds, rowsPerS: rows / seconds };
    }
    await step("ANALYZE", () => sql`analyze`.then(() => undefined));

    // Key, refs, servers -------------------------------------------------------------------
    const { key, row } = await createApiKey(handle.db, "SYSTEM", `bench ${startedAt.toISOString()}`);
    keyId = row.id;
    console.log(`API key: SYSTEM, ${row.prefix}… (revoked at the end)`);
    const pool = await step("sample refs", () => sampleRefs(sql, protector, {
      size: REF_POOL, missShare: MISS_SHARE, registerSize: opts.subjects, seed, today,
    }), (p) => `${fmt(p.found)} in the register, ${fmt(p.missing)} not`);
    report.refs = { found: pool.found, missing: pool.missing };

    const env = { DATABASE_URL: db.url, DATA_KEY: dataKey };
    const service = await step("start service", () => startService(env), (c) => `pid ${c.pid}, ${c.url}`);
    const baseline = await step("start baseline", () => startBaseline(env), (c) => `pid ${c.pid}, ${c.url}`);
    const targets: Record<TargetName, Target> = {
      service: {
        name: "service", child: service, path: "/graphql",
        headers: { authorization: `Bearer ${key}` },
        statements: () => serviceStatements(service.url),
      },
      baseline: {
        name: "baseline", child: baseline, path: "/",
        headers: {},
        statements: async () => (JSON.parse(await getText(`${baseline.url}/stats`)) as { statements: number }).statements,
      },
    };
    const metricMissing = (await targets.service.statements()) === null;
    if (metricMissing) console.log("note: the service exports no creditgate_sql_statements_total on /metrics: its SQL statements are n/a");

    // Measure ------------------------------------------------------------------------------
    const cases: CaseDef[] = opts.operation === "lookup"
      ? [{ id: "one", label: "one-subject lookup", refs: 1, scenario: "LICENSING", connections: opts.connections, rounds: opts.rounds }]
      : [
        { id: "one", label: "one-subject check", refs: 1, scenario: "LICENSING", connections: opts.connections, rounds: opts.rounds },
        ...(opts.enforcement
          ? [{ id: "one-enforcement" as const, label: "one-subject ENFORCEMENT", refs: 1, scenario: "ENFORCEMENT", connections: opts.connections, rounds: 1 }]
          : []),
        { id: "batch100", label: "100-subject check", refs: 100, scenario: "LICENSING", connections: opts.batchConnections, rounds: opts.rounds },
        { id: "batch1000", label: "1,000-subject check", refs: 1_000, scenario: "LICENSING", connections: opts.batchConnections, rounds: opts.rounds },
        ...(opts.batchConnections > 1
          ? [{ id: "batch1000-alone" as const, label: "1,000-subject check", refs: 1_000, scenario: "LICENSING", connections: 1, rounds: 1 }]
          : []),
      ];
    const planned = cases.reduce((a, c) => a + 2 * (opts.warmup + c.rounds * opts.duration), 0) + opts.duration;
    const bar = progress("measure", planned, "s");
    const clock = new Clock(bar);
    const results: CaseResult[] = [];
    let half: HalfRate | null = null;
    for (const c of cases) {
      results.push(await measureCase(c, targets, pool.refs, clock));
      if (c.id === "one") {
        // p99 "at the ceiling's half-throughput": a rate-limited run at half the baseline's req/s.
        const targetRps = results.at(-1)!.baseline.rps / 2;
        const run = await runOnce(targets.service, bodiesOf(c, pool.refs).service, c, opts.duration, clock, `${c.label} at ${fmt(targetRps)} req/s`, targetRps);
        half = { targetRps, achievedRps: run.rps, p50Ms: run.p50Ms, p99Ms: run.p99Ms, failures: run.failures };
      }
    }
    bar.stop(`${results.length} cases measured`);
    const budget = budgetOf(results, half);
    printReport(results, half, budget);
    if (metricMissing) console.log("\nSQL/req of the service: n/a — /metrics has no creditgate_sql_statements_total.");
    const allRuns = results.flatMap((r) => [...r.service.runs, ...r.baseline.runs]);
    if (allRuns.every((r) => r.otherCpuMs !== null)) {
      const other = allRuns.reduce((a, r) => a + r.otherCpuMs!, 0);
      const capacity = allRuns.reduce((a, r) => a + r.elapsedS * 1000 * cpus().length, 0);
      const share = (100 * other) / capacity;
      report.otherWorkCpuPct = share;
      console.log(
        `\nother work on the machine during the runs (not the servers, PostgreSQL's bench backends or the load generator): ` +
          `${share.toFixed(0)}% of its CPU${share > 10 ? " — figures are noisy; ratios of interleaved rounds are steadier" : ""}`,
      );
    }
    const decisions = results.filter((r) => Object.keys(r.sample).length).map((r) => `${r.label}: ${Object.entries(r.sample).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    if (decisions.length) console.log(`\nanswers of the probe requests (3 per case): ${decisions.join(" | ")}`);

    report.cases = results;
    report.halfRate = half;
    report.budget = budget;
    report.serviceStatementsMetric = !metricMissing;
    const out = resolve(".data/bench", `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
    const save = () => {
      report.wallSeconds = (performance.now() - wallStart) / 1000;
      mkdirSync(resolve(".data/bench"), { recursive: true });
      writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    };
    save();

    // Profile (optional) ---------------------------------------------------------------------
    let status = 0;
    const c = cases.find((x) => x.id === opts.profile);
    if (opts.profile && !c) console.log(`--profile ${opts.profile}: no such case in this run`);
    if (c) {
      const dir = resolve(".data/bench/profile", startedAt.toISOString().replace(/[:.]/g, "-"));
      const profiles: Record<string, unknown> = {};
      for (const name of ["service", "baseline"] as const) {
        try {
          const into = join(dir, name);
          mkdirSync(into, { recursive: true });
          await targets[name].child.stop();
          const args = ["--cpu-prof", "--cpu-prof-dir", into];
          const profiled = await step(`start ${name} with --cpu-prof`, () => (name === "service" ? startService(env, args) : startBaseline(env, args)), (x) => `pid ${x.pid}`);
          const target: Target = { ...targets[name], child: profiled, statements: async () => null };
          const bodies = bodiesOf(c, pool.refs)[name];
          const pbar = progress(`profile ${name}`, opts.warmup + opts.duration, "s");
          const pclock = new Clock(pbar);
          if (opts.warmup > 0) await runOnce(target, bodies, c, opts.warmup, pclock, `${c.label} warm-up`);
          const fromUs = Number(process.hrtime.bigint() / 1000n);
          const run = await runOnce(target, bodies, c, opts.duration, pclock, c.label);
          const toUs = Number(process.hrtime.bigint() / 1000n);
          pbar.stop(`${fmt(run.rps)} req/s under the profiler`);
          await profiled.stop();
          const files = readdirSync(into).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(into, f));
          // One profile per thread (tsx's loader has one of its own); the main thread's is the biggest.
          const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
          if (!main) throw new Error(`no .cpuprofile was written to ${into}`);
          for (const f of files) if (f !== main) rmSync(f);
          const summary = summariseProfile(main, 20, { fromUs, toUs });
          printProfile(summary, `${name}, ${c.label}`, run.sent);
          profiles[name] = { rpsUnderProfiler: run.rps, requests: run.sent, ...summary };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          console.error(`\nprofiling the ${name} failed: ${message}`);
          profiles[name] = { error: message };
          status = 1;
        }
      }
      report.profile = { case: c.id, ...profiles };
    }

    save();
    console.log(`\nwall time ${(report.wallSeconds as number).toFixed(0)} s; figures written to ${out}`);
    return status;
  } finally {
    await stopChildren();
    if (keyId) await revokeApiKey(handle.db, keyId).catch(() => {});
    await handle.close();
    await sql.end({ timeout: 2 });
  }
}

process.on("exit", killAllChildren);
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
