// SQL for repair applications (信用修复).
import { and, desc, eq, gte, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { commitment, repair } from "../../db/schema.js";

export type RepairRow = typeof repair.$inferSelect;

export async function insertRepair(db: Database, values: typeof repair.$inferInsert): Promise<RepairRow> {
  const [row] = await db.insert(repair).values(values).returning();
  return row!;
}

export async function findRepair(db: Database, id: string): Promise<RepairRow | null> {
  const [row] = await db.select().from(repair).where(eq(repair.id, id)).limit(1);
  return row ?? null;
}

export async function pendingRepairOn(db: Database, targetId: string): Promise<RepairRow | null> {
  const [row] = await db.select().from(repair).where(and(eq(repair.targetId, targetId), eq(repair.status, "PENDING"))).limit(1);
  return row ?? null;
}

/** Moves a repair from one status to the next; null when it is no longer in `from` (someone else decided). */
export async function transition(db: Database, id: string, from: string, values: Partial<RepairRow> & { status: string }): Promise<RepairRow | null> {
  const [row] = await db.update(repair).set(values).where(and(eq(repair.id, id), eq(repair.status, from))).returning();
  return row ?? null;
}

/** The subject's repair commitment in force: the one named, or its latest. */
export async function repairCommitment(db: Database, subjectId: string, today: string, id?: string | null) {
  const [row] = await db.select().from(commitment).where(and(
    eq(commitment.subjectId, subjectId),
    eq(commitment.kind, "REPAIR"),
    eq(commitment.status, "VALID"),
    or(isNull(commitment.validUntil), gte(commitment.validUntil, today)),
    id ? eq(commitment.id, id) : undefined,
  )).orderBy(desc(commitment.signedAt)).limit(1);
  return row ?? null;
}
