// The state history, as the credit office reads it. Rows are appended by the register
// (register.service `move` / `enter`) with every change of state, and never updated.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { stateChange } from "../../db/schema.js";

export type StateChangeRow = typeof stateChange.$inferSelect;

export async function changesOf(db: Database, entityId: string): Promise<StateChangeRow[]> {
  return db.select().from(stateChange).where(eq(stateChange.entityId, entityId)).orderBy(asc(stateChange.id));
}
