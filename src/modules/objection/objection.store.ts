// SQL for objections (异议). Their status moves through the register (register.service).
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { objection } from "../../db/schema.js";
import { statusIn } from "../register/register.predicates.js";
import { IN_FORCE } from "../register/register.states.js";

export type ObjectionRow = typeof objection.$inferSelect;

export async function insertObjection(db: Database, values: typeof objection.$inferInsert): Promise<ObjectionRow> {
  const [row] = await db.insert(objection).values(values).returning();
  return row!;
}

export async function findObjection(db: Database, id: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(objection).where(eq(objection.id, id)).limit(1);
  return row ?? null;
}

/** The objection to a record or entry still awaiting its answer, if any. */
export async function openObjectionOn(db: Database, targetId: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(objection).where(and(eq(objection.targetId, targetId), statusIn(objection.status, IN_FORCE.OBJECTION))).limit(1);
  return row ?? null;
}
