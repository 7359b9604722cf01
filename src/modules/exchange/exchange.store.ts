// SQL of the exchange hub (数据交换): batches, what changed since a partner's last acknowledged
// batch, and the bulk writes of an import — a fixed number of statements per chunk of lines.
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lte, notLike, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { type Database, rowsOf } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { commitment, creditRecord, evaluation, exchangeBatch, listEntry, recordParty, registerVersion, repair, subject } from "../../db/schema.js";

export type BatchRow = typeof exchangeBatch.$inferSelect;
export type NewBatch = typeof exchangeBatch.$inferInsert;
export type Partner = BatchRow["partner"];
export type BatchStatus = BatchRow["status"];
export type Direction = BatchRow["direction"];
export type EntryRow = typeof listEntry.$inferSelect;
export type RecordRow = typeof creditRecord.$inferSelect;

// Lists of batches leave their content out: it can be megabytes.
const { content: _content, ...batchColumns } = getTableColumns(exchangeBatch);

/** An export not yet acknowledged: the one a push sends (again), never a new one beside it. */
export const UNACKNOWLEDGED: BatchStatus[] = ["PENDING", "SENT", "FAILED"];

/** Serializes exports (and imports of one batch id) across processes until the transaction ends. */
export async function lockKey(db: Database, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export async function findBatch(db: Database, id: string): Promise<BatchRow | null> {
  const [row] = await db.select().from(exchangeBatch).where(eq(exchangeBatch.id, id));
  return row ?? null;
}

export async function findBatchByTick(db: Database, tick: string): Promise<BatchRow | null> {
  const [row] = await db.select().from(exchangeBatch).where(eq(exchangeBatch.tick, tick));
  return row ?? null;
}

export async function openExport(db: Database, partner: Partner): Promise<BatchRow | null> {
  const [row] = await db.select().from(exchangeBatch)
    .where(and(eq(exchangeBatch.direction, "EXPORT"), eq(exchangeBatch.partner, partner), inArray(exchangeBatch.status, UNACKNOWLEDGED)))
    .orderBy(asc(exchangeBatch.createdAt)).limit(1);
  return row ?? null;
}

/** Where the next export starts: the end of the period of the partner's last acknowledged batch. */
export async function lastAcknowledgedEnd(db: Database, partner: Partner): Promise<Date | null> {
  const [row] = await db.select({ to: exchangeBatch.periodTo }).from(exchangeBatch)
    .where(and(eq(exchangeBatch.direction, "EXPORT"), eq(exchangeBatch.partner, partner), eq(exchangeBatch.status, "ACKNOWLEDGED")))
    .orderBy(desc(exchangeBatch.periodTo)).limit(1);
  return row?.to ?? null;
}

/** Inserts a batch; null when another process made the batch of the same tick first. */
export async function insertBatch(db: Database, values: NewBatch): Promise<BatchRow | null> {
  const [row] = await db.insert(exchangeBatch).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateBatch(db: Database, id: string, values: Partial<NewBatch>): Promise<BatchRow | null> {
  const [row] = await db.update(exchangeBatch).set({ ...values, updatedAt: sql`now()` }).where(eq(exchangeBatch.id, id)).returning();
  return row ?? null;
}

/** Counts one more delivery attempt. */
export async function countAttempt(db: Database, id: string): Promise<void> {
  await db.update(exchangeBatch).set({ attempts: sql`${exchangeBatch.attempts} + 1`, status: sql`case when ${exchangeBatch.status} = 'ACKNOWLEDGED' then ${exchangeBatch.status} else 'SENT' end`, sentAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(exchangeBatch.id, id));
}

export async function pageBatches(db: Database, filter: { partner?: Partner | null; status?: BatchStatus | null; first: number; after: { at: string; id: string } | null }): Promise<(BatchRow & { at: string })[]> {
  return db.select({ ...batchColumns, at: sql<string>`${exchangeBatch.createdAt}::text` }).from(exchangeBatch).where(and(
    filter.partner ? eq(exchangeBatch.partner, filter.partner) : undefined,
    filter.status ? eq(exchangeBatch.status, filter.status) : undefined,
    filter.after ? sql`(${exchangeBatch.createdAt}, ${exchangeBatch.id}) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)` : undefined,
  )).orderBy(desc(exchangeBatch.createdAt), desc(exchangeBatch.id)).limit(filter.first + 1) as never;
}


export async function acknowledgedExports(db: Database, partner: Partner): Promise<Omit<BatchRow, "content">[]> {
  return db.select(batchColumns).from(exchangeBatch)
    .where(and(eq(exchangeBatch.direction, "EXPORT"), eq(exchangeBatch.partner, partner), eq(exchangeBatch.status, "ACKNOWLEDGED")))
    .orderBy(asc(exchangeBatch.createdAt)) as never;
}

/** For the metrics: batches by partner, direction and status, and the age of the oldest open export. */
export async function batchGauges(db: Database): Promise<{ partner: Partner; direction: Direction; status: BatchStatus; n: number; oldest: number | null }[]> {
  return rowsOf(await db.execute(sql`select partner, direction, status, count(*)::int as n,
    extract(epoch from now() - min(created_at))::float8 as oldest from exchange_batch group by partner, direction, status`));
}

/** The quarters whose joint report each partner has received: those of its acknowledged exports. */
export async function receivedJointQuarters(db: Database): Promise<Map<Partner, Set<string>>> {
  const rows = rowsOf<{ partner: Partner; quarter: string }>(await db.execute(sql`select distinct partner, q as quarter
    from exchange_batch, jsonb_array_elements_text(joint_quarters::jsonb) as q where direction = 'EXPORT' and status = 'ACKNOWLEDGED'`));
  const out = new Map<Partner, Set<string>>();
  for (const r of rows) out.set(r.partner, (out.get(r.partner) ?? new Set()).add(r.quarter));
  return out;
}

/**
 * Where an export's period ends: the transaction's own now(), or just before the start of the
 * oldest other transaction still running. Rows carry their transaction's now() as updated_at, so a
 * change committed after this export has read (by a transaction that began before it) lies after
 * the end and goes in the next batch, instead of behind a period already sent.
 */
export async function exportHorizon(db: Database): Promise<Date> {
  const [row] = rowsOf<{ to: string }>(await db.execute(sql`select least(now(),
      (select min(xact_start) - interval '1 microsecond' from pg_stat_activity where pid <> pg_backend_pid() and xact_start is not null)) as to`));
  return new Date(row!.to);
}

export async function dataVersion(db: Database): Promise<number> {
  const [row] = await db.select({ version: registerVersion.version }).from(registerVersion).where(eq(registerVersion.id, 1));
  return Number(row?.version ?? 0);
}

// ---- export: the register's own changes in a period ----

export type SubjectOfRow = { subjectKind: "ORGANIZATION" | "PERSON" | "VEHICLE" | "VESSEL"; identifier: string; identifierSealed: string | null; name: string; region: string };
const subjectCols = { subjectKind: subject.kind, identifier: subject.identifier, identifierSealed: subject.identifierSealed, name: subject.name, region: subject.region };

const inPeriod = (column: PgColumn, from: Date | null, to: Date) =>
  and(from ? gt(column, from) : undefined, lte(column, to));

/** Kinds of subject left out: persons, unless the partner may have protected personal data. */
const kindsAllowed = (personal: boolean) => (personal ? undefined : sql`${subject.kind} <> 'PERSON'`);

export async function changedEntries(db: Database, from: Date | null, to: Date, personal: boolean): Promise<(EntryRow & SubjectOfRow)[]> {
  return db.select({ ...getTableColumns(listEntry), ...subjectCols }).from(listEntry).innerJoin(subject, eq(subject.id, listEntry.subjectId))
    .where(and(isNull(listEntry.source), inPeriod(listEntry.updatedAt, from, to), kindsAllowed(personal))).orderBy(asc(listEntry.id)) as never;
}

export async function changedRecords(db: Database, from: Date | null, to: Date, personal: boolean): Promise<(RecordRow & SubjectOfRow)[]> {
  return db.select({ ...getTableColumns(creditRecord), ...subjectCols }).from(creditRecord).innerJoin(subject, eq(subject.id, creditRecord.subjectId))
    .where(and(isNull(creditRecord.source), inPeriod(creditRecord.updatedAt, from, to), kindsAllowed(personal))).orderBy(asc(creditRecord.id)) as never;
}

/** The parties (not the own subject) of these records, with the party's subject; persons only for a partner that may have them. */
export async function partiesOfRecords(db: Database, recordIds: readonly string[], personal: boolean): Promise<({ recordId: string; role: string | null } & SubjectOfRow)[]> {
  if (recordIds.length === 0) return [];
  return db.select({ recordId: recordParty.recordId, role: recordParty.role, ...subjectCols }).from(recordParty).innerJoin(subject, eq(subject.id, recordParty.subjectId))
    .where(and(anyUuid(recordParty.recordId, recordIds), eq(recordParty.isSubject, false), kindsAllowed(personal)))
    .orderBy(asc(recordParty.recordId), asc(recordParty.role), asc(subject.identifier)) as never;
}

export type RepairOfRow = typeof repair.$inferSelect & SubjectOfRow & { entrySourced: boolean | null; recordSource: string | null; sourceSystem: string | null; decisionNumber: string | null };

/** The register's own entries and records whose repair was approved or reversed in the period, with what was repaired. */
export async function changedRepairs(db: Database, from: Date | null, to: Date, personal: boolean): Promise<RepairOfRow[]> {
  const changedAt = sql`greatest(${repair.decidedAt}, ${repair.reversedAt})`;
  return db.select({
    ...getTableColumns(repair), ...subjectCols, entrySourced: sql<boolean | null>`${listEntry.source} is not null`,
    recordSource: creditRecord.source, sourceSystem: creditRecord.sourceSystem, decisionNumber: creditRecord.decisionNumber,
  }).from(repair).innerJoin(subject, eq(subject.id, repair.subjectId))
    .leftJoin(listEntry, and(eq(repair.targetKind, "ENTRY"), eq(listEntry.id, repair.targetId)))
    .leftJoin(creditRecord, and(eq(repair.targetKind, "RECORD"), eq(creditRecord.id, repair.targetId)))
    .where(and(sql`${repair.status} in ('APPROVED', 'REVERSED')`, from ? sql`${changedAt} > ${from.toISOString()}::timestamptz` : undefined, sql`${changedAt} <= ${to.toISOString()}::timestamptz`, kindsAllowed(personal)))
    .orderBy(asc(repair.id)) as never;
}

export type CommitmentRow = typeof commitment.$inferSelect;

/** The register's own commitments signed or moved in the period. */
export async function changedCommitments(db: Database, from: Date | null, to: Date, personal: boolean): Promise<(CommitmentRow & SubjectOfRow)[]> {
  return db.select({ ...getTableColumns(commitment), ...subjectCols }).from(commitment).innerJoin(subject, eq(subject.id, commitment.subjectId))
    .where(and(isNull(commitment.source), inPeriod(commitment.updatedAt, from, to), kindsAllowed(personal))).orderBy(asc(commitment.id)) as never;
}

/** The source system of a grade a partner sent: `exchange:<partner>` (never sent on to another partner). */
export const IMPORTED_GRADE = "exchange:";

/** The register's own grades given or revised in the period (a revised grade goes again). */
export async function changedEvaluations(db: Database, from: Date | null, to: Date, personal: boolean): Promise<((typeof evaluation.$inferSelect) & SubjectOfRow)[]> {
  return db.select({ ...getTableColumns(evaluation), ...subjectCols }).from(evaluation).innerJoin(subject, eq(subject.id, evaluation.subjectId))
    .where(and(notLike(evaluation.sourceSystem, `${IMPORTED_GRADE}%`), inPeriod(evaluation.updatedAt, from, to), kindsAllowed(personal))).orderBy(asc(evaluation.id)) as never;
}

// ---- import: one chunk of lines, a fixed number of statements ----

export type NewSubjectRow = { kind: SubjectOfRow["subjectKind"]; identifier: string; identifierSealed: string | null; name: string; region: string };

/** Adds the subjects the register lacks (ours are kept as they are) and returns every id by kind|identifier. */
export async function subjectIds(db: Database, add: NewSubjectRow[], refs: { kind: string; identifier: string }[]): Promise<Map<string, string>> {
  if (add.length > 0) await db.insert(subject).values(add).onConflictDoNothing({ target: [subject.kind, subject.identifier] });
  const all = [...add, ...refs];
  if (all.length === 0) return new Map();
  const rows = await db.select({ id: subject.id, kind: subject.kind, identifier: subject.identifier }).from(subject)
    // The pair compared as the index has it (kind as its enum, not as text): an index lookup per ref, not a scan.
    .where(sql`(${subject.kind}, ${subject.identifier}) in (select k::subject_kind, i from unnest(${sql.param(all.map((s) => s.kind))}::text[], ${sql.param(all.map((s) => s.identifier))}::text[]) as u(k, i))`);
  return new Map(rows.map((r) => [`${r.kind}|${r.identifier}`, r.id]));
}

export async function entriesBySource(db: Database, source: string, ids: string[]): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(listEntry).where(and(eq(listEntry.source, source), sql`${listEntry.sourceId} = any(${sql.param(ids)}::text[])`)).for("update");
}

export async function insertEntries(db: Database, rows: (typeof listEntry.$inferInsert)[]): Promise<EntryRow[]> {
  return rows.length === 0 ? [] : db.insert(listEntry).values(rows).returning();
}

/** Rewrites entries a partner re-sent with changes (one statement for the chunk). */
export async function updateEntries(db: Database, rows: Pick<EntryRow, "id" | "list" | "reasonCode" | "reasonText" | "authority" | "effectiveFrom" | "effectiveUntil" | "status">[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`update list_entry e set list = x.list::list_type, reason_code = x."reasonCode", reason_text = x."reasonText",
      authority = x.authority, effective_from = x."effectiveFrom"::date, effective_until = x."effectiveUntil"::date,
      status = x.status::list_entry_status, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, list text, "reasonCode" text, "reasonText" text, authority text,
      "effectiveFrom" text, "effectiveUntil" text, status text)
    where e.id = x.id`);
}

export async function commitmentsBySource(db: Database, source: string, ids: string[]): Promise<CommitmentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(commitment).where(and(eq(commitment.source, source), sql`${commitment.sourceId} = any(${sql.param(ids)}::text[])`)).for("update");
}

export async function insertCommitments(db: Database, rows: (typeof commitment.$inferInsert)[]): Promise<CommitmentRow[]> {
  return rows.length === 0 ? [] : db.insert(commitment).values(rows).returning();
}

/** Rewrites commitments a partner re-sent with changes (one statement for the chunk). */
export async function updateCommitments(db: Database, rows: Pick<CommitmentRow, "id" | "kind" | "matter" | "content" | "signedAt" | "validUntil" | "status">[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`update commitment c set kind = x.kind, matter = x.matter, content = x.content, signed_at = x."signedAt"::timestamptz,
      valid_until = x."validUntil"::date, status = x.status, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, kind text, matter text, content text, "signedAt" text, "validUntil" text, status text)
    where c.id = x.id`);
}

export async function recordsByDecision(db: Database, keys: { sourceSystem: string; decisionNumber: string }[]): Promise<RecordRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(creditRecord).where(sql`(${creditRecord.sourceSystem}, ${creditRecord.decisionNumber}) in
    (select * from unnest(${sql.param(keys.map((k) => k.sourceSystem))}::text[], ${sql.param(keys.map((k) => k.decisionNumber))}::text[]))`).for("update");
}

export async function insertRecords(db: Database, rows: (typeof creditRecord.$inferInsert)[]): Promise<RecordRow[]> {
  return rows.length === 0 ? [] : db.insert(creditRecord).values(rows).returning();
}

export async function updateRecords(db: Database, rows: Pick<RecordRow, "id" | "category" | "content" | "decisionDate" | "authority" | "severity" | "status" | "publicationEnds">[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`update credit_record r set category = x.category, content = x.content, decision_date = x."decisionDate"::date,
      authority = x.authority, severity = x.severity::severity, status = x.status::record_status,
      publication_ends = x."publicationEnds"::date, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, category text, content text, "decisionDate" text, authority text,
      severity text, status text, "publicationEnds" text)
    where r.id = x.id`);
}

export async function upsertEvaluations(db: Database, rows: (typeof evaluation.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(evaluation).values(rows).onConflictDoUpdate({
    target: [evaluation.sourceSystem, evaluation.subjectId, evaluation.sector, evaluation.year],
    set: { grade: sql`excluded.grade`, evaluator: sql`excluded.evaluator`, updatedAt: sql`now()` },
    setWhere: sql`(${evaluation.grade}, ${evaluation.evaluator}) is distinct from (excluded.grade, excluded.evaluator)`,
  });
}
