// API keys of SYSTEM, PROVIDER and PARTNER callers: made once and shown once; only their SHA-256
// is kept (a key is 32 random bytes, so a plain hash cannot be reversed by guessing).
import { createHash, randomBytes } from "node:crypto";
import DataLoader from "dataloader";
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { apiKey } from "../db/schema.js";
import { isUuid } from "../shared/ids.js";

/** PARTNER: another platform delivering exchange batches (nothing beyond PUBLIC's reads yet). */
export const KEY_ROLES = ["SYSTEM", "PROVIDER", "PARTNER"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];
export type ApiKeyRow = typeof apiKey.$inferSelect;

const KEY_SHAPE = /^cg_[A-Za-z0-9_-]{43}$/;

export const isApiKeyShaped = (token: string) => KEY_SHAPE.test(token);
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function createApiKey(db: Database, role: KeyRole, name: string): Promise<{ key: string; row: ApiKeyRow }> {
  const key = `cg_${randomBytes(32).toString("base64url")}`;
  const [row] = await db.insert(apiKey).values({ name, role, keyHash: hashApiKey(key), prefix: key.slice(0, 10) }).returning();
  return { key, row: row! };
}

/**
 * The live key with a given value, or null for an unknown or revoked one. It runs on every
 * request of a keyed caller: a prepared statement, shared by the requests of the same tick, and
 * never cached, so a revocation counts from the next request on.
 */
export function liveKeyFinder(db: Database): (key: string) => Promise<ApiKeyRow | null> {
  const query = db.select().from(apiKey)
    .where(and(sql`${apiKey.keyHash} = any(${sql.placeholder("hashes")}::text[])`, isNull(apiKey.revokedAt)))
    .prepare("find_live_api_keys");
  const loader = new DataLoader<string, ApiKeyRow | null>(async (hashes) => {
    const rows = await query.execute({ hashes: [...hashes] });
    const byHash = new Map(rows.map((r) => [r.keyHash, r]));
    return hashes.map((h) => byHash.get(h) ?? null);
  }, { cache: false, batchScheduleFn: (run) => setImmediate(run) });
  return (key) => loader.load(hashApiKey(key));
}

export async function listApiKeys(db: Database): Promise<ApiKeyRow[]> {
  return db.select().from(apiKey).orderBy(desc(apiKey.createdAt));
}

/** Revokes by id or by name; returns the keys revoked. */
export async function revokeApiKey(db: Database, idOrName: string): Promise<ApiKeyRow[]> {
  return db.update(apiKey).set({ revokedAt: new Date() })
    .where(and(isNull(apiKey.revokedAt), isUuid(idOrName) ? or(eq(apiKey.id, idOrName), eq(apiKey.name, idOrName)) : eq(apiKey.name, idOrName)))
    .returning();
}

/** The live PROVIDER key of a provider named so (grants may name a provider instead of a key id). */
export async function findProviderKeys(db: Database, by: { id?: string | null; name?: string | null }): Promise<ApiKeyRow[]> {
  return db.select().from(apiKey).where(and(
    eq(apiKey.role, "PROVIDER"),
    isNull(apiKey.revokedAt),
    by.id ? eq(apiKey.id, by.id) : eq(apiKey.name, by.name ?? ""),
  ));
}
