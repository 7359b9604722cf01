// Time to first render of the public window's pages, in Debian's headless Chromium, against a
// running service: `npm run bench:window -- --url http://127.0.0.1:4000 --rounds 7`. For each page
// it opens a fresh browser context (no cache) per round and reads the navigation timing (time to
// the first byte, to the whole document) and first-contentful-paint; it prints medians and worst.
import { Command } from "commander";
import { chromium } from "playwright-core";
import { logger } from "../../src/logger.js";
import { fmt, progress } from "./progress.js";

const program = new Command()
  .option("--url <url>", "the running service", "http://127.0.0.1:4000")
  .option("--rounds <n>", "loads of each page", (v) => Number.parseInt(v, 10), 7)
  .option("--chromium <path>", "the browser", process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")
  .parse();
const opts = program.opts<{ url: string; rounds: number; chromium: string }>();

/** A blacklisted organization's page: found through the public API, as a visitor would. */
async function subjectPath(): Promise<string> {
  const res = await fetch(`${opts.url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ listEntries(list: BLACK, first: 50) { nodes { subject { kind identifier } } } }` }),
  });
  const body = (await res.json()) as { data: { listEntries: { nodes: { subject: { kind: string; identifier: string } }[] } } };
  const org = body.data.listEntries.nodes.find((n) => n.subject.kind === "ORGANIZATION");
  if (!org) throw new Error("no blacklisted organization in the register");
  return `/subjects/organization/${encodeURIComponent(org.subject.identifier)}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const paths = ["/", "/lists/black", await subjectPath()];
const browser = await chromium.launch({
  executablePath: opts.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const bar = progress("window pages", paths.length * opts.rounds, "loads");
const results: Record<string, { ttfb: number[]; document: number[]; fcp: number[] }> = {};
let done = 0;
for (const path of paths) {
  results[path] = { ttfb: [], document: [], fcp: [] };
  // One load to warm the service (its first query plans, template cache); not counted.
  for (let round = -1; round < opts.rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${opts.url}${path}`, { waitUntil: "load" });
    const t = await page.evaluate(() => {
      const nav = (performance as any).getEntriesByType("navigation")[0] as { responseStart: number; requestStart: number; responseEnd: number; startTime: number };
      return { ttfb: nav.responseStart - nav.requestStart, document: nav.responseEnd - nav.startTime,
      };
    });
    // The paint entry may come after `load`: wait for it (buffered), a few seconds at most.
    const fcp = await page.evaluate(() => new Promise<number>((resolve) => {
      const PO = (globalThis as any).PerformanceObserver;
      new PO((list: any) => {
        const entry = list.getEntries().find((e: { name: string }) => e.name === "first-contentful-paint");
        if (entry) resolve(entry.startTime);
      }).observe({ type: "paint", buffered: true });
      setTimeout(() => resolve(Number.NaN), 5000);
    }));
    await context.close();
    if (round < 0) continue;
    results[path]!.ttfb.push(t.ttfb);
    results[path]!.document.push(t.document);
    results[path]!.fcp.push(fcp);
    bar.update(++done, path);
  }
}
bar.stop();
await browser.close();
for (const [path, r] of Object.entries(results)) {
  const summary = { path, rounds: opts.rounds, ttfbMs: median(r.ttfb), documentMs: median(r.document), fcpMs: median(r.fcp), fcpWorstMs: Math.max(...r.fcp) };
  logger.info(summary, "window page timing");
  console.log(`${path.padEnd(48)} first byte ${fmt(summary.ttfbMs)} ms | document ${fmt(summary.documentMs)} ms | FCP median ${fmt(summary.fcpMs)} ms, worst ${fmt(summary.fcpWorstMs)} ms`);
}
