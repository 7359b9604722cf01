// The overload run's report: capacity, then one column per case (offered and achieved rates,
// what was shed, latencies overall and per 10-s slice, RSS, whether the service survived), and
// the verdicts of issue 6's "overload run" line.
import { cpus } from "node:os";
import { fmt } from "./progress.js";
import { ms, num, table } from "./report.js";

// What an overload run measured (overload.ts fills it, this file prints it).

export interface Capacity {
  connections: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  cpuPct: number | null;
}

export interface Slice {
  fromS: number;
  toS: number;
  ok: number;
  rejected: number;
  other: number;
  p50Ms: number;
  p99Ms: number;
  /** Mean of the samples in the slice, % of one core. */
  serviceCpuPct: number | null;
  pgCpuPct: number | null;
  /** Lowest RSS sampled in the slice (after a collection): what a leak would raise. */
  rssFloorMb: number | null;
}

export interface RssSample {
  t: number;
  rssMb: number;
  /** CPU over the second before, % of one core: the service, the bench database's PostgreSQL backends, this process (the load generator). */
  cpuPct: number | null;
  pgCpuPct: number | null;
  loaderCpuPct: number | null;
}

export interface OverloadCase {
  id: "limited" | "unlimited";
  label: string;
  rateLimit: number;
  rateWindowS: number;
  connections: number;
  seconds: number;
  askedRps: number;
  /** Requests autocannon sent per second (it cannot offer more than the connections allow). */
  sentRps: number;
  okRps: number;
  ok: number;
  rejected: number;
  /** Other non-2xx statuses, by status. */
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  rejectedP50Ms: number;
  rejectedP99Ms: number;
  slices: Slice[];
  rss: {
    startMb: number;
    maxMb: number;
    endMb: number;
    afterMb: number | null;
    /** Least-squares slope of the per-second samples over the last half of the run. */
    slopeMbPerMin: number;
    /**
     * The same of the floor: the lowest sample of each 5-s window in the last half. The samples
     * swing by tens of MB between collections; the floor is what a leak raises.
     */
    floorSlopeMbPerMin: number;
    /**
     * The floor's slope from the end of the first slice (the climb to the load's working set) to
     * the end, with its standard error: steadier than the last half's over a short run.
     */
    floorTrend: { fromS: number; slopeMbPerMin: number; stderrMbPerMin: number };
    samples: RssSample[];
  };
  /** Over the run, % of one core. */
  serviceCpuPct: number | null;
  pgCpuPct: number | null;
  loaderCpuPct: number | null;
  /** Of the whole machine's CPU. */
  machineBusyPct: number | null;
  /** V8's heap (from the service's /metrics) before and after the run, MB. */
  heap: { start: Heap | null; end: Heap | null };
  after: { alive: boolean; healthz: number | null; check: number | null; checkErrors: string | null; exitCode: number | null };
}

export interface Heap {
  usedMb: number;
  totalMb: number;
  externalMb: number;
}

export interface OverloadResult {
  subjects: number;
  operation: string;
  factor: number;
  capacity: Capacity;
  cases: OverloadCase[];
}

/** The RSS floor grows by less than this after the first slice: "flat". */
export const RSS_FLAT_MB_PER_MIN = 10;
/** The worst 10-s slice's p99 of 2xx responses within this multiple of the best: "bounded". */
export const P99_BOUNDED_RATIO = 2;

const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "n/a");
const signed = (v: number): string => `${v >= 0 ? "+" : ""}${v.toFixed(1)}`;
const mb = (v: number | null): string => (v === null || Number.isNaN(v) ? "n/a" : v.toFixed(0));

/** Busy % of the machine not spent by the service, the bench database's backends or the load generator. */
function otherWork(c: OverloadCase): number | null {
  if (c.machineBusyPct === null || c.serviceCpuPct === null || c.pgCpuPct === null || c.loaderCpuPct === null) return null;
  return Math.max(0, c.machineBusyPct - (c.serviceCpuPct + c.pgCpuPct + c.loaderCpuPct) / cpus().length);
}

/** Slices with enough 2xx responses for a p99 (100). */
const measuredSlices = (c: OverloadCase) => c.slices.filter((s) => s.ok >= 100);

export function p99Spread(c: OverloadCase): number | null {
  const p99s = measuredSlices(c).map((s) => s.p99Ms);
  if (p99s.length < 2) return null;
  return Math.max(...p99s) / Math.max(Math.min(...p99s), 1e-3);
}

