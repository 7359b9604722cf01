// SQL for credit evaluations (信用评价) and the grade scales: batched by subject, intake by
// (source system, subject, sector, year) in a constant number of statements per batch.
import { asc, count, desc, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { evaluation, gradeScale } from "../../db/schema.js";
import { DEFAULT_GRADE_SCALES, type GradeScaleRule } from "./evaluation.defaults.js";

export type EvaluationRow = typeof evaluation.$inferSelect;
export type NewEvaluation = Pick<typeof evaluation.$inferInsert, "subjectId" | "sector" | "year" | "grade" | "evaluator" | "sourceSystem">;
export type GradeScaleRow = typeof gradeScale.$inferSelect;

export async function evaluationsBySubjectIds(db: Database, subjectIds: readonly string[]): Promise<EvaluationRow[]> {
  return db.select().from(evaluation)
    .where(anyUuid(evaluation.subjectId, subjectIds))
    .orderBy(desc(evaluation.year), asc(evaluation.sector));
}

const keyColumns = sql`(${evaluation.sourceSystem}, ${evaluation.subjectId}, ${evaluation.sector}, ${evaluation.year})`;
const keyRows = (keys: NewEvaluation[]) => sql`(select * from unnest(${sql.param(keys.map((k) => k.sourceSystem))}::text[],
  ${sql.param(keys.map((k) => k.subjectId))}::uuid[], ${sql.param(keys.map((k) => k.sector))}::text[], ${sql.param(keys.map((k) => k.year))}::int[]))`;

/** The evaluations already taken in under these keys, locked until the transaction ends. */
export async function evaluationsByKeys(db: Database, keys: NewEvaluation[]): Promise<EvaluationRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(evaluation).where(sql`${keyColumns} in ${keyRows(keys)}`).for("update");
}

/**
 * Inserts new keys and updates those whose grade or evaluator changed, in one statement; rows
 * that would not change are left alone (and not returned), so a re-sent batch writes nothing.
 */
export async function upsertEvaluations(db: Database, rows: NewEvaluation[]): Promise<EvaluationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(evaluation).values(rows)
    .onConflictDoUpdate({
      target: [evaluation.sourceSystem, evaluation.subjectId, evaluation.sector, evaluation.year],
      set: { grade: sql`excluded.grade`, evaluator: sql`excluded.evaluator`, updatedAt: sql`now()` },
      setWhere: sql`(${evaluation.grade}, ${evaluation.evaluator}) is distinct from (excluded.grade, excluded.evaluator)`,
    })
    .returning();
}

export async function listGradeScales(db: Database): Promise<GradeScaleRow[]> {
  return db.select().from(gradeScale).orderBy(asc(gradeScale.sector));
}

export async function upsertGradeScale(db: Database, values: GradeScaleRule): Promise<GradeScaleRow> {
  const [row] = await db.insert(gradeScale).values(values)
    .onConflictDoUpdate({ target: gradeScale.sector, set: { name: values.name, grades: values.grades, basis: values.basis, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/** Writes the default scales into an empty table; scales the credit office has set are left as they are. */
export async function ensureGradeScales(db: Database): Promise<void> {
  const [scales] = await db.select({ n: count() }).from(gradeScale);
  if (scales!.n === 0) await db.insert(gradeScale).values(DEFAULT_GRADE_SCALES).onConflictDoNothing();
}
