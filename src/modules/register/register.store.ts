// SQL for the register's states: the status columns of records, entries, commitments, objections
// and repairs, their row locks, the one lock order, and the state history's appends.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { commitment, creditRecord, listEntry, objection, registerVersion, repair, stateChange } from "../../db/schema.js";
import { statusIn } from "./register.predicates.js";
import { type Entity, IN_FORCE, type StatusOf } from "./register.states.js";

const TABLES = { RECORD: creditRecord, ENTRY: listEntry, COMMITMENT: commitment, OBJECTION: objection, REPAIR: repair } as const;
type Tables = typeof TABLES;

export type RowOf<E extends Entity> = Tables[E]["$inferSelect"];
/** What a move may write besides the status (a correction's content, a decision's who and why). */
export type ValuesOf<E extends Entity> = Omit<Partial<Tables[E]["$inferInsert"]>, "id" | "status">;
export type StateChangeRow = typeof stateChange.$inferSelect;
export type NewStateChange = Omit<typeof stateChange.$inferInsert, "id" | "at">;

// One table of the five, typed by what every one of them has: drizzle cannot type an update over a union of tables.
const tableOf = (entity: Entity) => TABLES[entity] as unknown as typeof creditRecord;

/**
 * Locks the register version's row until the transaction ends. Every write to the register takes
 * that lock anyway (the dataVersion triggers update it), and intake takes it before it updates
 * records; taking it before any record or entry keeps one lock order everywhere, so a workflow and
 * an intake, or two workflows ending the same entries, wait for each other instead of deadlocking.
 */
export async function lockRegister(db: Database): Promise<void> {
  await db.select({ version: registerVersion.version }).from(registerVersion).where(eq(registerVersion.id, 1)).for("update");
}

/** The row, locked until the transaction ends (SELECT … FOR UPDATE) when `lock`. */
export async function findRow<E extends Entity>(db: Database, entity: E, id: string, opts: { lock?: boolean } = {}): Promise<RowOf<E> | null> {
  const table = tableOf(entity);
  const query = db.select().from(table).where(eq(table.id, id));
  const [row] = opts.lock ? await query.for("update") : await query.limit(1);
  return (row as RowOf<E> | undefined) ?? null;
}

/**
 * Moves a row from one status to another, with `values`; null when it is no longer in `from`.
 * The condition in the UPDATE makes two concurrent moves safe: the second finds nothing to update.
 */
export async function setStatus<E extends Entity>(
  db: Database, entity: E, id: string, from: StatusOf<E>, to: StatusOf<E>, values: ValuesOf<E>,
): Promise<RowOf<E> | null> {
  const table = tableOf(entity);
  const touched = "updatedAt" in TABLES[entity] ? { updatedAt: sql`now()` } : {};
  const [row] = await db.update(table).set({ ...(values as object), status: to as never, ...touched })
    .where(and(eq(table.id, id), eq(table.status, from as never))).returning();
  return (row as RowOf<E> | undefined) ?? null;
}

/** Entries in force that stand on a record (it is among their basis records). */
export async function entriesInForceOn(db: Database, recordId: string): Promise<RowOf<"ENTRY">[]> {
  return db.select().from(listEntry)
    .where(and(statusIn(listEntry.status, IN_FORCE.ENTRY), sql`${recordId}::uuid = any(${listEntry.basisRecordIds})`));
}

/** Entries in force that stand on any of these records, locked until the transaction ends. */
export async function entriesInForceOnAny(db: Database, recordIds: readonly string[]): Promise<RowOf<"ENTRY">[]> {
  if (recordIds.length === 0) return [];
  return db.select().from(listEntry)
    .where(and(statusIn(listEntry.status, IN_FORCE.ENTRY), sql`${listEntry.basisRecordIds} && ${sql.param([...recordIds])}::uuid[]`))
    .for("update");
}

/** Sets the status of several entries at once (one statement), each from the status it was read in. */
export async function setEntryStatuses(db: Database, moves: { id: string; from: StatusOf<"ENTRY">; to: StatusOf<"ENTRY"> }[]): Promise<void> {
  if (moves.length === 0) return;
  await db.execute(sql`update list_entry e set status = x."to"::list_entry_status, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as x(id uuid, "from" text, "to" text)
    where e.id = x.id and e.status::text = x."from"`);
}

export async function appendChange(db: Database, change: NewStateChange): Promise<void> {
  await db.insert(stateChange).values(change);
}

/** Several history rows in one statement (things a rule brought in together, a batch from a partner platform). */
export async function appendChanges(db: Database, changes: NewStateChange[]): Promise<void> {
  if (changes.length) await db.insert(stateChange).values(changes);
}

export async function changesByCause(db: Database, cause: string): Promise<StateChangeRow[]> {
  return db.select().from(stateChange).where(eq(stateChange.cause, cause)).orderBy(asc(stateChange.id));
}
