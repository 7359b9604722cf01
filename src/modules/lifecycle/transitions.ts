// Changes of state shared by objections and repairs: a record or entry moves to a new status,
// the entries standing on a record follow it, and every move is written to the history with its
// cause, so that a reversal can put back exactly what that cause changed.
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { creditRecord, listEntry, registerVersion } from "../../db/schema.js";
import { appendChanges, changesByCause } from "../history/history.store.js";
import { activeEntriesBasedOn, findEntry, type ListEntryRow, setEntryStatus } from "../list/list.store.js";
import { type CreditRecordRow, findRecord, updateRecord } from "../record/record.store.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";

export type TargetKind = "RECORD" | "ENTRY";
export type Target = { kind: "RECORD"; row: CreditRecordRow } | { kind: "ENTRY"; row: ListEntryRow };

export const invalidState = (message: string) => new AppError("INVALID_STATE", message);



export async function findTarget(db: Database, kind: TargetKind, id: string, opts: { lock?: boolean } = {}): Promise<Target> {
  if (kind !== "RECORD" && kind !== "ENTRY") throw new AppError("BAD_USER_INPUT", "targetKind must be RECORD or ENTRY");
  const row = !isUuid(id) ? null
    : opts.lock ? await lockRow(db, kind, id)
    : kind === "RECORD" ? await findRecord(db, id) : await findEntry(db, id);
  if (!row) throw new AppError("NOT_FOUND", `no ${kind === "RECORD" ? "record" : "list entry"} with that id`);
  return kind === "RECORD" ? { kind, row: row as CreditRecordRow } : { kind, row: row as ListEntryRow };
}

/**
 * The row, locked until the transaction ends (SELECT … FOR UPDATE): a workflow that checks a
 * status and then moves it cannot interleave with another doing the same (two objections filed at
 * once, an approval racing an objection).
 *
 * The register version's row is locked first. Every write to the register takes that lock anyway
 * (the dataVersion triggers update it), and intake takes it before it updates records; taking it
 * here before any record or entry keeps one lock order everywhere, so a workflow and an intake, or
 * two workflows ending the same entries, wait for each other instead of deadlocking.
 */
async function lockRow(db: Database, kind: TargetKind, id: string): Promise<CreditRecordRow | ListEntryRow | null> {
  await db.select({ version: registerVersion.version }).from(registerVersion).where(eq(registerVersion.id, 1)).for("update");
  const table = kind === "RECORD" ? creditRecord : listEntry;
  const [row] = await db.select().from(table).where(eq(table.id, id)).for("update");
  return (row as CreditRecordRow | ListEntryRow | undefined) ?? null;
}

interface Move { actor: string; reason: string; cause: string }

/** Moves a record to a status; `content` replaces its content (a correction). */
export async function moveRecord(db: Database, record: CreditRecordRow, status: CreditRecordRow["status"], move: Move, content?: string) {
  await updateRecord(db, record.id, { status, ...(content ? { content } : {}) });
  await appendChanges(db, [{ entity: "RECORD", entityId: record.id, fromStatus: record.status, toStatus: status, ...move, before: JSON.stringify(record) }]);
}

export async function moveEntry(db: Database, entry: ListEntryRow, status: ListEntryRow["status"], move: Move) {
  await setEntryStatus(db, entry.id, status);
  await appendChanges(db, [{ entity: "ENTRY", entityId: entry.id, fromStatus: entry.status, toStatus: status, ...move, before: JSON.stringify(entry) }]);
}

/** A record leaves publication: the list entries standing on it end with it (their measures stop). */
export async function endEntriesBasedOn(db: Database, record: CreditRecordRow, status: ListEntryRow["status"], move: Move) {
  for (const entry of await activeEntriesBasedOn(db, record.id)) await moveEntry(db, entry, status, move);
}

/** Puts back every record and entry that `cause` moved, in reverse order. */
export async function undoCause(db: Database, cause: string, move: Move) {
  const changes = await changesByCause(db, cause);
  for (const change of changes.reverse()) {
    if (!change.fromStatus || (change.entity !== "RECORD" && change.entity !== "ENTRY")) continue;
    const target = await findTarget(db, change.entity as TargetKind, change.entityId, { lock: true });
    if (target.row.status !== change.toStatus) {
      throw invalidState(`${change.entity.toLowerCase()} ${change.entityId} has changed since (${target.row.status}); reverse that first`);
    }
    if (target.kind === "RECORD") await moveRecord(db, target.row, change.fromStatus as CreditRecordRow["status"], move);
    else await moveEntry(db, target.row, change.fromStatus as ListEntryRow["status"], move);
  }
}
