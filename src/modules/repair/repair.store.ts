// SQL for repair applications (信用修复). Their status moves through the register (register.service).
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { repair } from "../../db/schema.js";
import { statusIn } from "../register/register.predicates.js";
import { IN_FORCE } from "../register/register.states.js";

export type RepairRow = typeof repair.$inferSelect;

export async function insertRepair(db: Database, values: typeof repair.$inferInsert): Promise<RepairRow> {
  const [row] = await db.insert(repair).values(values).returning();
  return row!;
}

export async function findRepair(db: Database, id: string): Promise<RepairRow | null> {
  const [row] = await db.select().from(repair).where(eq(repair.id, id)).limit(1);
  return row ?? null;
}

/** The application for a record or entry still awaiting its review, if any. */
export async function pendingRepairOn(db: Database, targetId: string): Promise<RepairRow | null> {
  const [row] = await db.select().from(repair).where(and(eq(repair.targetId, targetId), statusIn(repair.status, IN_FORCE.REPAIR))).limit(1);
  return row ?? null;
}
