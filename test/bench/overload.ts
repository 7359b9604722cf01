// `npm run bench -- --overload`: the service under more than it can serve (issue 6, "an overload
// run at about twice the measured capacity"). Measures the one-subject check's capacity with a
// max-rate run, then offers --overload-factor times that rate (autocannon's overallRate) for
// --duration seconds to (1) the service with its rate limiter as deployed and (2) the same
// service with the limit raised, so nothing is shed. Both run with production settings
// (NODE_ENV=production, a log line per request), in memory (one process, no Redis). The
// service's RSS and CPU are sampled every second from /proc.
import type { NodeProcess } from "../support/processes.js";
import { machineCpu, usageOf } from "./usage.js";
import type { BenchContext } from "./context.js";
import { measure, percentile } from "./load.js";
import { backends, Clock, sleep } from "./measure.js";
import { OVERLOAD_DEFAULT_DURATION_S } from "./options.js";
import { type Capacity, type Heap, type OverloadCase, type OverloadResult, printOverload, type RssSample, type Slice } from "./overload-report.js";
import { fmt, progress, step } from "./progress.js";
import { bodiesOf, getText, startService } from "./targets.js";

/** The service as deployed: every setting at its default but the ones a bench must give. */
const PRODUCTION: NodeJS.ProcessEnv = {
  NODE_ENV: "production", LOG_LEVEL: "info", REDIS_URL: "",
  // Empty: the service's own default.
  RATE_LIMIT: "", RATE_LIMIT_PUBLIC: "", RATE_WINDOW_SECONDS: "", SHUTDOWN_GRACE_MS: "",
};
/** The service's defaults (src/config.ts), for the report when a setting is left to them. */
const DEFAULT_RATE_LIMIT = 6000;
const DEFAULT_RATE_WINDOW_S = 60;
const UNLIMITED = 2_000_000_000;
const SLICE_S = 10;
const FLOOR_WINDOW_S = 5;

const HEAP_METRIC = /^(nodejs_heap_size_used_bytes|nodejs_heap_size_total_bytes|nodejs_external_memory_bytes)(?:\{[^}]*\})?\s+(\S+)/;

/** The service's V8 heap from its /metrics (prom-client's default metrics), or null. */
async function heapOf(url: string): Promise<Heap | null> {
  try {
    const values: Record<string, number> = {};
    for (const line of (await getText(`${url}/metrics`)).split("\n")) {
      const m = HEAP_METRIC.exec(line);
      if (m) values[m[1]!] = Number(m[2]) / 2 ** 20;
    }
    const used = values.nodejs_heap_size_used_bytes;
    const total = values.nodejs_heap_size_total_bytes;
    if (used === undefined || total === undefined) return null;
    return { usedMb: used, totalMb: total, externalMb: values.nodejs_external_memory_bytes ?? Number.NaN };
  } catch {
    return null;
  }
}

const percentileOf = (values: number[], q: number): number => percentile(Float64Array.from(values).sort(), q);

/** Least-squares slope of y over t (per second) and its standard error; 0 (and NaN) with too few points. */
export function fit(points: { t: number; y: number }[]): { slope: number; stderr: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, stderr: Number.NaN };
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  if (den === 0) return { slope: 0, stderr: Number.NaN };
  const slope = num / den;
  let residual = 0;
  for (const p of points) residual += (p.y - my - slope * (p.t - mt)) ** 2;
  return { slope, stderr: n > 2 ? Math.sqrt(residual / (n - 2) / den) : Number.NaN };
}

/** CPU time of the bench database's PostgreSQL backends, summed over those seen at both ends. */
function pgCpuBetween(a: Map<number, number> | null, b: Map<number, number> | null): number | null {
  if (!a || !b) return null;
  let ms = 0;
  for (const [pid, used] of b) if (a.has(pid)) ms += used - a.get(pid)!;
  return ms;
}

/**
 * Samples, once a second until stopped, a process's RSS and CPU, the CPU of the PostgreSQL
 * backends and of this process (the load generator shares the machine).
 */
async function sampler(pid: number, t0: number): Promise<{ stop(): Promise<RssSample[]> }> {
  const samples: RssSample[] = [];
  let last = { at: performance.now(), usage: usageOf(pid), pg: await backends.cpu(), self: process.cpuUsage() };
  if (last.usage) samples.push({ t: 0, rssMb: last.usage.rssMb, cpuPct: null, pgCpuPct: null, loaderCpuPct: null });
  let busy: Promise<void> = Promise.resolve();
  const take = async () => {
    const pg = await backends.cpu().catch(() => null);
    const at = performance.now();
    const usage = usageOf(pid);
    const self = process.cpuUsage();
    if (!usage) return;
    const span = Math.max(1, at - last.at);
    const pgMs = pgCpuBetween(last.pg, pg);
    samples.push({
      t: (at - t0) / 1000,
      rssMb: usage.rssMb,
      cpuPct: last.usage ? (100 * (usage.cpuMs - last.usage.cpuMs)) / span : null,
      pgCpuPct: pgMs === null ? null : (100 * pgMs) / span,
      loaderCpuPct: (100 * (self.user - last.self.user + self.system - last.self.system)) / 1000 / span,
    });
    last = { at, usage, pg, self };
  };
  const timer = setInterval(() => { busy = busy.then(take); }, 1_000);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      return samples;
    },
  };
}

