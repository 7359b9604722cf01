// What the benchmark loads: the service and the bare baseline, each a child process, with the
// request bodies each of them takes and a probe that checks an answer is whole.
import { buildService } from "../../src/cli/build.js";
import { freePort, type NodeProcess, startNodeProcess, startServiceProcess } from "../support/processes.js";
import { pick, type Ref } from "./refs.js";
import type { BaselineMode, Operation } from "./statements.js";

export const POOL_SIZE = 10;

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

/** The service; the baseline running the service's own SQL; the plain lookup ceiling (baseline.ts --operation ceiling). */
export type TargetName = "service" | "baseline" | "ceiling";
export const TARGET_NAMES = ["service", "baseline", "ceiling"] as const satisfies readonly TargetName[];

export function serviceBody(operation: Operation, refs: Ref[], scenario: string): Buffer {
  const body = operation === "lookup"
    ? { query: LOOKUP_QUERY, variables: { ref: refs[0] } }
    : { query: CHECK_QUERY, variables: { input: { scenario, subjects: refs } } };
  return Buffer.from(JSON.stringify(body));
}
const baselineBody = (refs: Ref[], scenario: string): Buffer => Buffer.from(JSON.stringify({ refs, scenario }));

/** What a case asks: `refs` refs per request in `scenario`. */
export interface Ask {
  refs: number;
  scenario: string;
}

/** Request bodies of a case: each one-subject ref once, or batches of distinct random refs. */
export function bodiesOf(operation: Operation, c: Ask, pool: Ref[]): Record<TargetName, Buffer[]> {
  const batches: Ref[][] = c.refs === 1 ? pool.map((r) => [r]) : Array.from({ length: c.refs >= 1_000 ? 40 : 200 }, () => pick(pool, c.refs));
  const bare = batches.map((b) => baselineBody(b, c.scenario));
  return { service: batches.map((b) => serviceBody(operation, b, c.scenario)), baseline: bare, ceiling: bare };
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface Target {
  name: TargetName;
  child: NodeProcess;
  path: string;
  headers: Record<string, string>;
  /** SQL statements sent so far, or null when the server does not say. */
  statements(): Promise<number | null>;
}

export async function getText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return text;
}

const METRIC = /^creditgate_sql_statements_total(?:\{[^}]*\})?\s+(\S+)/;

/** The sum of `creditgate_sql_statements_total` over its series, or null when it is not exported. */
export async function serviceStatements(url: string): Promise<number | null> {
  let sum: number | null = null;
  for (const line of (await getText(`${url}/metrics`)).split("\n")) {
    const m = METRIC.exec(line);
    if (m) sum = (sum ?? 0) + Number(m[1]);
  }
  return sum;
}

const children: NodeProcess[] = [];

/**
 * Settings of the service under the comparison: production (as deployed: graphql-js without its
 * development checks, no suggestions, no GraphiQL); the per-caller budget stays in the path (its
 * cost is the service's) but is never reached; kept in memory, as one process would.
 */
export const COMPARISON_SETTINGS: NodeJS.ProcessEnv = { NODE_ENV: "production", LOG_LEVEL: "warn", RATE_LIMIT: "2000000000", REDIS_URL: "", SHUTDOWN_GRACE_MS: "3000" };

/** The service is measured as `npm start` runs it: compiled once per run. */
let built: Promise<string> | undefined;

/**
 * Starts the service. `settings` are the environment it runs with over the process's own (the
 * comparison's by default); an empty value unsets a setting (the service then uses its default).
 */
export async function startService(
  env: NodeJS.ProcessEnv, nodeArgs: string[] = [], settings: NodeJS.ProcessEnv = COMPARISON_SETTINGS,
): Promise<NodeProcess> {
  built ??= buildService();
  const child = await startServiceProcess({ ...env, DB_POOL_SIZE: String(POOL_SIZE), ...settings }, { nodeArgs, timeoutMs: 90_000, built: await built });
  children.push(child);
  return child;
}

/** The baseline (baseline.ts) on the bench database, its settings given as its options. */
export async function startBaseline(
  db: { url: string; dataKey: string }, baseline: { operation: BaselineMode; prepare: boolean }, nodeArgs: string[] = [],
): Promise<NodeProcess> {
  const port = await freePort();
  const child = await startNodeProcess({
    name: baseline.operation === "ceiling" ? "ceiling" : "baseline",
    args: [
      ...nodeArgs, "--import", "tsx", "test/bench/baseline.ts", "--database-url", db.url, "--data-key", db.dataKey, "--port", String(port),
      "--pool", String(POOL_SIZE), "--operation", baseline.operation, ...(baseline.prepare ? [] : ["--no-prepare"]),
    ],
    env: process.env,
    port,
    readyPath: "/readyz",
  });
  children.push(child);
  return child;
}

export async function stopChildren(): Promise<void> {
  await Promise.allSettled(children.splice(0).map((c) => c.stop()));
}

/** One request outside the measurement: the answer must be whole and error-free. */
export async function probe(target: Target, operation: Operation, body: Buffer, expected: number): Promise<Record<string, number>> {
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
  if (target.name !== "service") {
    if (json.results?.length !== expected) throw new Error(`${target.name} answered ${json.results?.length} results for ${expected} refs`);
    return {};
  }
  if (json.errors?.length) throw new Error(`service answered errors: ${JSON.stringify(json.errors).slice(0, 800)}`);
  if (operation === "lookup") return {};
  const results = json.data?.check?.results ?? [];
  if (results.length !== expected) throw new Error(`service answered ${results.length} results for ${expected} refs`);
  const tally: Record<string, number> = {};
  for (const r of results) {
    const key = r.error ? "ERROR" : r.found ? r.decision ?? "null" : "NOT_FOUND";
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}
