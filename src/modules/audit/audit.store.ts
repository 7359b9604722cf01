// SQL for the audit trail (审计日志): appending chained events, paging them for readers and
// walking them in order for verification.
import { and, asc, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { auditEvent } from "../../db/schema.js";
import { GENESIS_HASH, hashEvent, type NewAuditEvent } from "./audit.chain.js";

export type AuditEventRow = typeof auditEvent.$inferSelect;

/**
 * Key of the transaction-level advisory lock that serialises appends: every API process takes it
 * before reading the chain's tail, so all processes extend one chain. Any constant works as long
 * as nothing else in the database uses it ("audit" in ASCII).
 */
const CHAIN_LOCK = 0x6175646974;

/** Rows per INSERT: 13 parameters a row stays far below PostgreSQL's 65,535 per statement. */
const INSERT_CHUNK = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The event exactly as PostgreSQL will store it. The hash is computed before the insert and
 * recomputed from the stored row, so both must see the same values: uuids are stored lower case.
 * Throws on a value the database would refuse, so a bad event fails alone, not its whole batch.
 */
export function storedForm(event: NewAuditEvent): NewAuditEvent {
  const uuid = (id: string) => {
    const lower = id.toLowerCase();
    if (!UUID.test(lower)) throw new Error(`audit event: "${id}" is not a uuid`);
    return lower;
  };
  if (Number.isNaN(event.at.getTime())) throw new Error("audit event: invalid time");
  return {
    ...event,
    subjectIds: event.subjectIds.map(uuid),
    grantId: event.grantId === null ? null : uuid(event.grantId),
    protectedFields: [...event.protectedFields],
    detail: event.detail ?? null,
  };
}

/**
 * Appends events to the chain in one transaction: lock, read the tail, number and hash the events
 * in order, insert them. Three statements whatever the number of events (up to INSERT_CHUNK).
 */
export async function appendEvents(db: Database, events: readonly NewAuditEvent[]): Promise<AuditEventRow[]> {
  if (events.length === 0) return [];
  const stored = events.map(storedForm);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(CHAIN_LOCK))})`);
    const [tail] = await tx.select({ seq: auditEvent.seq, hash: auditEvent.hash }).from(auditEvent)
      .orderBy(desc(auditEvent.seq)).limit(1);
    let seq = tail?.seq ?? 0;
    let prevHash = tail?.hash ?? GENESIS_HASH;
    const rows: AuditEventRow[] = stored.map((event) => {
      seq += 1;
      const hash = hashEvent(prevHash, { ...event, seq });
      const row = { ...event, detail: event.detail ?? null, seq, prevHash, hash };
      prevHash = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(auditEvent).values(rows.slice(i, i + INSERT_CHUNK));
    }
    return rows;
  });
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
