// `npm run bench -- --search`: searchSubjects latency on the bench register, as the public window
// asks it (PUBLIC, first: 20), one request at a time, by kind of term: one, two and three
// characters cut from names in the register, the commonest words, and whole names (ranked by
// similarity, as before). p50 and p99 per kind, against the budget (p50 < 50 ms, p99 < 200 ms for
// the short terms and the commonest words).
import type postgres from "postgres";
import type { BenchContext } from "./context.js";
import { percentile } from "./load.js";
import { fmt, progress, step } from "./progress.js";
import { COMPARISON_SETTINGS, startService } from "./targets.js";

const QUERY = `query BenchSearch($name: String!) { searchSubjects(name: $name, first: 20) { nodes { kind identifier name region } pageInfo { hasNextPage endCursor } } }`;

/** Words in a good part of a transport register's names (the 运输 and 有限公司 among them). */
const COMMONEST = ["运输", "有限公司", "物流", "客运", "运输有限公司", "有限责任公司", "物流有限公司", "汽车运输"];

const TERMS_PER_KIND = 40;
const ROUNDS = 2;

interface KindResult { kind: string; terms: number; requests: number; p50Ms: number; p99Ms: number; maxMs: number; budgeted: boolean }


/** Terms cut from names of organisations in the register (random, not the first ones). */
async function sampleTerms(sql: postgres.Sql): Promise<Record<string, string[]>> {
  const rows = await sql<{ name: string }[]>`select name from subject tablesample system (1) where kind = 'ORGANIZATION' limit 2000`;
  const names = rows.map((r) => r.name).filter((n) => [...n].length >= 4);
  let state = 20241203;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cut = (length: number) => {
    const chars = [...names[Math.floor(random() * names.length)]!];
    const at = Math.floor(random() * (chars.length - length + 1));
    return chars.slice(at, at + length).join("");
  };
  const distinct = (make: () => string) => {
    const set = new Set<string>();
    for (let i = 0; set.size < TERMS_PER_KIND && i < TERMS_PER_KIND * 20; i++) set.add(make());
    return [...set];
  };
  return {
    "1 character": distinct(() => cut(1)),
    "2 characters": distinct(() => cut(2)),
    "3 characters": distinct(() => cut(3)),
    "commonest words": COMMONEST,
    "whole names": distinct(() => names[Math.floor(random() * names.length)]!),
  };
}

export async function searchBench(ctx: BenchContext, sql: postgres.Sql): Promise<number> {
  const terms = await step("sample search terms", () => sampleTerms(sql), (t) => Object.values(t).map((l) => l.length).join(" + "));
  const service = await step("start service", () => startService(ctx.env, [], { ...COMPARISON_SETTINGS, RATE_LIMIT_PUBLIC: "2000000000" }),
    (c) => `pid ${c.pid}, ${c.url}`);
  const total = Object.values(terms).reduce((a, l) => a + l.length * ROUNDS, 0);
  const bar = progress("search", total, "requests");
  const results: KindResult[] = [];
  let done = 0;
  for (const [kind, list] of Object.entries(terms)) {
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of list) {
        const started = performance.now();
        const res = await fetch(`${service.url}/graphql`, {
          method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY, variables: { name } }),
        });
        const body = await res.json() as { errors?: { message: string }[] };
        if (!res.ok || body.errors) throw new Error(`search for ${name}: HTTP ${res.status} ${body.errors?.[0]?.message ?? ""}`);
        latencies.push(performance.now() - started);
        bar.update(++done, kind);
      }
    }
    latencies.sort((a, b) => a - b);
    results.push({
      kind, terms: list.length, requests: latencies.length, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1)!, budgeted: kind !== "whole names",
    });
  }
  bar.stop(`${fmt(done)} searches`);
  ctx.report.search = results;

  console.log(`\nsearchSubjects(name, first: 20) as PUBLIC, one request at a time, ${ROUNDS} rounds per term\n`);
  console.log(`${"terms".padEnd(16)}  ${"n".padStart(5)}  ${"p50 ms".padStart(7)}  ${"p99 ms".padStart(7)}  ${"max ms".padStart(7)}`);
  for (const r of results) {
    console.log(`${r.kind.padEnd(16)}  ${String(r.requests).padStart(5)}  ${r.p50Ms.toFixed(1).padStart(7)}  ${r.p99Ms.toFixed(1).padStart(7)}  ${r.maxMs.toFixed(1).padStart(7)}`);
  }
  console.log("\nPerformance budget (README)");
  for (const r of results.filter((x) => x.budgeted)) {
    const ok = r.p50Ms < 50 && r.p99Ms < 200;
    console.log(`  ${ok ? "PASS" : "FAIL"}  search, ${r.kind}: p50 < 50 ms and p99 < 200 ms   ${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)} ms`);
  }
  console.log("  (whole names are ranked by similarity, as before: measured, not budgeted)");
  return 0;
}
