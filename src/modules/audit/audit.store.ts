// SQL for the audit trail (审计日志): appending chained events, paging them for readers,
// walking them in order for verification, the chain's head and its signed checkpoints.
import { and, asc, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import { type Database, type Prepare, rowsOf } from "../../db/client.js";
import { auditCheckpoint, auditEvent, auditHead } from "../../db/schema.js";
import { canonicalRest, type NewAuditEvent } from "./audit.chain.js";
import { isUuid } from "../../shared/ids.js";
import { countAuditAppend } from "../../shared/metrics.js";
import { unstorablePath } from "../../shared/text.js";

export type AuditEventRow = typeof auditEvent.$inferSelect;


/**
 * The event exactly as PostgreSQL will store it. The hash is computed before the insert and
 * recomputed from the stored row, so both must see the same values: uuids are stored lower case.
 * Throws on a value the database would refuse, so a bad event fails alone, not its whole batch.
 */
export function storedForm(event: NewAuditEvent): NewAuditEvent {
  const uuid = (id: string) => {
    const lower = id.toLowerCase();
    if (!isUuid(lower)) throw new Error(`audit event: "${id}" is not a uuid`);
    return lower;
  };
  if (Number.isNaN(event.at.getTime())) throw new Error("audit event: invalid time");
  const text = unstorablePath(event);
  if (text !== null) throw new Error(`audit event: ${text} cannot be stored`);
  return {
    ...event,
    subjectIds: event.subjectIds.map(uuid),
    grantId: event.grantId === null ? null : uuid(event.grantId),
    protectedFields: [...event.protectedFields],
    detail: event.detail ?? null,
  };
}

/**
 * Appends events to the chain: one statement whatever the number of events. The database
 * function (drizzle/0010_audit_anchor.sql) locks the chain, reads its head, numbers the events
 * from the sequence, hashes and inserts them in order and moves the head. Inside a caller's
 * transaction it holds the chain's lock until that transaction ends; a rollback leaves the
 * chain as it was (and its numbers unused).
 */
export async function appendEvents(db: Database, events: readonly NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  countAuditAppend();
  await db.execute(sql`select append_audit_events(${payloadOf(events)}::jsonb)`);
}

/**
 * The same append outside any transaction, prepared: the group writer's, which runs on every
 * request (an unprepared statement costs postgres.js a round trip to learn its parameter types).
 */
export function eventsAppender(prepare: Prepare): (events: readonly NewAuditEvent[]) => Promise<void> {
  const append = prepare(sql`select append_audit_events(${sql.placeholder("events")}::jsonb)`);
  return async (events) => {
    if (events.length === 0) return;
    countAuditAppend();
    await append({ events: payloadOf(events) });
  };
}

function payloadOf(events: readonly NewAuditEvent[]): string {
  return JSON.stringify(events.map(storedForm).map((event) => ({ ...event, at: event.at.toISOString(), rest: canonicalRest(event) })));
}

export interface AuditFilter {
  principal?: string | null;
  role?: string | null;
  operation?: string | null;
  subjectId?: string | null;
  /** Inclusive lower bound of `at`. */
  since?: Date | null;
  /** Exclusive upper bound of `at`. */
  until?: Date | null;
  first: number;
  /** Keyset position: the last seq of the previous page. */
  afterSeq: number | null;
}

/** Newest first, `first + 1` rows (the extra one only says there is more). */
export async function pageEvents(db: Database, filter: AuditFilter): Promise<AuditEventRow[]> {
  return db.select().from(auditEvent).where(and(
    filter.principal != null ? eq(auditEvent.principal, filter.principal) : undefined,
    filter.role != null ? eq(auditEvent.role, filter.role) : undefined,
    filter.operation != null ? eq(auditEvent.operation, filter.operation) : undefined,
    filter.subjectId != null ? sql`${filter.subjectId}::uuid = any(${auditEvent.subjectIds})` : undefined,
    filter.since != null ? gte(auditEvent.at, filter.since) : undefined,
    filter.until != null ? lt(auditEvent.at, filter.until) : undefined,
    filter.afterSeq != null ? lt(auditEvent.seq, filter.afterSeq) : undefined,
  )).orderBy(desc(auditEvent.seq)).limit(filter.first + 1);
}

/** Up to `limit` events after `afterSeq`, in chain order. */
export async function walkEvents(db: Database, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.select().from(auditEvent).where(gt(auditEvent.seq, afterSeq)).orderBy(asc(auditEvent.seq)).limit(limit);
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The chain's head as the append function left it; null when its row is gone. */
export async function readHead(db: Database): Promise<ChainHead | null> {
  const [head] = await db.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead);
  return head ?? null;
}

/** The seq the next append would take from the sequence. */
export async function nextSeq(db: Database): Promise<number> {
  const [row] = rowsOf<{ next: string }>(await db.execute(
    sql`select (case when is_called then last_value + 1 else last_value end)::text as next from audit_event_seq`));
  return Number(row!.next);
}

/** The stored hash of one event; null when there is no event with that seq. */
export async function eventHash(db: Database, seq: number): Promise<string | null> {
  const [row] = await db.select({ hash: auditEvent.hash }).from(auditEvent).where(eq(auditEvent.seq, seq));
  return row?.hash ?? null;
}

export type CheckpointRow = typeof auditCheckpoint.$inferSelect;

/** The stored checkpoint of the newest head. */
export async function latestCheckpoint(db: Database): Promise<CheckpointRow | null> {
  const [row] = await db.select().from(auditCheckpoint).orderBy(desc(auditCheckpoint.seq)).limit(1);
  return row ?? null;
}

/**
 * Stores a checkpoint unless one of the same head seq is stored already (another process signed
 * the same head at the same moment): true when this one was stored.
 */
export async function insertCheckpoint(db: Database, checkpoint: CheckpointRow): Promise<boolean> {
  const stored = await db.insert(auditCheckpoint).values(checkpoint).onConflictDoNothing({ target: auditCheckpoint.seq })
    .returning({ seq: auditCheckpoint.seq });
  return stored.length > 0;
}
