// Every setting of the service, read from the environment and checked once at start.
// The README documents each one; add a setting here and there together.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { z } from "zod";

/** `90`, `90s`, `15m`, `12h`, `1d` → seconds. */
const duration = z.string().regex(/^\d+\s*[smhd]?$/, "a duration: seconds, or a number with s, m, h or d")
  .transform((v) => Number.parseInt(v, 10) * { s: 1, m: 60, h: 3600, d: 86_400 }[(/[smhd]$/.exec(v)?.[0] ?? "s") as "s"]);

/** Express's `trust proxy`: a hop count, or addresses / subnets / loopback, linklocal, uniquelocal. */
const trustProxy = z.string().transform((v, ctx) => {
  if (/^\d+$/.test(v)) return Number(v);
  const items = v.split(",").map((item) => item.trim());
  const valid = (item: string) => ["loopback", "linklocal", "uniquelocal"].includes(item)
    || (isIP(item.split("/")[0]!) !== 0 && /^[^/]+(\/\d{1,3})?$/.test(item));
  if (!items.every(valid)) ctx.addIssue({ code: "custom", message: "a hop count, or a comma-separated list of addresses or subnets" });
  return items;
});
/** What a partner receives: kinds of exchange lines, comma-separated. */
export const EXCHANGE_KINDS = ["subject", "listEntry", "record", "evaluation", "commitment", "repair", "jointReport"] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];
const exchangeKinds = z.string().default(EXCHANGE_KINDS.join(",")).transform((v, ctx) => {
  const kinds = v.split(",").map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(EXCHANGE_KINDS as readonly string[]).includes(k));
  if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown kinds ${unknown.join(", ")} (known: ${EXCHANGE_KINDS.join(", ")})` });
  return kinds as ExchangeKind[];
});
const flag = z.enum(["true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "true"));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data/pglite"),
  /** The address the public reaches this service at: credit files print `${PUBLIC_URL}/verify/<code>` (default http://HOST:PORT). */
  PUBLIC_URL: z.string().url().optional(),
  /** The CJK font credit files are drawn in: a .ttf/.otf, or `file.ttc#PostScriptName`; default Debian's Noto Sans CJK SC. */
  CREDIT_FILE_FONT: z.string().optional(),
  /** 32 bytes, base64: seals and hashes protected personal data. */
  DATA_KEY: z.string().optional(),
  /** HS256 secret for officer and admin tokens (development). */
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  /** PEM public key (RS256 or ES256) for officer and admin tokens. */
  JWT_PUBLIC_KEY: z.string().optional(),
  /** Required `iss` / `aud` (comma-separated: any of them) of tokens, checked when set. */
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional().transform((v) => v?.split(",").map((a) => a.trim())),
  /** Longest lifetime (exp - iat) a token may have; tokens must carry `iat`. */
  JWT_MAX_TTL: duration.default(43_200),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Seed the demo register on start when the register is empty; by default only in embedded mode. */
  SEED_DEMO: flag,
  /** GraphiQL at GET /graphql for browsers; by default not in production. */
  GRAPHIQL: flag,
  /** The public window's pages (信用交通·云南 公示) at /, /search, /lists/… ; on unless "false". */
  WINDOW: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Most refs in one check. */
  CHECK_MAX_BATCH: z.coerce.number().int().min(1).default(1000),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Limits of one GraphQL document (graphql-armor). */
  MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_ALIASES: z.coerce.number().int().min(0).default(20),
  MAX_COST: z.coerce.number().int().min(1).default(5000),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_TOKENS: z.coerce.number().int().min(1).default(5000),
  MAX_BODY: z.string().default("1mb"),
  /** Requests a principal may make per RATE_WINDOW_SECONDS (anonymous callers: per address). */
  RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
  RATE_LIMIT_PUBLIC: z.coerce.number().int().min(1).default(600),
  RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Failed authentications per address and window; beyond them the address gets 429 before any lookup. */
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(1).default(20),
  /** Which proxies' X-Forwarded-For decides the client address; unset: none (the socket's address). */
  TRUST_PROXY: trustProxy.optional(),
  /** /metrics needs `Authorization: Bearer <METRICS_TOKEN>` when set; METRICS_PORT serves it on its own port. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Shares rate-limit budgets between processes; in memory when unset. */
  REDIS_URL: z.string().optional(),
  DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().min(1).default(3),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long in-flight requests may run on after SIGTERM. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Largest `first` accepted by paginated queries. */
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).default(100),
  /** 32 bytes, base64: signs audit checkpoints; keep it where the database is not. */
  AUDIT_CHECKPOINT_KEY: z.string().optional(),
  /** How often each process signs the audit chain's head (and once at shutdown). */
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Exchange partners (数据交换): where batches are pushed, the key presented there, what it receives. */
  EXCHANGE_MINISTRY_URL: z.string().url().optional(),
  EXCHANGE_MINISTRY_KEY: z.string().optional(),
  EXCHANGE_MINISTRY_KINDS: exchangeKinds,
  EXCHANGE_MINISTRY_PERSONAL: flag,
  EXCHANGE_PROVINCE_URL: z.string().url().optional(),
  EXCHANGE_PROVINCE_KEY: z.string().optional(),
  EXCHANGE_PROVINCE_KINDS: exchangeKinds,
  EXCHANGE_PROVINCE_PERSONAL: flag,
  /** When export-and-push runs for every partner with a URL (cron, China time by default); "off": never. */
  EXCHANGE_SCHEDULE: z.string().default("0 3 1 * *"),
  EXCHANGE_TIMEZONE: z.string().default("Asia/Shanghai"),
  /** A push is tried this many more times, waiting EXCHANGE_PUSH_BACKOFF_MS, then twice that, … */
  EXCHANGE_PUSH_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  EXCHANGE_PUSH_BACKOFF_MS: z.coerce.number().int().min(1).default(2_000),
  EXCHANGE_PUSH_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** Lines written per statement group while importing a batch. */
  EXCHANGE_IMPORT_CHUNK: z.coerce.number().int().min(1).max(10_000).default(1_000),
  /** The first quarter ("2026-Q1") whose joint report travels in the batches; unset: the quarter of the register's first audit event. */
  EXCHANGE_JOINT_REPORT_FROM: z.string().regex(/^\d{4}-Q[1-4]$/, "a quarter like 2026-Q1").optional(),
});