/** The lowest sample of each whole FLOOR_WINDOW_S window from `fromS` to `toS`, at the window's middle. */
function floorOf(samples: RssSample[], fromS: number, toS: number): { t: number; y: number }[] {
  const windows = new Map<number, number>();
  const whole = Math.floor((toS - fromS) / FLOOR_WINDOW_S + 0.1);
  for (const x of samples) {
    const w = Math.min(Math.floor((x.t - fromS) / FLOOR_WINDOW_S), whole - 1);
    if (w < 0) continue;
    windows.set(w, Math.min(windows.get(w) ?? Number.POSITIVE_INFINITY, x.rssMb));
  }
  return [...windows].map(([w, y]) => ({ t: fromS + (w + 0.5) * FLOOR_WINDOW_S, y }));
}

const meanOf = (xs: (number | null)[]): number | null => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
};

const isAlive = (child: NodeProcess): Promise<boolean> =>
  Promise.race([child.exited.then(() => false), sleep(50).then(() => true)]);

/** After the load: is the process there, does /healthz answer, does a check answer whole? */
async function afterwards(child: NodeProcess, key: string, body: Buffer): Promise<OverloadCase["after"]> {
  const alive = await isAlive(child);
  let healthz: number | null = null;
  let check: number | null = null;
  let checkErrors: string | null = null;
  if (alive) {
    try {
      const res = await fetch(`${child.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      healthz = res.status;
    } catch {
      healthz = null;
    }
    try {
      const res = await fetch(`${child.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const json = (await res.json()) as { errors?: unknown[]; data?: unknown };
      check = res.status;
      if (json.errors?.length) checkErrors = JSON.stringify(json.errors).slice(0, 300);
      else if (!json.data) checkErrors = "no data";
    } catch (error) {
      checkErrors = error instanceof Error ? error.message : String(error);
    }
  }
  const exitCode = alive ? null : await child.exited;
  return { alive, healthz, check, checkErrors, exitCode };
}

interface CaseSpec {
  id: OverloadCase["id"];
  label: string;
  child: NodeProcess;
  rateLimit: number;
  rateWindowS: number;
}

export async function overload(ctx: BenchContext): Promise<number> {
  const { opts, env, pool } = ctx;
  const seconds = opts.durationGiven ? opts.duration : OVERLOAD_DEFAULT_DURATION_S;
  const bodies = bodiesOf(opts.operation, { refs: 1, scenario: "LICENSING" }, pool.refs).service;
  const what = opts.operation === "lookup" ? "one-subject lookup" : "one-subject check (LICENSING)";
  console.log(
    `overload: ${what}, offered at ${opts.overloadFactor}x the measured capacity for ${seconds} s with ${opts.overloadConnections} connections; ` +
      "the service with NODE_ENV=production, LOG_LEVEL=info, rate limits in memory",
  );

  // Capacity ---------------------------------------------------------------------------------
  const unlimited = await step(
    "start service (rate limit raised)",
    () => startService(env, [], { ...PRODUCTION, RATE_LIMIT: String(UNLIMITED) }),
    (c) => `pid ${c.pid}, ${c.url}`,
  );
  const url = `${unlimited.url}/graphql`;
  const headers = { authorization: `Bearer ${ctx.key}` };
  const first = await afterwards(unlimited, ctx.key, bodies[0]!);
  if (first.check !== 200 || first.checkErrors) {
    throw new Error(`the service does not answer the check: HTTP ${first.check} ${first.checkErrors ?? ""}\n${unlimited.tail()}`);
  }
  const cbar = progress("capacity", opts.warmup + opts.capacityDuration, "s");
  const clock = new Clock(cbar);
  if (opts.warmup > 0) {
    await measure({ url, headers, bodies, connections: opts.connections, durationS: opts.warmup, onTick: clock.tick(0, opts.warmup, "warm-up") });
    clock.done += opts.warmup;
  }
  const u0 = usageOf(unlimited.pid);
  const cap = await measure({
    url, headers, bodies, connections: opts.connections, durationS: opts.capacityDuration,
    onTick: clock.tick(clock.done, opts.capacityDuration, "max rate"),
  });
  const u1 = usageOf(unlimited.pid);
  const capacity: Capacity = {
    connections: opts.connections, seconds: opts.capacityDuration, rps: cap.rps, p50Ms: cap.p50Ms, p99Ms: cap.p99Ms, failures: cap.failures,
    cpuPct: u0 && u1 ? (100 * (u1.cpuMs - u0.cpuMs)) / (cap.elapsedS * 1000) : null,
  };
  cbar.stop(`${fmt(capacity.rps)} req/s at ${opts.connections} connections (p50 ${capacity.p50Ms.toFixed(2)} ms, p99 ${capacity.p99Ms.toFixed(2)} ms)`);
  if (!(capacity.rps > 0)) throw new Error(`no 2xx answers at max rate (${cap.failures} failures):\n${unlimited.tail()}`);
  const askedRps = capacity.rps * opts.overloadFactor;

  // The limited service ------------------------------------------------------------------------
  const rateWindowS = opts.rateWindow ?? DEFAULT_RATE_WINDOW_S;
  const rateLimit = opts.rateLimit === "capacity" ? Math.max(1, Math.round(capacity.rps * rateWindowS)) : opts.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limitedSettings: NodeJS.ProcessEnv = {
    ...PRODUCTION,
    RATE_LIMIT: opts.rateLimit === undefined ? "" : String(rateLimit),
    RATE_WINDOW_SECONDS: opts.rateWindow === undefined ? "" : String(rateWindowS),
  };
  const limited = await step(
    `start service (rate limiter on: ${fmt(rateLimit)} requests per ${rateWindowS} s per key${opts.rateLimit === undefined ? ", the default" : ""})`,
    () => startService(env, [], limitedSettings),
    (c) => `pid ${c.pid}, ${c.url}`,
  );

  // Overload ---------------------------------------------------------------------------------
  const specs: CaseSpec[] = [
    { id: "limited", label: "rate limiter on", child: limited, rateLimit, rateWindowS },
    { id: "unlimited", label: "rate limit raised", child: unlimited, rateLimit: UNLIMITED, rateWindowS: DEFAULT_RATE_WINDOW_S },
  ];
  const cases: OverloadCase[] = [];
  for (const spec of specs) {
    // Each service is warmed just before its run (the one measured for the capacity has idled
    // since), at max rate with the run's connections, so its memory holds that many requests at
    // once before RSS is watched; with a key of its own: the load's budget starts full.
    const warmKey = await ctx.createKey(`overload ${spec.id} warm-up`);
    const warm = opts.warmup + opts.capacityDuration;
    const wbar = progress(`warm-up ${spec.id}`, warm, "s");
    const w = await measure({
      url: `${spec.child.url}/graphql`, headers: { authorization: `Bearer ${warmKey}` }, bodies, connections: opts.overloadConnections,
      durationS: warm, onTick: (e, n) => wbar.update(Math.round(e), `${fmt(n / Math.max(e, 1e-3))} 2xx/s`),
    });
    wbar.stop(`${fmt(w.rps)} 2xx/s, ${fmt(w.statuses["429"] ?? 0)} × 429`);
    cases.push(await overloadCase(ctx, spec, bodies, askedRps, seconds));
    // The limited service is done; it would only idle beside the other's run.
    if (spec.id === "limited") await limited.stop();
  }
  const result: OverloadResult = { subjects: opts.subjects, operation: what, factor: opts.overloadFactor, capacity, cases };
  ctx.report.overload = result;
  printOverload(result);
  return cases.every((c) => c.after.alive && c.after.healthz === 200) ? 0 : 1;
}

async function overloadCase(ctx: BenchContext, spec: CaseSpec, bodies: Buffer[], askedRps: number, seconds: number): Promise<OverloadCase> {
  const key = await ctx.createKey(`overload ${spec.id}`);
  const probeKey = await ctx.createKey(`overload ${spec.id} probe`);
  const { child } = spec;
  const connections = ctx.opts.overloadConnections;
  const slices: { ok: number[]; rejected: number; other: number }[] = [];
  const rejectedLatencies: number[] = [];
  const bar = progress(`overload ${spec.id}`, seconds, "s");
  const heapStart = await heapOf(child.url);
  const m0 = machineCpu();
  const u0 = usageOf(child.pid);
  const t0 = performance.now();
  const rss = await sampler(child.pid, t0);
  const pg0 = await backends.cpu();
  const self0 = process.cpuUsage();
  const run = await measure({
    url: `${child.url}/graphql`,
    headers: { authorization: `Bearer ${key}` },
    bodies,
    connections,
    durationS: seconds,
    overallRate: askedRps,
    onTick: (elapsed) => {
      const done = slices.reduce((a, s) => a + s.ok.length, 0);
      const rejected = slices.reduce((a, s) => a + s.rejected, 0);
      bar.update(Math.round(Math.min(elapsed, seconds)), `${fmt(done / Math.max(elapsed, 1e-3))} 2xx/s, ${fmt(rejected / Math.max(elapsed, 1e-3))} 429/s`);
    },
    onResponse: (status, latencyMs) => {
      const i = Math.floor((performance.now() - t0) / 1000 / SLICE_S);
      while (slices.length <= i) slices.push({ ok: [], rejected: 0, other: 0 });
      const slice = slices[i]!;
      if (status >= 200 && status < 300) {
        slice.ok.push(latencyMs);
      } else if (status === 429) {
        slice.rejected++;
        rejectedLatencies.push(latencyMs);
      } else {
        slice.other++;
      }
    },
  });
  const elapsedS = (performance.now() - t0) / 1000;
  const u1 = usageOf(child.pid);
  const m1 = machineCpu();
  const self = process.cpuUsage(self0);
  const pgMs = pgCpuBetween(pg0, await backends.cpu());
  const during = await rss.stop();
  const heapEnd = await heapOf(child.url);
  // A few seconds more: does the memory go back down once the load stops?
  await sleep(3_000);
  const afterMb = usageOf(child.pid)?.rssMb ?? null;
  const after = await afterwards(child, probeKey, bodies[1 % bodies.length]!);
  bar.stop(`${fmt(run.requests / elapsedS)} 2xx/s, ${fmt((run.statuses["429"] ?? 0) / elapsedS)} 429/s`);

  const lastHalf = during.filter((s) => s.t >= seconds / 2);
  const trendStart = seconds >= 3 * SLICE_S ? SLICE_S : 0;
  const trend = fit(floorOf(during.filter((s) => s.t >= trendStart), trendStart, seconds));
  const trendFrom = { fromS: trendStart, slopeMbPerMin: trend.slope * 60, stderrMbPerMin: trend.stderr * 60 };
  const inSlice = (from: number, to: number) => during.filter((x) => x.t > from && x.t <= to + 0.5);
  const otherStatuses = Object.fromEntries(
    Object.entries(run.statuses).filter(([status]) => !(Number(status) >= 200 && Number(status) < 300) && status !== "429"),
  );
  const sent = run.sent;
  return {
    id: spec.id,
    label: spec.label,
    rateLimit: spec.rateLimit,
    rateWindowS: spec.rateWindowS,
    connections,
    seconds,
    askedRps,
    sentRps: sent / elapsedS,
    okRps: run.rps,
    ok: run.requests,
    rejected: run.statuses["429"] ?? 0,
    otherStatuses,
    errors: run.errors,
    timeouts: run.timeouts,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    rejectedP50Ms: percentileOf(rejectedLatencies, 0.5),
    rejectedP99Ms: percentileOf(rejectedLatencies, 0.99),
    slices: slices.map((s, i) => ({
      fromS: i * SLICE_S,
      toS: Math.min((i + 1) * SLICE_S, seconds),
      ok: s.ok.length,
      rejected: s.rejected,
      other: s.other,
      p50Ms: percentileOf(s.ok, 0.5),
      p99Ms: percentileOf(s.ok, 0.99),
      serviceCpuPct: meanOf(inSlice(i * SLICE_S, (i + 1) * SLICE_S).map((x) => x.cpuPct)),
      pgCpuPct: meanOf(inSlice(i * SLICE_S, (i + 1) * SLICE_S).map((x) => x.pgCpuPct)),
      rssFloorMb: inSlice(i * SLICE_S, (i + 1) * SLICE_S).reduce<number | null>((a, x) => (a === null ? x.rssMb : Math.min(a, x.rssMb)), null),
    })).filter((s) => s.fromS < seconds),
    rss: {
      startMb: during[0]?.rssMb ?? Number.NaN,
      maxMb: Math.max(...during.map((s) => s.rssMb)),
      endMb: during.at(-1)?.rssMb ?? Number.NaN,
      afterMb,
      slopeMbPerMin: fit(lastHalf.map((s) => ({ t: s.t, y: s.rssMb }))).slope * 60,
      floorSlopeMbPerMin: fit(floorOf(lastHalf, seconds / 2, seconds)).slope * 60,
      floorTrend: trendFrom,
      samples: during,
    },
    serviceCpuPct: u0 && u1 ? (100 * (u1.cpuMs - u0.cpuMs)) / (elapsedS * 1000) : meanOf(during.map((x) => x.cpuPct)),
    pgCpuPct: pgMs === null ? null : (100 * pgMs) / (elapsedS * 1000),
    loaderCpuPct: (100 * (self.user + self.system)) / 1000 / (elapsedS * 1000),
    machineBusyPct: m0 && m1 ? (100 * (m1.busyMs - m0.busyMs)) / Math.max(1, m1.totalMs - m0.totalMs) : null,
    heap: { start: heapStart, end: heapEnd },
    after,
  };
}
