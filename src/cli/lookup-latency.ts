// `npm run lookup-latency -- [--requests N]`: p50/p90/p99 of `subject(ref)` over HTTP against
// the configured register, one request at a time. Starts the service in-process on a free port.
import { Command } from "commander";
import { sql } from "drizzle-orm";
import { loadConfig } from "../config.js";
import { DatabaseLockedError } from "../db/lock.js";
import { subject } from "../db/schema.js";
import { startServer } from "../server.js";

const opts = new Command()
  .option("--requests <n>", "requests to time", (v) => Number.parseInt(v, 10), 2000)
  .option("--warmup <n>", "untimed requests first", (v) => Number.parseInt(v, 10), 200)
  .parse()
  .opts<{ requests: number; warmup: number }>();

const server = await startServer({ ...loadConfig(), PORT: 0, SEED_DEMO: false, LOG_LEVEL: "warn" }).catch((error: unknown) => {
  if (!(error instanceof DatabaseLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
});
const refs = await server.handle.db.select({ kind: subject.kind, identifier: subject.identifier }).from(subject)
  .where(sql`${subject.kind} <> 'PERSON'`)
  .orderBy(sql`random()`).limit(opts.requests + opts.warmup);
if (refs.length === 0) throw new Error("the register is empty: run `npm run seed -- --subjects N` first");

const query = `query ($ref: SubjectRef!) { subject(ref: $ref) { id name region listEntries { list reason } } }`;
async function lookup(ref: { kind: string; identifier: string }): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables: { ref } }),
  });
  const body = (await res.json()) as { data?: { subject: unknown }; errors?: unknown };
  if (body.errors || !body.data?.subject) throw new Error(`lookup failed: ${JSON.stringify(body.errors)}`);
  return performance.now() - started;
}

for (let i = 0; i < opts.warmup; i++) await lookup(refs[i % refs.length]!);
const times: number[] = [];
for (let i = 0; i < opts.requests; i++) times.push(await lookup(refs[(opts.warmup + i) % refs.length]!));
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
const [{ count }] = await server.handle.db.select({ count: sql<number>`count(*)::int` }).from(subject);
console.log(JSON.stringify({
  driver: server.handle.driver, registerSubjects: count, requests: times.length,
  p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99),
}));
await server.close();
