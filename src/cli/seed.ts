// `npm run seed -- --subjects N [--seed S] [--today YYYY-MM-DD] [--reset]`: fills the configured
// database (DATABASE_URL, or PGlite in DATA_DIR) with a synthetic register, with progress.
import { Command, InvalidArgumentError } from "commander";
import { SingleBar } from "cli-progress";
import { loadConfig, resolveDataKey } from "../config.js";
import { migrateDatabase } from "../db/client.js";
import { openForCommand } from "./open.js";
import { loadRegister, registerIsEmpty, resetRegister } from "../seed/load.js";
import { DEMO_SEED } from "../seed/synthetic.js";
import { chinaDate } from "../shared/clock.js";
import { createProtector } from "../shared/protect.js";

const wholeNumber = (min: number) => (raw: string): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
  return n;
};

const isoDate = (raw: string): string => {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(raw)) throw new InvalidArgumentError("expected YYYY-MM-DD");
  return raw;
};

const program = new Command()
  .name("seed")
  .description("Fill the register with a reproducible synthetic register (valid codes, Yunnan regions, records, lists, grades).")
  .requiredOption("--subjects <n>", "number of subjects to generate", wholeNumber(1))
  .option("--seed <s>", "seed of the generator; the same seed gives the same register", wholeNumber(0), DEMO_SEED)
  .option("--today <date>", "date the register's dates are relative to (default: today in China)", isoDate)
  .option("--reset", "empty the register first (TRUNCATE … CASCADE)", false)
  .parse();

const opts = program.opts<{ subjects: number; seed: number; today?: string; reset: boolean }>();
const today = opts.today ?? chinaDate();
const config = loadConfig();
const protector = createProtector(resolveDataKey(config));
const handle = await openForCommand({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE });
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

/** A progress display: a bar on a terminal, a plain line every 5 s otherwise (CI logs, pipes). */
function progress(total: number): { update: (done: number) => void; stop: () => void } {
  const started = performance.now();
  const rate = (done: number): number => done / Math.max((performance.now() - started) / 1000, 1e-3);
  if (process.stdout.isTTY) {
    const bar = new SingleBar({
      format: "{bar} {percentage}% | {value}/{total} subjects | {speed} subjects/s | ETA {eta_formatted}",
      etaBuffer: 20,
    });
    bar.start(total, 0, { speed: "0" });
    return { update: (done) => bar.update(done, { speed: fmt(rate(done)) }), stop: () => bar.stop() };
  }
  let lastLine = 0;
  return {
    update(done) {
      const now = performance.now();
      if (now - lastLine < 5_000 && done < total) return;
      lastLine = now;
      const eta = (total - done) / Math.max(rate(done), 1);
      console.log(`${fmt(done)}/${fmt(total)} subjects, ${fmt(rate(done))} subjects/s, ETA ${eta.toFixed(0)} s`);
    },
    stop: () => {},
  };
}

async function run(): Promise<number> {
  await migrateDatabase(handle);
  if (opts.reset) {
    await resetRegister(handle);
  } else if (!(await registerIsEmpty(handle))) {
    console.error("The register already has subjects: run again with --reset to empty it first (this deletes all register data).");
    return 1;
  }
  const where = handle.driver === "postgres" ? "PostgreSQL" : `PGlite in ${config.DATA_DIR}`;
  console.log(`seeding ${fmt(opts.subjects)} subjects into ${where} (seed ${opts.seed}, today ${today})`);
  const started = performance.now();
  const display = progress(opts.subjects);
  let counts;
  try {
    counts = await loadRegister(handle, {
      subjects: opts.subjects, seed: opts.seed, today, protector, connections: Math.min(4, config.DB_POOL_SIZE), onProgress: display.update,
    });
  } finally {
    display.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(14)} ${fmt(n).padStart(12)}`);
  console.log(
    `seeded ${fmt(counts.subject)} subjects and ${fmt(rows)} rows in ${seconds.toFixed(1)} s: ` +
      `${fmt(counts.subject / seconds)} subjects/s, ${fmt(rows / seconds)} rows/s`,
  );
  return 0;
}

try {
  process.exitCode = await run();
} catch (error) {
  console.error(`seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
