// The state history: appended with every change of state, never updated; read by the credit office.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { stateChange } from "../../db/schema.js";

export type StateChangeRow = typeof stateChange.$inferSelect;
export type NewStateChange = Omit<typeof stateChange.$inferInsert, "id" | "at">;

export async function appendChanges(db: Database, changes: NewStateChange[]): Promise<void> {
  if (changes.length > 0) await db.insert(stateChange).values(changes);
}

export async function changesOf(db: Database, entityId: string): Promise<StateChangeRow[]> {
  return db.select().from(stateChange).where(eq(stateChange.entityId, entityId)).orderBy(asc(stateChange.id));
}

export async function changesByCause(db: Database, cause: string): Promise<StateChangeRow[]> {
  return db.select().from(stateChange).where(eq(stateChange.cause, cause)).orderBy(asc(stateChange.id));
}
