// One measurement: autocannon against a loopback URL for a fixed time, every request a POST of
// the next body from a shuffled set (a shared cursor, so connections do not ask the same thing
// in lockstep). Latencies are taken from each response in ms with fractions (autocannon's own
// histogram keeps whole milliseconds, too coarse for a 2 ms request).
import autocannon from "autocannon";

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  bodies: readonly Buffer[];
  connections: number;
  durationS: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
  /** Called about once a second with the seconds elapsed and 2xx responses so far. */
  onTick?: (elapsedS: number, responses: number) => void;
  /** Called on every response with its status and latency (ms). */
  onResponse?: (statusCode: number, latencyMs: number) => void;
}

export interface LoadResult {
  /** 2xx responses. */
  requests: number;
  /** Requests sent, including those in flight when the time was up (the server still serves them). */
  sent: number;
  elapsedS: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Non-2xx responses, socket errors and timeouts. */
  failures: number;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  /** Socket errors (refused or reset connections, …). */
  errors: number;
  /** Requests without an answer within the timeout. */
  timeouts: number;
}

/** The q-quantile of sorted values (nearest rank). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function measure(spec: LoadSpec): Promise<LoadResult> {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(spec.url)) {
    return Promise.reject(new Error(`refusing to load ${spec.url}: the benchmark sends traffic to loopback addresses only`));
  }
  if (spec.bodies.length === 0) return Promise.reject(new Error("no request bodies"));
  let cursor = Math.floor(Math.random() * spec.bodies.length);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let failed = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: spec.url,
      method: "POST",
      headers: { "content-type": "application/json", ...spec.headers },
      connections: spec.connections,
      duration: spec.durationS,
      timeout: 10,
      ...(spec.overallRate ? { overallRate: Math.max(1, Math.round(spec.overallRate)) } : {}),
      requests: [{
        method: "POST",
        setupRequest: (request) => {
          const body = spec.bodies[cursor]!;
          cursor = cursor + 1 === spec.bodies.length ? 0 : cursor + 1;
          return { ...request, body } as typeof request;
        },
      }],
    }, (error, result) => {
      clearInterval(ticker);
      if (error) return reject(error);
      const elapsedS = (performance.now() - started) / 1000;
      const sorted = latencies.slice(0, count).sort();
      let sum = 0;
      for (let i = 0; i < count; i++) sum += sorted[i]!;
      resolve({
        requests: count,
        sent: result.requests.sent,
        elapsedS,
        // autocannon's own duration excludes connection set-up; use it when it is there.
        rps: count / (result.duration > 0 ? result.duration : elapsedS),
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        meanMs: count ? sum / count : Number.NaN,
        failures: failed + result.errors + result.timeouts,
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
      });
    });
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      spec.onResponse?.(statusCode, responseTime);
      if (statusCode < 200 || statusCode >= 300) {
        failed++;
        return;
      }
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
    });
    const ticker = setInterval(() => spec.onTick?.((performance.now() - started) / 1000, count), 1_000);
  });
}
