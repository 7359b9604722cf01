// The register's data version: moved by triggers on every change of the register tables
// (drizzle/0003_register_version.sql), read by answers that must say what state they saw.
import { eq } from "drizzle-orm";
import type { Database } from "./client.js";
import { registerVersion } from "./schema.js";

export async function readDataVersion(db: Database): Promise<string> {
  const [row] = await db.select({ version: registerVersion.version }).from(registerVersion).where(eq(registerVersion.id, 1));
  return `v${row?.version ?? 0}`;
}