export interface OverloadVerdict {
  rule: string;
  measured: string;
  verdict: "PASS" | "FAIL";
}

export function verdictsOf(c: OverloadCase): OverloadVerdict[] {
  const responses = c.ok + c.rejected + Object.values(c.otherStatuses).reduce((a, b) => a + b, 0);
  const spread = p99Spread(c);
  const bounded = spread !== null && spread <= P99_BOUNDED_RATIO;
  const shed = c.rejected > 0;
  const others = Object.values(c.otherStatuses).reduce((a, b) => a + b, 0) + c.errors + c.timeouts;
  const survived = c.after.alive && c.after.healthz === 200 && c.after.check === 200 && !c.after.checkErrors;
  return [
    {
      rule: "p99 stays bounded or excess is rejected with 429",
      measured: `${shed ? `${pct(c.rejected, responses)} answered 429` : "no 429"}; p99 of 2xx per slice ` +
        (spread === null ? "n/a (2xx in fewer than two slices)" : `within ${spread.toFixed(2)}x of each other (bounded: <= ${P99_BOUNDED_RATIO}x)`),
      verdict: shed || bounded ? "PASS" : "FAIL",
    },
    {
      rule: "no other failures (5xx, other 4xx, socket errors, timeouts)",
      measured: others === 0 ? "none" : `${fmt(others)}`,
      verdict: others === 0 ? "PASS" : "FAIL",
    },
    {
      rule: "no crash: alive, /healthz and a check answer 200 afterwards",
      measured: c.after.alive
        ? `alive, /healthz ${c.after.healthz ?? "no answer"}, check ${c.after.check ?? "no answer"}${c.after.checkErrors ? ` (${c.after.checkErrors})` : ""}`
        : `exited with code ${c.after.exitCode}`,
      verdict: survived ? "PASS" : "FAIL",
    },
    {
      rule: `RSS flat: its floor (lowest of each 5 s) from ${c.rss.floorTrend.fromS} s on grows < ${RSS_FLAT_MB_PER_MIN} MB/min`,
      measured: `${signed(c.rss.floorTrend.slopeMbPerMin)} ± ${c.rss.floorTrend.stderrMbPerMin.toFixed(1)} MB/min ` +
        `(last half: every sample ${signed(c.rss.slopeMbPerMin)}, floor ${signed(c.rss.floorSlopeMbPerMin)}; ` +
        `start ${mb(c.rss.startMb)}, max ${mb(c.rss.maxMb)}, end ${mb(c.rss.endMb)} MB)`,
      verdict: c.rss.floorTrend.slopeMbPerMin < RSS_FLAT_MB_PER_MIN ? "PASS" : "FAIL",
    },
  ];
}

