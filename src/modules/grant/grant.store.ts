// SQL for authorization grants (授权).
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { apiKey, grant } from "../../db/schema.js";

export type GrantRow = typeof grant.$inferSelect & { providerName: string };

const withProvider = (db: Database) =>
  db.select({ grant, providerName: apiKey.name }).from(grant).innerJoin(apiKey, eq(apiKey.id, grant.providerKeyId));

export async function findGrant(db: Database, id: string): Promise<GrantRow | null> {
  const [row] = await withProvider(db).where(eq(grant.id, id)).limit(1);
  return row ? { ...row.grant, providerName: row.providerName } : null;
}

export async function insertGrant(db: Database, values: typeof grant.$inferInsert): Promise<string> {
  const [row] = await db.insert(grant).values(values).returning({ id: grant.id });
  return row!.id;
}

export async function markRevoked(db: Database, id: string, by: string): Promise<void> {
  await db.update(grant).set({ revokedAt: new Date(), revokedBy: by }).where(and(eq(grant.id, id), isNull(grant.revokedAt)));
}
