// `npm run audit:verify [-- --checkpoint file]`: walks the audit hash chain of the configured
// database (DATABASE_URL, or PGlite in DATA_DIR), checks its head and the newest stored signed
// checkpoint, and an exported one when given, and names the first broken event.
// Exit 0 intact, 1 broken, 2 could not check.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { loadConfig, resolveCheckpointKey } from "../config.js";
import { openDatabase } from "../db/client.js";
import { type Checkpoint, parseCheckpoint } from "../modules/audit/audit.checkpoint.js";
import { latestCheckpoint } from "../modules/audit/audit.store.js";
import { verifyChain } from "../modules/audit/audit.verify.js";

const fmt = (n: number): string => n.toLocaleString("en-US");

async function main(): Promise<number> {
  const opts = new Command().name("audit:verify")
    .option("--checkpoint <file>", "an exported checkpoint (npm run audit:checkpoint) the chain must still match")
    .parse().opts<{ checkpoint?: string }>();
  const config = loadConfig();
  const key = resolveCheckpointKey(config);
  const exported = opts.checkpoint === undefined ? null : parseCheckpoint(readFileSync(opts.checkpoint, "utf8"));
  if (exported && !key) throw new Error("--checkpoint needs AUDIT_CHECKPOINT_KEY, the key that signed it");
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    const stored = await latestCheckpoint(handle.db);
    const checkpoints: Checkpoint[] = [];
    if (exported) checkpoints.push(exported);
    if (stored && key) checkpoints.push(stored);
    if (stored && !key) process.stderr.write("warning: the stored checkpoints are not checked: AUDIT_CHECKPOINT_KEY is not set\n");
    if (checkpoints.length === 0) {
      process.stderr.write("warning: no signed checkpoint to check against: a chain cut short with its head moved back, "
        + "or rewritten with fresh hashes, would look intact\n");
    }
    // Progress goes to stderr, so stdout carries only the verdict; a line every 5 s at most.
    let lastReport = performance.now();
    const verdict = await verifyChain(handle.db, (checked) => {
      if (performance.now() - lastReport < 5000) return;
      lastReport = performance.now();
      process.stderr.write(`checked ${fmt(checked)} events…\n`);
    }, undefined, { checkpoints, key });
    if (verdict.ok) {
      const anchored = verdict.checkpoint ? `; matches the signed checkpoint of ${verdict.checkpoint.at.toISOString()} (event ${verdict.checkpoint.seq})` : "";
      const skipped = verdict.skippedSeqs ? `; ${verdict.skippedSeqs} seq numbers unused by rolled-back appends` : "";
      console.log(`audit chain intact: ${verdict.events} events${anchored}${skipped}`);
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
