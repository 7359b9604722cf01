// Opening the configured database from a command: an embedded database that another process
// holds ends the command with the lock's message (who holds it, what to do) and exit 1, not a
// stack trace.
import { type DatabaseHandle, type DatabaseOptions, openDatabase } from "../db/client.js";
import { DatabaseLockedError } from "../db/lock.js";

export async function openForCommand(options: DatabaseOptions): Promise<DatabaseHandle> {
  try {
    return await openDatabase(options);
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
