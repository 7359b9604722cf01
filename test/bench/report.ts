// The comparison's report: the table of both servers per case, the performance budget of
// the README with its verdicts, and a CPU profile's summary.
import { fmt } from "./progress.js";
import type { CaseResult } from "./measure.js";
import type { ProfileSummary } from "./profile.js";
import { TARGET_NAMES } from "./targets.js";

export const ms = (v: number | null | undefined): string => (v == null || Number.isNaN(v) ? "n/a" : v < 10 ? v.toFixed(2) : v.toFixed(1));
export const num = (v: number | null | undefined, digits = 0): string => (v == null || Number.isNaN(v) ? "n/a" : fmt(v, digits));

/** Rows under a header and a rule; the first `leftColumns` columns aligned left, the others right. */
export function table(rows: string[][], leftColumns = 2): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export interface HalfRate {
  targetRps: number;
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export interface BudgetLine {
  rule: string;
  measured: string;
  verdict: "PASS" | "FAIL" | "n/a";
}

export function budgetOf(cases: CaseResult[], half: HalfRate | null): BudgetLine[] {
  const one = cases.find((c) => c.id === "one");
  const b100 = cases.find((c) => c.id === "batch100");
  const b1000 = cases.find((c) => c.id === "batch1000");
  const lines: BudgetLine[] = [];
  const what = one?.label.replace(/^one-subject /, "") ?? "check";
  if (one) {
    lines.push({
      rule: `one-subject ${what} throughput >= 0.5x the plain lookup ceiling's`,
      measured: `${one.ceilingRatio.toFixed(2)}x (${num(one.service.rps)} vs ${num(one.ceiling.rps)} req/s)`,
      verdict: one.ceilingRatio >= 0.5 ? "PASS" : "FAIL",
    });
    lines.push({
      rule: `one-subject ${what} throughput >= 0.5x the same-SQL baseline's`,
      measured: `${one.ratio.toFixed(2)}x (${num(one.service.rps)} vs ${num(one.baseline.rps)} req/s)`,
      verdict: one.ratio >= 0.5 ? "PASS" : "FAIL",
    });
  }
  if (b100) {
    lines.push({
      rule: "100-subject check subjects/s >= 0.35x the plain lookup ceiling's",
      measured: `${b100.ceilingRatio.toFixed(2)}x (${num(b100.service.subjectsPerS)} vs ${num(b100.ceiling.subjectsPerS)} subjects/s, ${b100.connections} conn)`,
      verdict: b100.ceilingRatio >= 0.35 ? "PASS" : "FAIL",
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
      rule: `one-subject ${what} p99 < 20 ms at half the ceiling's throughput`,
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

export function printReport(cases: CaseResult[], half: HalfRate | null, budget: BudgetLine[]): void {
  const rows = [["case", "server", "req/s", "p50 ms", "p99 ms", "subjects/s", "SQL/req", "CPU µs/req", "PG µs/req", "RSS MB", "busy %", "vs baseline", "vs ceiling"]];
  for (const c of cases) {
    for (const name of TARGET_NAMES) {
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
        name === "service" ? `${c.ceilingRatio.toFixed(2)}x` : "",
      ]);
    }
  }
  if (half) {
    rows.push([
      `one subject at ${num(half.targetRps)} req/s`, "service", num(half.achievedRps), ms(half.p50Ms), ms(half.p99Ms), num(half.achievedRps),
      "", "", "", "", "", "", "",
    ]);
  }
  console.log(`\n${table(rows)}`);
  console.log(
    "\nbaseline: the service's own SQL on a bare node:http + postgres.js server; ceiling: the same server running the plain\n" +
      "lookup (subjects by kind and identifier with their ACTIVE list entries, one prepared statement).\n" +
      "latencies from every 2xx response; SQL/req, CPU µs/req (the server process) and PG µs/req (PostgreSQL backends of the\n" +
      "bench database) per request sent; RSS after the case; busy % of the whole machine's CPU during the runs.",
  );
  const sequential = cases.filter((c) => c.id !== "batch1000-alone").map((c) => {
    const n = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));
    return `${c.label}: service ${n(c.sequentialStatements.service)}, baseline ${n(c.sequentialStatements.baseline)}, ceiling ${n(c.sequentialStatements.ceiling)}`;
  });
  console.log(`SQL statements per request sent one at a time (the probes, no group commit across requests): ${sequential.join("; ")}`);
  const failures = cases.flatMap((c) => TARGET_NAMES.filter((n) => c[n].failures > 0).map((n) => `${c.label} ${n}: ${c[n].failures}`));
  if (failures.length) console.log(`\nfailed requests (non-2xx, errors, timeouts): ${failures.join("; ")}`);
  console.log("\nPerformance budget (README)");
  const width = Math.max(...budget.map((b) => b.rule.length));
  for (const b of budget) console.log(`  ${b.verdict.padEnd(4)}  ${b.rule.padEnd(width)}  ${b.measured}`);
}

export function printProfile(p: ProfileSummary, caseLabel: string, requests: number): void {
  console.log(
    `\nCPU profile (main thread) of the ${caseLabel}, one run: ${fmt(p.busyMs)} ms busy of ${fmt(p.totalMs)} ms, ` +
      `${fmt((p.busyMs * 1000) / Math.max(requests, 1))} µs per request\n  ${p.file}`,
  );
  console.log("  by package (self time):");
  for (const l of p.packages) console.log(`    ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.name}`);
  console.log("  by function (self time):");
  for (const l of p.functions) console.log(`    ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.name}`);
}

