// SQL for credit commitments (信用承诺), batched by subject. Commitments are always public; their
// status moves through the register (register.service).
import { and, asc, desc, eq, gte, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { commitment } from "../../db/schema.js";
import { statusIn } from "../register/register.predicates.js";
import { IN_FORCE } from "../register/register.states.js";

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

/** The subject's repair commitment in force on `today`: the one named, or its latest. */
export async function repairCommitmentOf(db: Database, subjectId: string, today: string, id?: string | null): Promise<CommitmentRow | null> {
  const [row] = await db.select().from(commitment).where(and(
    eq(commitment.subjectId, subjectId),
    eq(commitment.kind, "REPAIR"),
    statusIn(commitment.status, IN_FORCE.COMMITMENT),
    or(isNull(commitment.validUntil), gte(commitment.validUntil, today)),
    id ? eq(commitment.id, id) : undefined,
  )).orderBy(desc(commitment.signedAt)).limit(1);
  return row ?? null;
}
