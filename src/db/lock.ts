// One process per embedded database directory. PGlite is a single-user PostgreSQL: a second
// process opening the same files (a CLI beside the running service) corrupts them and sees none
// of the first one's changes. The lock is a directory made atomically by proper-lockfile,
// `<DATA_DIR>.lock`, holding `holder.json` (pid, host, command, since) so that a refusal can
// name the process that holds it and a lock left by a dead process can be taken over.
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, relative, resolve } from "node:path";
import lockfile from "proper-lockfile";

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** Another process (or this one) has the embedded database open. */
export class DatabaseLockedError extends Error {
  readonly code = "DATABASE_LOCKED";

  constructor(readonly dataDir: string, readonly lockPath: string, readonly holder: LockHolder | null) {
    const who = holder ? `process ${holder.pid} (${holder.command}, since ${holder.since})` : "another process";
    super(`the embedded database in ${dataDir} is in use by ${who}; only one process may open it. `
      + "Stop the service first, or while it runs manage API keys through its GraphQL API: "
      + "the createApiKey/revokeApiKey mutations and the apiKeys query (ADMIN). "
      + `If no such process is running, remove ${lockPath}.`);
    this.name = "DatabaseLockedError";
  }
}

/**
 * mtime staleness would let a second process take over from a holder whose event loop is busy
 * (a long COPY runs synchronously in PGlite): it is off, and only a dead holder is taken over.
 */
const NEVER_STALE = 2 ** 31 - 1;
const UPDATE_MS = 10_000;
/** Directories this process holds: a second open of one of them in-process is refused too. */
const held = new Set<string>();

function holderOf(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(lockPath, "holder.json"), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A holder that is gone: on this host, and its pid is not running (or is ours, from an earlier life of this container). */
function isDead(holder: LockHolder | null, dir: string): holder is LockHolder {
  if (!holder || holder.host !== hostname() || held.has(dir)) return false;
  return holder.pid === process.pid || !isAlive(holder.pid);
}

/** Takes the lock of an embedded database directory, or throws DatabaseLockedError; resolves to its release. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  const lockPath = `${dir}.lock`;
  const options = (stale: number) => ({
    realpath: false,
    lockfilePath: lockPath,
    stale,
    update: UPDATE_MS,
    onCompromised: (error: Error) => {
      // Someone removed or took over our lock: another process may be writing the same files.
      console.error(`the lock of the embedded database ${dir} was lost (${error.message}); stopping to protect it`);
      process.exit(1);
    },
  });
  const refusal = () => new DatabaseLockedError(dataDir, lockPath, holderOf(lockPath));
  const attempt = async (stale: number) => {
    try {
      return await lockfile.lock(dir, options(stale));
    } catch (error) {
      // ENOTEMPTY: a contender took the dead holder's lock first and wrote its record.
      if (["ELOCKED", "ENOTEMPTY"].includes((error as NodeJS.ErrnoException).code ?? "")) return null;
      throw error;
    }
  };

  let release = await attempt(NEVER_STALE);
  if (!release) {
    if (!isDead(holderOf(lockPath), dir)) throw refusal();
    // The holder died without releasing (killed, crashed): make its lock stale for the library,
    // which removes it and takes it atomically (a live contender wins at most once).
    rmSync(join(lockPath, "holder.json"), { force: true });
    try {
      utimesSync(lockPath, 0, 0);
    } catch { /* removed meanwhile: the next attempt simply takes it */ }
    release = await attempt(2000);
    if (!release) throw refusal();
  }
  const [script, ...args] = process.argv.slice(1);
  const command = ["node", ...(script ? [relative(process.cwd(), script)] : []), ...args].join(" ");
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  // The library checks on each refresh that the directory's mtime is still the one it set;
  // adding the record changes it, so it is put back.
  const { mtime } = statSync(lockPath);
  writeFileSync(join(lockPath, "holder.json"), JSON.stringify(holder));
  utimesSync(lockPath, mtime, mtime);
  held.add(dir);
  return async () => {
    held.delete(dir);
    rmSync(join(lockPath, "holder.json"), { force: true });
    await release();
  };
}
