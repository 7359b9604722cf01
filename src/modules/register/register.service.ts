// Every change of state in the register goes through here: `move` checks the declared table
// (register.states), updates the row only if it is still where it was, and appends the history
// row with who, why and the cause — the one place that writes the state history. Functions of the
// caller's transaction (`db`), so that a workflow's moves commit or roll back together.
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import { appendChange, appendChanges, changesByCause, entriesInForceOn, entriesInForceOnAny, findRow, setEntryStatuses, lockRegister, type RowOf, setStatus, type ValuesOf } from "./register.store.js";
import {
  type Entity, type Event, FOLLOWS, initialStatus, isInForce, movesOf, READ_TIME_EVENTS, refusal, type StatusOf, type TargetKind,
} from "./register.states.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export type { RowOf } from "./register.store.js";
export type Target = { kind: "RECORD"; row: RowOf<"RECORD"> } | { kind: "ENTRY"; row: RowOf<"ENTRY"> };

/** Who moves a thing, why, and what brought it ("objection:<id>", "repair:<id>", "intake:<source>"): a reversal undoes by cause. */
export interface Because { actor: string; reason: string; cause: string }

export const invalidState = (message: Message) => new AppError("INVALID_STATE", message);

/** A row's status as the table knows it (commitments, objections and repairs keep theirs as text). */
const statusOf = <E extends Entity>(row: RowOf<E>) => row.status as StatusOf<E>;

/**
 * Moves `row` by `event`. Refused (INVALID_STATE) when the table has no such move from its status,
 * or when it has moved since it was read. `to` chooses where a (from, event) has several targets;
 * `values` are written with the status. A record leaving force by a FOLLOWS event takes the entries
 * in force standing on it along.
 */
export async function move<E extends Entity>(
  db: Database, entity: E, row: RowOf<E>, event: Event, because: Because & { to?: StatusOf<E>; values?: ValuesOf<E> },
): Promise<RowOf<E>> {
  if (READ_TIME_EVENTS.includes(event)) throw new Error(`${event} happens at read time; it is never written`);
  const from = statusOf<E>(row);
  const targets = movesOf(entity, from, event);
  if (targets.length === 0 || (because.to && !targets.includes(because.to))) throw invalidState(refusal(entity, from, event));
  if (targets.length > 1 && !because.to) throw new Error(`${entity} ${from} on ${event} has several targets: name one`);
  const to = because.to ?? targets[0]!;
  const moved = await setStatus(db, entity, row.id, from, to, because.values ?? ({} as ValuesOf<E>));
  if (!moved) {
    const now = await findRow(db, entity, row.id);
    throw invalidState(refusal(entity, now ? statusOf<E>(now) : from, event));
  }
  const { actor, reason, cause } = because;
  await appendChange(db, { entity, entityId: row.id, fromStatus: from, toStatus: to, actor, reason, cause, before: JSON.stringify(row) });
  if (entity === "RECORD" && FOLLOWS.includes(event) && isInForce("RECORD", from as StatusOf<"RECORD">) && !isInForce("RECORD", to as StatusOf<"RECORD">)) {
    for (const entry of await entriesInForceOn(db, row.id)) await move(db, "ENTRY", entry, event, { actor, reason, cause });
  }
  return moved;
}

/** `row` came into the register by `event` (its status must be the table's for that): its first history row. */
export async function enter<E extends Entity>(db: Database, entity: E, row: RowOf<E>, event: Event, because: Because): Promise<void> {
  if (statusOf<E>(row) !== initialStatus(entity, event)) throw new Error(`a ${entity} does not come in ${row.status} by ${event}`);
  await appendChange(db, { entity, entityId: row.id, fromStatus: null, toStatus: row.status, ...because, before: null });
}

/** Rows that came in together by `event` (a rule's entries of one intake): their first history rows, in one statement. */
export async function enterAll<E extends Entity>(db: Database, entity: E, rows: { row: RowOf<E>; because: Because }[], event: Event): Promise<void> {
  for (const { row } of rows) if (statusOf<E>(row) !== initialStatus(entity, event)) throw new Error(`a ${entity} does not come in ${row.status} by ${event}`);
  await appendChanges(db, rows.map(({ row, because }) => ({ entity, entityId: row.id, fromStatus: null, toStatus: row.status, ...because, before: null })));
}

