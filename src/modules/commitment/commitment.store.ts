// SQL for credit commitments (信用承诺), batched by subject. Commitments are always public.
import { and, asc, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { commitment } from "../../db/schema.js";

export type CommitmentRow = typeof commitment.$inferSelect;

export async function commitmentsBySubjectIds(db: Database, subjectIds: readonly string[]): Promise<CommitmentRow[]> {
  return db.select().from(commitment)
    .where(anyUuid(commitment.subjectId, subjectIds))
    .orderBy(desc(commitment.signedAt), asc(commitment.id));
}

export async function insertCommitment(db: Database, values: typeof commitment.$inferInsert): Promise<CommitmentRow> {
  const [row] = await db.insert(commitment).values(values).returning();
  return row!;
}

export async function findCommitment(db: Database, id: string): Promise<CommitmentRow | null> {
  const [row] = await db.select().from(commitment).where(eq(commitment.id, id)).limit(1);
  return row ?? null;
}

/** Moves a commitment from one status to another; null when it is not in `from`. */
export async function setCommitmentStatus(db: Database, id: string, from: string, to: string): Promise<CommitmentRow | null> {
  const [row] = await db.update(commitment).set({ status: to }).where(and(eq(commitment.id, id), eq(commitment.status, from))).returning();
  return row ?? null;
}
