// SQL for credit commitments (信用承诺), batched by subject. Commitments are always public.
import { asc, desc } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { commitment } from "../../db/schema.js";

export type CommitmentRow = typeof commitment.$inferSelect;

export async function commitmentsBySubjectIds(db: Database, subjectIds: readonly string[]): Promise<CommitmentRow[]> {
  return db.select().from(commitment)
    .where(anyUuid(commitment.subjectId, subjectIds))
    .orderBy(desc(commitment.signedAt), asc(commitment.id));
}
