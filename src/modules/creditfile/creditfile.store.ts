// SQL for issued credit files (credit_file).
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { creditFile } from "../../db/schema.js";

export type CreditFileRow = typeof creditFile.$inferSelect;

export async function insertCreditFile(db: Database, values: typeof creditFile.$inferInsert): Promise<CreditFileRow> {
  const [row] = await db.insert(creditFile).values(values).returning();
  return row!;
}

export async function findCreditFileByCode(db: Database, code: string): Promise<CreditFileRow | null> {
  const [row] = await db.select().from(creditFile).where(eq(creditFile.code, code)).limit(1);
  return row ?? null;
}
