// The comparison: the service, the bare baseline (the service's SQL) and the plain lookup ceiling
// side by side, in interleaved rounds of a one-subject check (and its ENFORCEMENT form), a 100- and
// a 1,000-subject check; a rate-limited run at half the ceiling's throughput; optionally a CPU
// profile of each server in one case.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import type { BenchContext } from "./context.js";
import { type CaseDef, type CaseResult, Clock, measureCase, runOnce } from "./measure.js";
import { summariseProfile } from "./profile.js";
import { fmt, progress, step } from "./progress.js";
import { budgetOf, type HalfRate, printProfile, printReport } from "./report.js";
import { bodiesOf, getText, serviceStatements, startBaseline, startService, TARGET_NAMES, type Target, type TargetName } from "./targets.js";

/** Runs the comparison; resolves to the exit status (1 when profiling failed). */
export async function compare(ctx: BenchContext): Promise<number> {
  const { opts, env, database, key, pool, report } = ctx;
  const baselineSettings = { operation: opts.operation, prepare: opts.baselinePrepare };
  const service = await step("start service", () => startService(env), (c) => `pid ${c.pid}, ${c.url}`);
  const baseline = await step("start baseline", () => startBaseline(database, baselineSettings), (c) => `pid ${c.pid}, ${c.url}`);
  const ceilingSettings = { operation: "ceiling" as const, prepare: true };
  const ceiling = await step("start ceiling", () => startBaseline(database, ceilingSettings), (c) => `pid ${c.pid}, ${c.url}`);
  const statsOf = (url: string) => async () => (JSON.parse(await getText(`${url}/stats`)) as { statements: number }).statements;
  const targets: Record<TargetName, Target> = {
    service: {
      name: "service", child: service, path: "/graphql",
      headers: { authorization: `Bearer ${key}` },
      statements: () => serviceStatements(service.url),
    },
    baseline: {
      name: "baseline", child: baseline, path: "/",
      headers: {},
      statements: statsOf(baseline.url),
    },
    ceiling: { name: "ceiling", child: ceiling, path: "/", headers: {}, statements: statsOf(ceiling.url) },
  };
  const metricMissing = (await targets.service.statements()) === null;
  if (metricMissing) console.log("note: the service exports no creditgate_sql_statements_total on /metrics: its SQL statements are n/a");

  // Measure ------------------------------------------------------------------------------
  const all: CaseDef[] = opts.operation === "lookup"
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
  const cases = opts.cases ? all.filter((c) => opts.cases!.includes(c.id)) : all;
  const planned = cases.reduce((a, c) => a + TARGET_NAMES.length * (opts.warmup + c.rounds * opts.duration), 0) + opts.duration;
  const bar = progress("measure", planned, "s");
  const clock = new Clock(bar);
  const results: CaseResult[] = [];
  let half: HalfRate | null = null;
  for (const c of cases) {
    results.push(await measureCase(c, targets, pool.refs, clock, opts));
    if (c.id === "one") {
      // p99 "at the ceiling's half-throughput": a rate-limited run at half the plain lookup ceiling's req/s.
      const targetRps = results.at(-1)!.ceiling.rps / 2;
      const run = await runOnce(targets.service, bodiesOf(opts.operation, c, pool.refs).service, c, opts.duration, clock, `${c.label} at ${fmt(targetRps)} req/s`, targetRps);
      half = { targetRps, achievedRps: run.rps, p50Ms: run.p50Ms, p99Ms: run.p99Ms, failures: run.failures };
    }
  }
  bar.stop(`${results.length} cases measured`);
  const budget = budgetOf(results, half);
  printReport(results, half, budget);
  if (metricMissing) console.log("\nSQL/req of the service: n/a — /metrics has no creditgate_sql_statements_total.");
  const allRuns = results.flatMap((r) => [...r.service.runs, ...r.baseline.runs, ...r.ceiling.runs]);
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
  ctx.save();

  // Profile (optional) ---------------------------------------------------------------------
  let status = 0;
  const c = cases.find((x) => x.id === opts.profile);
  if (opts.profile && !c) console.log(`--profile ${opts.profile}: no such case in this run`);
  if (c) {
    const dir = resolve(".data/bench/profile", ctx.startedAt.toISOString().replace(/[:.]/g, "-"));
    const profiles: Record<string, unknown> = {};
    for (const name of TARGET_NAMES) {
      try {
        const into = join(dir, name);
        mkdirSync(into, { recursive: true });
        await targets[name].child.stop();
        const args = ["--cpu-prof", "--cpu-prof-dir", into];
        const profiled = await step(
          `start ${name} with --cpu-prof`,
          () => (name === "service" ? startService(env, args) : startBaseline(database, name === "ceiling" ? ceilingSettings : baselineSettings, args)),
          (x) => `pid ${x.pid}`,
        );
        const target: Target = { ...targets[name], child: profiled, statements: async () => null };
        const bodies = bodiesOf(opts.operation, c, pool.refs)[name];
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
  return status;
}
