// SQL for credit evaluations (信用评价), batched by subject.
import { asc, desc } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { evaluation } from "../../db/schema.js";

export type EvaluationRow = typeof evaluation.$inferSelect;

export async function evaluationsBySubjectIds(db: Database, subjectIds: readonly string[]): Promise<EvaluationRow[]> {
  return db.select().from(evaluation)
    .where(anyUuid(evaluation.subjectId, subjectIds))
    .orderBy(desc(evaluation.year), asc(evaluation.sector));
}