export function printOverload(r: OverloadResult): void {
  const cap = r.capacity;
  console.log(
    `\nOverload: ${r.operation}, ${fmt(r.subjects)} subjects` +
      `\ncapacity (max rate, ${cap.connections} connections, ${cap.seconds} s, rate limit raised): ${fmt(cap.rps)} req/s ` +
      `(p50 ${ms(cap.p50Ms)} ms, p99 ${ms(cap.p99Ms)} ms, service CPU ${num(cap.cpuPct)}% of a core` +
      `${cap.failures ? `, ${fmt(cap.failures)} failures` : ""})`,
  );
  const cases = r.cases;
  const head = ["", ...cases.map((c) => `${c.label} (${c.id === "unlimited" ? "no shedding" : `${fmt(c.rateLimit)} / ${c.rateWindowS} s per key`})`)];
  const row = (label: string, f: (c: OverloadCase) => string) => [label, ...cases.map(f)];
  const sliceCount = Math.max(...cases.map((c) => c.slices.length));
  const others = (c: OverloadCase) => {
    const statuses = Object.entries(c.otherStatuses).map(([s, n]) => `${fmt(n)} × ${s}`);
    const parts = [...statuses, `${fmt(c.errors)} errors`, `${fmt(c.timeouts)} timeouts`];
    return parts.join(", ");
  };
  const rows: string[][] = [
    head,
    row("offered (asked)", (c) => `${fmt(c.askedRps)} req/s (${r.factor}x), ${c.connections} conn, ${c.seconds} s`),
    row("sent", (c) => `${fmt(c.sentRps)} req/s`),
    row("2xx", (c) => `${fmt(c.okRps)} req/s (${fmt(c.ok)})`),
    row("429 LIMIT_EXCEEDED", (c) => `${fmt(c.rejected)}${c.rejected ? ` (${fmt(c.rejected / c.seconds)}/s)` : ""}`),
    row("other non-2xx / errors / timeouts", others),
    row("2xx p50 / p99 ms", (c) => `${ms(c.p50Ms)} / ${ms(c.p99Ms)}`),
    row("429 p50 / p99 ms", (c) => (c.rejected ? `${ms(c.rejectedP50Ms)} / ${ms(c.rejectedP99Ms)}` : "-")),
  ];
  for (let i = 0; i < sliceCount; i++) {
    const s0 = cases.find((c) => c.slices[i])!.slices[i]!;
    rows.push(row(`  ${s0.fromS}-${s0.toS} s: 2xx/s, 429/s, 2xx p99 ms, CPU %, RSS floor`, (c) => {
      const s = c.slices[i];
      if (!s) return "-";
      const span = Math.max(s.toS - s.fromS, 1e-3);
      return `${fmt(s.ok / span)}, ${fmt(s.rejected / span)}, ${s.ok ? ms(s.p99Ms) : "-"}, ${num(s.serviceCpuPct)}, ${mb(s.rssFloorMb)}` +
        `${s.other ? ` (+${fmt(s.other)} other)` : ""}`;
    }));
  }
  rows.push(
    row("RSS MB start / max / end", (c) => `${mb(c.rss.startMb)} / ${mb(c.rss.maxMb)} / ${mb(c.rss.endMb)}`),
    row("RSS slope, last half: every sample / floor", (c) => `${signed(c.rss.slopeMbPerMin)} / ${signed(c.rss.floorSlopeMbPerMin)} MB/min`),
    row(`RSS floor slope from ${cases[0]?.rss.floorTrend.fromS ?? 0} s (± std. error)`, (c) =>
      `${signed(c.rss.floorTrend.slopeMbPerMin)} ± ${c.rss.floorTrend.stderrMbPerMin.toFixed(1)} MB/min`),
    row("RSS 3 s after the load", (c) => `${mb(c.rss.afterMb)} MB`),
    row("V8 heap used / total MB, start -> end", (c) => {
      const h = (x: OverloadCase["heap"]["start"]) => (x ? `${mb(x.usedMb)} / ${mb(x.totalMb)}` : "n/a");
      return `${h(c.heap.start)} -> ${h(c.heap.end)}`;
    }),
    row("CPU, % of a core: service / PostgreSQL / load generator", (c) => `${num(c.serviceCpuPct)} / ${num(c.pgCpuPct)} / ${num(c.loaderCpuPct)}`),
    row("machine busy (all cores) / of it other work", (c) => `${num(c.machineBusyPct)}% / ${num(otherWork(c))}%`),
    row("afterwards", (c) => (c.after.alive
      ? `alive; /healthz ${c.after.healthz ?? "-"}; check ${c.after.check ?? "-"}${c.after.checkErrors ? ` ${c.after.checkErrors}` : ""}`
      : `EXITED (code ${c.after.exitCode})`)),
  );
  console.log(`\n${table(rows, rows[0]!.length)}`);
  console.log(
    "\nlatencies from the load generator, per response (a connection sends its next request when the last is answered: " +
      "a queue can be no longer than the connections); RSS is the service's VmRSS, sampled each second; CPU % per slice is the service's.",
  );
  for (const c of cases) {
    if (c.sentRps < 0.9 * c.askedRps) {
      console.log(
        `${c.label}: only ${fmt(c.sentRps)} of ${fmt(c.askedRps)} req/s could be offered — each of the ${c.connections} connections waits ` +
          `for its answer, so at saturation the offered rate is connections / latency (${c.connections} / ${ms(c.p50Ms)} ms ≈ ` +
          `${fmt((1000 * c.connections) / c.p50Ms)} req/s) and the latency is the queue of ${c.connections} requests.`,
      );
    }
  }
  for (const c of cases) {
    console.log(`\n${c.label}`);
    for (const v of verdictsOf(c)) console.log(`  ${v.verdict.padEnd(4)}  ${v.rule}: ${v.measured}`);
  }
}
