// SQL for credit records (信用记录): batched by subject, intake by (source system, decision
// number), and the publication-deadline oversight list.
import { and, asc, desc, eq, isNotNull, like, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { publishedRecord } from "../register/register.predicates.js";
import { creditRecord, recordParty, subject } from "../../db/schema.js";

export type CreditRecordRow = typeof creditRecord.$inferSelect;

export async function recordsBySubjectIds(
  db: Database, subjectIds: readonly string[], opts: { today: string; includeUnpublished: boolean },
): Promise<CreditRecordRow[]> {
  return db.select().from(creditRecord)
    .where(and(anyUuid(creditRecord.subjectId, subjectIds), opts.includeUnpublished ? undefined : publishedRecord(opts.today)))
    .orderBy(desc(creditRecord.decisionDate), asc(creditRecord.id));
}

/** Published records by id (the basis of list entries); ids of records not published are left out. */
export async function publishedRecordsByIds(db: Database, ids: readonly string[], opts: { today: string }): Promise<CreditRecordRow[]> {
  return db.select().from(creditRecord).where(and(anyUuid(creditRecord.id, ids), publishedRecord(opts.today)));
}

/** Published records that name these subjects as a party (not as their own subject), with the party's id and role. */
export async function recordsNamingParties(
  db: Database, subjectIds: readonly string[], opts: { today: string },
): Promise<(CreditRecordRow & { partyId: string; partyRole: string | null })[]> {
  const rows = await db.select({ record: creditRecord, partyId: recordParty.subjectId, partyRole: recordParty.role }).from(recordParty)
    .innerJoin(creditRecord, eq(creditRecord.id, recordParty.recordId))
    .where(and(anyUuid(recordParty.subjectId, subjectIds), eq(recordParty.isSubject, false), publishedRecord(opts.today)))
    .orderBy(desc(creditRecord.decisionDate), asc(creditRecord.id));
  return rows.map((r) => ({ ...r.record, partyId: r.partyId, partyRole: r.partyRole }));
}

export type NewRecord = typeof creditRecord.$inferInsert;

/** The records already taken in under these (source system, decision number) keys. */
export async function recordsByKeys(db: Database, keys: { sourceSystem: string; decisionNumber: string }[]): Promise<CreditRecordRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(creditRecord).where(sql`(${creditRecord.sourceSystem}, ${creditRecord.decisionNumber}) in
    (select * from unnest(${sql.param(keys.map((k) => k.sourceSystem))}::text[], ${sql.param(keys.map((k) => k.decisionNumber))}::text[]))`);
}

/** Inserts records; a (source system, decision number) already taken in is skipped, not an error. */
export async function insertRecords(db: Database, rows: NewRecord[]): Promise<CreditRecordRow[]> {
  return rows.length
    ? db.insert(creditRecord).values(rows).onConflictDoNothing({ target: [creditRecord.sourceSystem, creditRecord.decisionNumber] }).returning()
    : [];
}

export async function findRecord(db: Database, id: string): Promise<CreditRecordRow | null> {
  const [row] = await db.select().from(creditRecord).where(eq(creditRecord.id, id)).limit(1);
  return row ?? null;
}

/**
 * Records published after their deadline, or still unpublished past it (双公示 oversight),
 * newest decision first; `regionPrefix` "" for everywhere.
 */
export async function pageOverdue(db: Database, filter: {
  today: string; authority?: string | null; region?: string | null; regionPrefix: string; first: number; after: { date: string; id: string } | null;
}): Promise<CreditRecordRow[]> {
  const publishedOn = sql`(${creditRecord.publishedAt} at time zone 'Asia/Shanghai')::date`;
  const rows = await db.select({ record: creditRecord }).from(creditRecord)
    .innerJoin(subject, eq(subject.id, creditRecord.subjectId))
    .where(and(
      isNotNull(creditRecord.publishDeadline),
      sql`((${creditRecord.publishedAt} is null and ${creditRecord.publishDeadline} < ${filter.today}) or ${publishedOn} > ${creditRecord.publishDeadline})`,
      filter.authority ? eq(creditRecord.authority, filter.authority) : undefined,
      filter.region ? like(subject.region, `${filter.region}%`) : undefined,
      filter.regionPrefix ? like(subject.region, `${filter.regionPrefix}%`) : undefined,
      filter.after ? sql`(${creditRecord.decisionDate}, ${creditRecord.id}) < (${filter.after.date}::date, ${filter.after.id}::uuid)` : undefined,
    ))
    .orderBy(desc(creditRecord.decisionDate), desc(creditRecord.id))
    .limit(filter.first + 1);
  return rows.map((r) => r.record);
}
