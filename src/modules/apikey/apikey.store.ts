// SQL for managing API keys by id (creating, listing and the live-key lookup are in auth/keys).
import { and, eq, isNull } from "drizzle-orm";
import type { ApiKeyRow } from "../../auth/keys.js";
import type { Database } from "../../db/client.js";
import { apiKey } from "../../db/schema.js";

export async function findApiKey(db: Database, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKey).where(eq(apiKey.id, id)).limit(1);
  return row ?? null;
}

/** Marks a key revoked unless it already is; returns it as it is now, or null for an unknown id. */
export async function markApiKeyRevoked(db: Database, id: string): Promise<ApiKeyRow | null> {
  const [revoked] = await db.update(apiKey).set({ revokedAt: new Date() }).where(and(eq(apiKey.id, id), isNull(apiKey.revokedAt))).returning();
  return revoked ?? findApiKey(db, id);
}
