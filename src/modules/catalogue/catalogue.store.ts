// SQL for the measure catalogue (奖惩措施) and the supervision policy.
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { measure, publicationPeriod, supervisionPolicy } from "../../db/schema.js";
import { DEFAULT_PERIODS, type PeriodRule } from "./catalogue.defaults.js";
import type { Policy } from "../check/check.rules.js";
import { DEFAULT_MEASURES, DEFAULT_POLICIES } from "./catalogue.defaults.js";

export type MeasureRow = typeof measure.$inferSelect;
export type PolicyRow = typeof supervisionPolicy.$inferSelect;

export async function listMeasures(db: Database, filter: { list?: MeasureRow["list"] | null; scenario?: MeasureRow["scenario"] | null }) {
  return db.select().from(measure)
    .where(and(filter.list ? eq(measure.list, filter.list) : undefined, filter.scenario ? eq(measure.scenario, filter.scenario) : undefined))
    .orderBy(asc(measure.list), asc(measure.scenario), asc(measure.reasonCode));
}

export async function upsertMeasure(db: Database, values: Omit<typeof measure.$inferInsert, "id">): Promise<MeasureRow> {
  const [row] = await db.insert(measure).values(values)
    .onConflictDoUpdate({
      target: [measure.list, measure.reasonCode, measure.scenario],
      set: { effect: values.effect, legalBasis: values.legalBasis, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function listPolicies(db: Database): Promise<PolicyRow[]> {
  return db.select().from(supervisionPolicy).orderBy(asc(supervisionPolicy.rank), asc(supervisionPolicy.grade));
}

export async function upsertPolicy(db: Database, values: Policy): Promise<PolicyRow> {
  const [row] = await db.insert(supervisionPolicy).values(values)
    .onConflictDoUpdate({ target: supervisionPolicy.grade, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function listPeriods(db: Database): Promise<PeriodRule[]> {
  return db.select().from(publicationPeriod);
}

/**
 * Writes the defaults into an empty catalogue, policy or period table; tables the credit office
 * has filled are left as they are (and an unchanged start does not move dataVersion).
 */
export async function ensureDefaults(db: Database): Promise<void> {
  const [[measures], [policies], [periods]] = await Promise.all([
    db.select({ n: count() }).from(measure),
    db.select({ n: count() }).from(supervisionPolicy),
    db.select({ n: count() }).from(publicationPeriod),
  ]);
  if (measures!.n === 0) await db.insert(measure).values(DEFAULT_MEASURES).onConflictDoNothing();
  if (policies!.n === 0) await db.insert(supervisionPolicy).values(DEFAULT_POLICIES).onConflictDoNothing();
  if (periods!.n === 0) await db.insert(publicationPeriod).values(DEFAULT_PERIODS).onConflictDoNothing();
}

export async function upsertPeriod(db: Database, values: PeriodRule): Promise<PeriodRule> {
  const [row] = await db.insert(publicationPeriod).values(values)
    .onConflictDoUpdate({
      target: [publicationPeriod.category, publicationPeriod.severity, publicationPeriod.field],
      set: { minMonths: values.minMonths, maxMonths: values.maxMonths, basis: values.basis, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}