/** Refused unless the table allows `event` from the row's status: for a workflow that checks before it creates anything. */
export function assertAllows<E extends Entity>(entity: E, row: RowOf<E>, event: Event): void {
  if (movesOf(entity, statusOf<E>(row), event).length === 0) throw invalidState(refusal(entity, statusOf<E>(row), event));
}

/**
 * The record or entry an objection or repair is about. With `lock` the row stays locked until the
 * transaction ends, the register's version row first (the one lock order): a workflow that
 * checks a status and then moves it cannot interleave with another doing the same.
 */
export async function findTarget(db: Database, kind: TargetKind, id: string, opts: { lock?: boolean } = {}): Promise<Target> {
  if (kind !== "RECORD" && kind !== "ENTRY") throw new AppError("BAD_USER_INPUT", msg("input.targetKind"));
  if (opts.lock && isUuid(id)) await lockRegister(db);
  const row = isUuid(id) ? await findRow(db, kind, id, opts) : null;
  if (!row) throw new AppError("NOT_FOUND", msg(kind === "RECORD" ? "notFound.record" : "notFound.entry"));
  return { kind, row } as Target;
}

/** The status a thing had when `cause` moved it to `to`; null when that cause never did. */
export async function statusBefore<E extends Entity>(db: Database, entity: E, id: string, cause: string, to: StatusOf<E>): Promise<StatusOf<E> | null> {
  const change = (await changesByCause(db, cause)).find((c) => c.entity === entity && c.entityId === id && c.toStatus === to);
  return (change?.fromStatus as StatusOf<E> | null | undefined) ?? null;
}

/** Puts back every record and entry that `cause` moved, newest first, by `event`. */
export async function undoCause(db: Database, cause: string, event: Event, because: Because): Promise<void> {
  const changes = await changesByCause(db, cause);
  for (const change of changes.reverse()) {
    if (!change.fromStatus || (change.entity !== "RECORD" && change.entity !== "ENTRY")) continue;
    const target = await findTarget(db, change.entity, change.entityId, { lock: true });
    if (target.row.status !== change.toStatus) {
      throw invalidState(msg("state.changedSince", { entity: msg(`state.short.${change.entity}`), id: change.entityId, status: msg(`state.status.${target.row.status}`) }));
    }
    if (target.kind === "RECORD") await move(db, "RECORD", target.row, event, { ...because, to: change.fromStatus as StatusOf<"RECORD"> });
    else await move(db, "ENTRY", target.row, event, { ...because, to: change.fromStatus as StatusOf<"ENTRY"> });
  }
}

/**
 * Entries, records or commitments a partner platform sent (event EXCHANGED): each one's move, checked against
 * the table, and its history row, all in one statement. `from` null: it came in with this batch.
 */
export async function exchanged<E extends "ENTRY" | "RECORD" | "COMMITMENT">(
  db: Database, entity: E, moves: { id: string; from: StatusOf<E> | null; to: StatusOf<E>; before: string | null; reason?: string }[], because: Because,
): Promise<void> {
  for (const m of moves) {
    if (!movesOf(entity, m.from, "EXCHANGED").includes(m.to)) throw invalidState(refusal(entity, m.from ?? m.to, "EXCHANGED"));
  }
  await appendChanges(db, moves.map((m) => ({ entity, entityId: m.id, fromStatus: m.from, toStatus: m.to, ...because, reason: m.reason ?? because.reason, before: m.before })));
}

/**
 * Records a partner's batch moved out of force take the entries in force standing on them along,
 * as a local revocation or repair would (FOLLOWS): REPAIRED with a repaired record, else REVOKED.
 */
export async function followExchangedRecords(db: Database, records: { id: string; status: StatusOf<"RECORD"> }[], because: Because): Promise<void> {
  const ended = new Map(records.filter((r) => !isInForce("RECORD", r.status)).map((r) => [r.id, r.status]));
  // A fixed number of statements for a chunk of a batch: the entries read and locked, moved together, their history in one.
  const moves = (await entriesInForceOnAny(db, [...ended.keys()])).map((entry) => ({
    id: entry.id, from: entry.status, to: (entry.basisRecordIds.some((id) => ended.get(id) === "REPAIRED") ? "REPAIRED" : "REVOKED") as StatusOf<"ENTRY">,
    before: JSON.stringify(entry),
  }));
  await exchanged(db, "ENTRY", moves, because);
  await setEntryStatuses(db, moves);
}
