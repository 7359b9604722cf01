// The comparison's measurements: one autocannon run of a server with its CPU, the PostgreSQL
// backends' CPU, SQL statements and RSS around it; a case as interleaved rounds of both servers.
import type postgres from "postgres";
import { machineCpu, usageOf } from "./usage.js";
import { type LoadResult, measure } from "./load.js";
import { fmt, type Progress } from "./progress.js";
import type { Ref } from "./refs.js";
import type { Operation } from "./statements.js";
import { type Ask, bodiesOf, probe, TARGET_NAMES, type Target, type TargetName } from "./targets.js";
import type { CaseId } from "./options.js";

export interface CaseDef extends Ask {
  id: CaseId;
  label: string;
  connections: number;
  rounds: number;
}

export interface RunRecord extends LoadResult {
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

export interface Summary {
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

export interface CaseResult extends CaseDef {
  service: Summary;
  baseline: Summary;
  /** The plain lookup ceiling. */
  ceiling: Summary;
  /** Service req/s over the baseline's (same SQL). */
  ratio: number;
  /** Service req/s over the ceiling's. */
  ceilingRatio: number;
  sample: Record<string, number>;
  /** SQL statements per request of the probes, sent one at a time (no group commit across requests). */
  sequentialStatements: Record<TargetName, number | null>;
}

/** What a case's measurement needs of the command line. */
export interface MeasureSettings {
  operation: Operation;
  warmup: number;
  duration: number;
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** Seconds of measurement done so far, shown on one progress bar across runs. */
export class Clock {
  done = 0;
  constructor(private readonly bar: Progress) {}
  tick(base: number, seconds: number, label: string) {
    return (elapsed: number, responses: number) => {
      this.bar.update(Math.round(base + Math.min(elapsed, seconds)), `${label}: ${fmt(responses / Math.max(elapsed, 1e-3))} req/s`);
    };
  }
}

/** CPU time of the PostgreSQL backends connected to the bench database (they run one server's queries at a time). */
export const backends = {
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

export async function runOnce(
  target: Target, bodies: Buffer[], c: { connections: number }, seconds: number, clock: Clock, label: string, overallRate?: number,
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

export async function measureCase(
  c: CaseDef, targets: Record<TargetName, Target>, pool: Ref[], clock: Clock, settings: MeasureSettings,
): Promise<CaseResult> {
  const bodies = bodiesOf(settings.operation, c, pool);
  const sample: Record<string, number> = {};
  const sequentialStatements: Record<TargetName, number | null> = { service: null, baseline: null, ceiling: null };
  const PROBES = 3;
  for (const name of TARGET_NAMES) {
    const before = await targets[name].statements();
    for (let i = 0; i < PROBES; i++) {
      const tally = await probe(targets[name], settings.operation, bodies[name][i % bodies[name].length]!, settings.operation === "lookup" ? 1 : c.refs);
      if (name === "service") for (const [k, v] of Object.entries(tally)) sample[k] = (sample[k] ?? 0) + v;
    }
    const after = await targets[name].statements();
    if (before !== null && after !== null) sequentialStatements[name] = (after - before) / PROBES;
  }
  if (settings.warmup > 0) {
    for (const name of TARGET_NAMES) {
      await runOnce(targets[name], bodies[name], c, settings.warmup, clock, `${c.label}, ${name} warm-up`);
    }
  }
  const runs: Record<TargetName, RunRecord[]> = { service: [], baseline: [], ceiling: [] };
  for (let round = 1; round <= c.rounds; round++) {
    // Rotate which server goes first, so a drift of the machine does not favour one.
    const order: TargetName[] = TARGET_NAMES.map((_, i) => TARGET_NAMES[(i + round - 1) % TARGET_NAMES.length]!);
    for (const name of order) {
      const run = await runOnce(targets[name], bodies[name], c, settings.duration, clock, `${c.label}, ${name} ${round}/${c.rounds}`);
      runs[name].push({ round, ...run });
    }
  }
  const service = summarise(runs.service, c.refs);
  const baseline = summarise(runs.baseline, c.refs);
  const ceiling = summarise(runs.ceiling, c.refs);
  return { ...c, service, baseline, ceiling, ratio: service.rps / baseline.rps, ceilingRatio: service.rps / ceiling.rps, sample, sequentialStatements };
}