export type Config = z.infer<typeof schema> & { SEED_DEMO: boolean; GRAPHIQL: boolean };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  // A production register on PostgreSQL must never receive made-up subjects unasked.
  return { ...parsed.data, SEED_DEMO: parsed.data.SEED_DEMO ?? !parsed.data.DATABASE_URL, GRAPHIQL: parsed.data.GRAPHIQL ?? parsed.data.NODE_ENV !== "production" };
}

/**
 * The key for protected personal data: DATA_KEY, or in embedded mode a key kept in DATA_DIR
 * (made on first start). Against PostgreSQL there is no default: losing or changing the key
 * would make every sealed value unreadable, so it must be given on purpose.
 */
export function resolveDataKey(config: Pick<Config, "DATA_KEY" | "DATABASE_URL" | "DATA_DIR">): Buffer {
  if (config.DATA_KEY) {
    const key = Buffer.from(config.DATA_KEY, "base64");
    if (key.length !== 32) throw new Error("invalid configuration: DATA_KEY must be 32 bytes, base64-encoded");
    return key;
  }
  if (config.DATABASE_URL) {
    throw new Error("invalid configuration: DATA_KEY is required with DATABASE_URL (32 bytes, base64: `openssl rand -base64 32`)");
  }
  if (config.DATA_DIR.startsWith("memory://")) return randomBytes(32);
  const file = join(config.DATA_DIR, "data.key");
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return resolveDataKey({ ...config, DATA_KEY: readFileSync(file, "utf8").trim() });
}

/**
 * The key that signs audit checkpoints: AUDIT_CHECKPOINT_KEY, or in embedded mode a key kept in
 * DATA_DIR beside data.key (made on first start). Against PostgreSQL there is no default and no
 * refusal: without the key the service runs without checkpoints (the chain and its head still
 * show changed, reordered and removed events) and says so at start; null then. An in-memory
 * database has nothing worth anchoring: null too.
 */
export function resolveCheckpointKey(config: Pick<Config, "AUDIT_CHECKPOINT_KEY" | "DATABASE_URL" | "DATA_DIR">): Buffer | null {
  if (config.AUDIT_CHECKPOINT_KEY) {
    const key = Buffer.from(config.AUDIT_CHECKPOINT_KEY, "base64");
    if (key.length !== 32) throw new Error("invalid configuration: AUDIT_CHECKPOINT_KEY must be 32 bytes, base64-encoded");
    return key;
  }
  if (config.DATABASE_URL || config.DATA_DIR.startsWith("memory://")) return null;
  const file = join(config.DATA_DIR, "audit-checkpoint.key");
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return resolveCheckpointKey({ ...config, AUDIT_CHECKPOINT_KEY: readFileSync(file, "utf8").trim() });
}
