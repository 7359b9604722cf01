// `npm run audit:checkpoint [-- --out file]`: signs the audit chain's head now, stores the
// checkpoint and prints it as JSON (or writes it to a file), to be kept outside the database and
// given to `npm run audit:verify -- --checkpoint file` later.
// Exit 0 signed, 1 refused (the chain no longer extends the latest checkpoint), 2 could not sign.
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { loadConfig, resolveCheckpointKey } from "../config.js";
import { openDatabase } from "../db/client.js";
import { CheckpointRefused, exportCheckpoint, writeCheckpoint } from "../modules/audit/audit.checkpoint.js";

async function main(): Promise<number> {
  const opts = new Command().name("audit:checkpoint")
    .option("--out <file>", "write the checkpoint to this file instead of stdout")
    .parse().opts<{ out?: string }>();
  const config = loadConfig();
  const key = resolveCheckpointKey(config);
  if (!key) throw new Error("AUDIT_CHECKPOINT_KEY is not set: checkpoints are signed with it (32 bytes, base64: `openssl rand -base64 32`)");
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    const { checkpoint } = await writeCheckpoint(handle.db, key);
    const json = `${exportCheckpoint(checkpoint)}\n`;
    if (opts.out === undefined) {
      process.stdout.write(json);
    } else {
      writeFileSync(opts.out, json);
      process.stderr.write(`checkpoint of event ${checkpoint.seq} written to ${opts.out}\n`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof CheckpointRefused)) throw err;
    console.error(`audit checkpoint refused: ${err.message}; run npm run audit:verify`);
    return 1;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main().catch((err: unknown) => {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  console.error(`audit checkpoint failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  return 2;
});
