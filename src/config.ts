// Every setting of the service, read from the environment and checked once at start.
// The README documents each one; add a setting here and there together.
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data/pglite"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Seed the demo register on start when the register is empty (embedded and PostgreSQL). */
  SEED_DEMO: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest `first` accepted by paginated queries. */
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).default(100),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
