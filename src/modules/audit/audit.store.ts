// SQL for the audit trail (审计日志): appending chained events, paging them for readers and
// walking them in order for verification.
import { and, asc, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { auditEvent } from "../../db/schema.js";
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
 * function (drizzle/0008_audit_append.sql) locks the chain, reads its tail, numbers, hashes and
 * inserts the events in order.
 */
export async function appendEvents(db: Database, events: readonly NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payload = events.map(storedForm).map((event) => ({ ...event, at: event.at.toISOString(), rest: canonicalRest(event) }));
  countAuditAppend();
  await db.execute(sql`select append_audit_events(${JSON.stringify(payload)}::jsonb)`);
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
