/**
 * Streams the synthetic register into the database with COPY, and empties it again. Each
 * batch's subjects are committed before the rows that reference them; while one batch's records
 * load, the next batch is generated and its subjects are copied, so neither side waits long.
 */
import { sql } from "drizzle-orm";
import pLimit, { type LimitFunction } from "p-limit";
import type { DatabaseHandle } from "../db/client.js";
import type { Protector } from "../shared/protect.js";
import { commitment, creditRecord, evaluation, listEntry, subject } from "../db/schema.js";
import { CalendarService } from "../modules/calendar/calendar.service.js";
import { ensureDefaults, listPeriods } from "../modules/catalogue/catalogue.store.js";
import type { IntakeRules } from "../modules/record/periods.js";
import {
  generateRegister, perTable, REGISTER_COLUMNS, REGISTER_TABLES, type RegisterBatch, type RegisterCounts, type RegisterTable,
} from "./synthetic.js";

export interface LoadOptions {
  subjects: number;
  /** The service's protector: person IDs and contacts are stored sealed, as the service expects. */
  protector: Protector;
  seed: number;
  /** YYYY-MM-DD the register's dates are relative to. */
  today: string;
  /** Subjects per COPY batch. */
  batchSize?: number;
  /** Concurrent COPYs (default 1), each on a connection of its own; PGlite runs them one by one. */
  connections?: number;
  /** Called after each batch is committed, with the number of subjects loaded so far. */
  onProgress?: (doneSubjects: number) => void;
}

async function loadBatch(handle: DatabaseHandle, batch: RegisterBatch, slot: LimitFunction): Promise<void> {
  const copy = (table: RegisterTable): Promise<void> =>
    slot(() => handle.copyRows(table, [...REGISTER_COLUMNS[table]], batch.tsv[table]));
  await copy("subject");
  await Promise.all(REGISTER_TABLES.filter((t) => t !== "subject" && batch.rows[t] > 0).map(copy));
}

/**
 * The rules intake would apply in this database now: the working-day calendar with the office's
 * entries, and the publication periods (their defaults written first, as the service does at start).
 */
export async function intakeRules(handle: DatabaseHandle): Promise<IntakeRules> {
  await ensureDefaults(handle.db);
  return { calendar: await new CalendarService(handle.db).load(), periods: await listPeriods(handle.db) };
}

/** Loads a generated register of `subjects` subjects (showcase first); returns rows per table. */
export async function loadRegister(handle: DatabaseHandle, opts: LoadOptions): Promise<RegisterCounts> {
  const rules = await intakeRules(handle);
  const counts: RegisterCounts = perTable(() => 0);
  // At most two batches in flight: the one whose records load and the next one's subjects.
  const inFlight: { subjects: number; loaded: Promise<void> }[] = [];
  let done = 0;
  const slot = pLimit(opts.connections ?? 1);
  const settleOldest = async (): Promise<void> => {
    const oldest = inFlight.shift()!;
    await oldest.loaded;
    done += oldest.subjects;
    opts.onProgress?.(done);
  };
  try {
    const batches = generateRegister({
      subjects: opts.subjects, seed: opts.seed, today: opts.today, batchSize: opts.batchSize ?? 10_000, protector: opts.protector, rules,
    });
    for (const batch of batches) {
      const loaded = loadBatch(handle, batch, slot);
      // Awaited below; this only keeps a failure from being reported as unhandled meanwhile.
      loaded.catch(() => {});
      inFlight.push({ subjects: batch.subjects, loaded });
      for (const t of REGISTER_TABLES) counts[t] += batch.rows[t];
      if (inFlight.length > 1) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
  } catch (error) {
    await Promise.allSettled(inFlight.map((b) => b.loaded));
    throw error;
  }
  return counts;
}

export async function registerIsEmpty(handle: DatabaseHandle): Promise<boolean> {
  const rows = await handle.db.select({ id: subject.id }).from(subject).limit(1);
  return rows.length === 0;
}

/** Empties the register and, by CASCADE, every table that references a subject; the measure catalogue stays. */
export async function resetRegister(handle: DatabaseHandle): Promise<void> {
  await handle.db.execute(
    sql`TRUNCATE TABLE ${subject}, ${creditRecord}, ${listEntry}, ${evaluation}, ${commitment} RESTART IDENTITY CASCADE`,
  );
}
