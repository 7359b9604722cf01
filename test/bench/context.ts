// What the benchmark's set-up (database, register, key, refs) hands to a mode: the comparison
// (compare.ts) or the overload run (overload.ts).
import type { Options } from "./options.js";
import type { RefPool } from "./refs.js";

export interface BenchContext {
  opts: Options;
  /** The bench database and the key its register is sealed with. */
  database: { url: string; dataKey: string };
  /** DATABASE_URL and DATA_KEY for the service. */
  env: NodeJS.ProcessEnv;
  /** A SYSTEM API key, revoked at the end. */
  key: string;
  /** Another SYSTEM API key (its own rate-limit budget), revoked at the end. */
  createKey(purpose: string): Promise<string>;
  pool: RefPool;
  startedAt: Date;
  /** The figures written to the JSON file. */
  report: Record<string, unknown>;
  /** Writes `report` (with the wall time so far) to the JSON file; returns its path. */
  save(): string;
}
