// `npm run audit:verify`: walks the audit hash chain of the configured database (DATABASE_URL,
// or PGlite in DATA_DIR) and names the first broken event. Exit 0 intact, 1 broken, 2 could not check.
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { verifyChain } from "../modules/audit/audit.service.js";

const fmt = (n: number): string => n.toLocaleString("en-US");

async function main(): Promise<number> {
  const config = loadConfig();
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    // Progress goes to stderr, so stdout carries only the verdict; a line every 5 s at most.
    let lastReport = performance.now();
    const verdict = await verifyChain(handle.db, (checked) => {
      if (performance.now() - lastReport < 5000) return;
      lastReport = performance.now();
      process.stderr.write(`checked ${fmt(checked)} events…\n`);
    });
    if (verdict.ok) {
      console.log(`audit chain intact: ${verdict.events} events`);
      return 0;
    }
    console.log(`audit chain broken at event ${verdict.brokenSeq}: ${verdict.reason}`);
    return 1;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main().catch((err: unknown) => {
  // drizzle wraps driver errors in "Failed query: <sql>"; the driver's message says what went wrong.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  console.error(`audit verify failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  return 2;
});
