// The monthly sync (每月同步): export-and-push per partner on EXCHANGE_SCHEDULE. On PostgreSQL a
// job queue (pg-boss) makes one job per tick whatever the number of API processes, keeps it across
// restarts and retries it with backoff; on the embedded database (one process holds it) croner
// runs the same job in-process. Each tick's batch carries the tick: a second run of one tick, from
// wherever, finds that batch instead of making another.
import { Cron } from "croner";
import PgBoss from "pg-boss";
import type { Config } from "../../config.js";
import { logger } from "../../logger.js";
import type { ExchangeService } from "./exchange.service.js";

export const SYNC_QUEUE = "exchange-sync";

export interface ExchangeSchedule {
  /** "pg-boss", "croner", or "off" (no schedule or no partner with a URL). */
  kind: "pg-boss" | "croner" | "off";
  close(): Promise<void>;
}

/** A tick as it is written on its batches: the occurrence to the minute (second for schedules with seconds), UTC. */
export const tickOf = (at: Date, withSeconds: boolean) => at.toISOString().slice(0, withSeconds ? 19 : 16);

/** One tick: every partner with a URL gets its batch made and pushed; a failure fails the job (for its retry). */
export async function runTick(service: ExchangeService, tick: string): Promise<void> {
  // Partners side by side: one that is down does not hold up the other.
  const results = await Promise.allSettled(service.reachablePartners().map(async (partner) => {
    try {
      const batch = await service.push(partner.name, { tick });
      logger.info({ partner: partner.name, tick, batchId: batch.id, status: batch.status, lines: batch.lines }, "exchange sync");
    } catch (err) {
      logger.warn({ partner: partner.name, tick, err }, "exchange sync failed; the job is retried");
      throw new Error(`${partner.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
  if (failures.length > 0) throw new Error(failures.join("; "));
}

export async function startExchangeSchedule(config: Config, service: ExchangeService): Promise<ExchangeSchedule> {
  const cron = config.EXCHANGE_SCHEDULE.trim();
  if (cron === "off" || service.reachablePartners().length === 0) return { kind: "off", close: async () => {} };
  const withSeconds = cron.split(/\s+/).length === 6;
  if (!config.DATABASE_URL) {
    const job = new Cron(cron, { timezone: config.EXCHANGE_TIMEZONE, protect: true, name: SYNC_QUEUE }, async (self: Cron) => {
      const tick = tickOf(self.currentRun() ?? new Date(), withSeconds);
      await runTick(service, tick).catch((err) => logger.warn({ err, tick }, "exchange sync tick failed; failed batches go again at the next tick"));
    });
    return { kind: "croner", close: async () => { job.stop(); } };
  }
  if (withSeconds) throw new Error("invalid configuration: EXCHANGE_SCHEDULE on PostgreSQL is a 5-field cron (minutes at the finest)");
  const boss = new PgBoss({
    connectionString: config.DATABASE_URL, schema: "pgboss", application_name: "creditgate-exchange", max: 2,
    cronMonitorIntervalSeconds: 5, cronWorkerIntervalSeconds: 5, supervise: true,
  });
  boss.on("error", (err) => logger.error({ err }, "exchange job queue"));
  await boss.start();
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 });
  await boss.schedule(SYNC_QUEUE, cron, {}, { tz: config.EXCHANGE_TIMEZONE, retryLimit: 8, retryDelay: 30, retryBackoff: true });
  await boss.work(SYNC_QUEUE, { includeMetadata: true, pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) await runTick(service, tickOf(new Date(job.createdOn), false));
  });
  return { kind: "pg-boss", close: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }) };
}
