// `npm run exchange -- export|push|import --partner MINISTRY|PROVINCE [--file F]`: the exchange hub
// from the command line, on the configured database (DATABASE_URL, or PGlite in DATA_DIR):
// make (or show again) a partner's open batch and write its file, push it to the partner's URL, or
// import a partner's batch file — streamed, all or nothing, with progress and figures at the end.
import { randomUUID } from "node:crypto";
import { createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import type { Principal } from "../auth/principal.js";
import { loadConfig, resolveDataKey } from "../config.js";
import { migrateDatabase } from "../db/client.js";
import { logger } from "../logger.js";
import { CatalogueService } from "../modules/catalogue/catalogue.service.js";
import { JointReportService } from "../modules/jointreport/jointreport.service.js";
import { ExchangeService, PARTNERS } from "../modules/exchange/exchange.service.js";
import type { Partner } from "../modules/exchange/exchange.store.js";
import { AppError } from "../shared/errors.js";
import { createProtector } from "../shared/protect.js";
import { RulesService } from "../modules/rules/rules.service.js";
import { openForCommand } from "./open.js";

const partnerOption = () => new Option("--partner <partner>", "MINISTRY or PROVINCE").choices(PARTNERS).makeOptionMandatory();
const OPERATOR: Principal = { role: "ADMIN", id: "cli:exchange", name: "npm run exchange", region: null, keyId: null };

async function withService<T>(work: (service: ExchangeService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  logger.level = config.LOG_LEVEL;
  const handle = await openForCommand({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await migrateDatabase(handle);
    const jointReports = new JointReportService(handle.db, new CatalogueService(handle.db));
    const rules = new RulesService(handle.db, config.MAX_PAGE_SIZE);
    return await work(new ExchangeService(handle.db, handle.db, config, createProtector(resolveDataKey(config)), jointReports, rules));
  } finally {
    await handle.close();
  }
}

/** A bar on a terminal; a plain line every 10,000 lines otherwise (CI logs, pipes, tests). */
function progress(total: number | null) {
  if (process.stdout.isTTY && total) {
    const bar = new SingleBar({ format: "{bar} {percentage}% | {value}/{total} lines | {speed} lines/s" });
    const started = performance.now();
    bar.start(total, 0, { speed: "0" });
    return { update: (n: number) => bar.update(n, { speed: Math.round(n / Math.max((performance.now() - started) / 1000, 1e-3)) }), stop: () => bar.stop() };
  }
  let shown = 0;
  return {
    update(n: number) {
      if (n - shown < 10_000) return;
      shown = n;
      console.log(`imported ${n} lines`);
    },
    stop() {},
  };
}

const program = new Command().name("exchange").description("Batches to and from the ministry's and the province's platforms (数据交换)");

program.command("export").description("make the partner's next batch (or its open one) and write its file")
  .addOption(partnerOption()).option("--out <file>", "where to write the batch file (default: stdout)")
  .action((opts: { partner: Partner; out?: string }) => withService(async (service) => {
    const batch = await service.exportBatch(opts.partner);
    const file = service.batchFile(batch);
    if (opts.out) writeFileSync(opts.out, file);
    else process.stdout.write(file);
    logger.info({ batchId: batch.id, partner: batch.partner, status: batch.status, lines: batch.lines, sha256: batch.hash }, "exchange batch");
  }));

program.command("push").description("send the partner's open batch (made now if there is none) to its URL, with retries")
  .addOption(partnerOption())
  .action((opts: { partner: Partner }) => withService(async (service) => {
    const batch = await service.push(opts.partner);
    console.log(JSON.stringify({ batchId: batch.id, status: batch.status, attempts: batch.attempts, lines: batch.lines }));
  }));

program.command("import").description("import a partner's batch file: all or nothing")
  .addOption(partnerOption()).requiredOption("--file <file>", "the batch file (manifest line, then NDJSON)")
  .action((opts: { partner: Partner; file: string }) => withService(async (service) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const bar = progress(null);
    const lines = createInterface({ input: createReadStream(opts.file, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
    let rssPeak = process.memoryUsage().rss;
    const ack = await service.importBatch(opts.partner, lines, { principal: OPERATOR, requestId: randomUUID(), operation: "exchange import", audit: true }, ({ lines: n }) => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      bar.update(n);
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    const total = Object.values(ack.counts).reduce((a, b) => a + b, 0);
    const used = process.cpuUsage(cpu);
    console.log(JSON.stringify({
      batchId: ack.batchId, unchanged: ack.unchanged, counts: ack.counts, seconds: Number(seconds.toFixed(2)),
      linesPerSecond: Math.round(total / seconds), rssPeakMiB: Math.round(rssPeak / 2 ** 20), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    }));
  }));

program.parseAsync().catch((error: unknown) => {
  if (error instanceof AppError) {
    console.error(JSON.stringify({ code: error.code, message: error.message, ...error.extensions }));
  } else {
    logger.error({ err: error }, "exchange failed");
  }
  process.exit(1);
});

