// SQL for objections (异议).
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { objection } from "../../db/schema.js";

export type ObjectionRow = typeof objection.$inferSelect;

export async function insertObjection(db: Database, values: typeof objection.$inferInsert): Promise<ObjectionRow> {
  const [row] = await db.insert(objection).values(values).returning();
  return row!;
}

export async function findObjection(db: Database, id: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(objection).where(eq(objection.id, id)).limit(1);
  return row ?? null;
}

export async function openObjectionOn(db: Database, targetId: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(objection).where(and(eq(objection.targetId, targetId), eq(objection.status, "UNDER_REVIEW"))).limit(1);
  return row ?? null;
}

/**
 * Decides an objection still under review; null when it no longer is. The condition in the
 * UPDATE makes two concurrent decisions safe: the second finds nothing to update.
 */
export async function decideOpen(db: Database, id: string, values: Pick<ObjectionRow, "status" | "decidedBy" | "answer">): Promise<ObjectionRow | null> {
  const [row] = await db.update(objection).set({ ...values, decidedAt: new Date() })
    .where(and(eq(objection.id, id), eq(objection.status, "UNDER_REVIEW"))).returning();
  return row ?? null;
}
