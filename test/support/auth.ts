// Credentials for tests: officer and admin tokens signed with the test service's secret, and
// API keys made in its database.
import { SignJWT } from "jose";
import { createApiKey, type KeyRole } from "../../src/auth/keys.js";
import type { Database } from "../../src/db/client.js";
import { TEST_JWT_SECRET } from "./server.js";

export type Headers = Record<string, string>;

export async function tokenFor(claims: { role: string; sub?: string; region?: string }, expiresIn: string | number = "1h"): Promise<string> {
  const { sub = `${claims.role.toLowerCase()}-1`, ...rest } = claims;
  return new SignJWT(rest).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

export const bearer = (credential: string): Headers => ({ authorization: `Bearer ${credential}` });

export async function asAdmin(sub = "admin-1"): Promise<Headers> {
  return bearer(await tokenFor({ role: "ADMIN", sub }));
}

export async function asOfficer(region: string, sub = `officer-${region}`): Promise<Headers> {
  return bearer(await tokenFor({ role: "OFFICER", region, sub }));
}

export async function withKey(db: Database, role: KeyRole, name = `${role.toLowerCase()}-caller`) {
  const { key, row } = await createApiKey(db, role, name);
  return { headers: bearer(key), key, id: row.id, name };
}
