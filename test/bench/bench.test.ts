// A smoke run of `npm run bench` on a tiny register for a second per measurement: it seeds, starts
// both servers, measures every case and prints the report and the JSON figures whole. Nothing
// here judges speed: the verdicts are the bench's to print, not the test's to require.
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/processes.js";

/** The bench's own database beside the tests' one: it empties and seeds it (its name says "bench"). */
function benchDatabaseUrl(): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${url.pathname.slice(1).replace(/_?test$/, "")}_bench_test`.replace(/^\/_/, "/");
  return url.href;
}

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "test/bench/run.ts", ...args], { cwd: ROOT, env: process.env, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

interface Side { rps: number; statementsPerRequest: number | null }
interface Figures {
  cases: { id: string; label: string; ratio: number; ceilingRatio: number; service: Side; baseline: Side; ceiling: Side }[];
  budget: { rule: string; verdict: string }[];
  seed: { counts: Record<string, number> };
}

// The bench runs on PostgreSQL only (it refuses PGlite: embedded figures say nothing of a deployment).
describe.skipIf(!process.env.DATABASE_URL)("npm run bench", () => {
  it("seeds a tiny register, measures the service against the baseline and the plain lookup ceiling and reports every case, ratio and budget line", async () => {
    const run = await runBench([
      "--subjects", "1000", "--duration", "1", "--warmup", "0", "--rounds", "1", "--no-enforcement", "--batch-connections", "1",
      "--database-url", benchDatabaseUrl(),
    ]);
    expect(run.code, run.stderr || run.stdout.slice(-2000)).toBe(0);
    const out = run.stdout;

    expect(out).toMatch(/^seed: 1,000 subjects, [\d,]+ rows in /m);
    expect(out).toMatch(/^sample refs: 1,000 in the register, 500 not/m);
    expect(out).toMatch(/^case\s+server\s+req\/s\s+p50 ms\s+p99 ms\s+subjects\/s\s+SQL\/req\s+CPU µs\/req\s+PG µs\/req\s+RSS MB\s+busy %\s+vs baseline\s+vs ceiling$/m);
    for (const label of ["one-subject check (20 conn)", "100-subject check (1 conn)", "1,000-subject check (1 conn)"]) {
      const at = out.indexOf(label);
      expect(at, label).toBeGreaterThan(0);
      const [service, baseline, ceiling] = out.slice(at).split("\n");
      expect(service).toMatch(/\sservice\s.*\s\d+\.\d\dx\s+\d+\.\d\dx$/);
      expect(baseline).toMatch(/^\s+baseline\s.*\s1\.00\s/); // the baseline runs one statement a request
      expect(ceiling).toMatch(/^\s+ceiling\s.*\s1\.00\s/); // and so does the plain lookup ceiling
    }
    expect(out).toMatch(/^one subject at [\d,]+ req\/s\s+service/m);

    const budget = out.slice(out.indexOf("Performance budget (README)")).split("\n").slice(1, 7);
    expect(budget.map((l) => l.trim().split(/\s+/)[0])).toEqual(budget.map(() => expect.stringMatching(/^(PASS|FAIL)$/)));
    expect(budget.join("\n")).toMatch(/PASS\s+SQL statements per check constant whatever the batch size/);
    expect(out).toMatch(/^answers of the probe requests \(3 per case\): one-subject check: .*\| 1,000-subject check: .*NOT_FOUND \d+/m);

    const file = /figures written to (\S+\.json)$/m.exec(out)?.[1];
    expect(file).toBeDefined();
    const figures = JSON.parse(readFileSync(file!, "utf8")) as Figures;
    rmSync(file!);
    expect(figures.seed.counts.subject).toBe(1000);
    expect(figures.cases.map((c) => c.id)).toEqual(["one", "batch100", "batch1000"]);
    for (const c of figures.cases) {
      expect(c.service.rps).toBeGreaterThan(0);
      expect(c.ratio).toBeCloseTo(c.service.rps / c.baseline.rps, 6);
      expect(c.ceilingRatio).toBeCloseTo(c.service.rps / c.ceiling.rps, 6);
      expect(c.baseline.statementsPerRequest).toBe(1);
      expect(c.ceiling.statementsPerRequest).toBe(1);
    }
    expect(figures.budget).toHaveLength(6);
  }, 240_000);
});
