// SQL of the public feeds (公示): published records, commitments and grades across the register,
// and the counts the window's charts draw. Every query filters what the public may read in SQL.
import { and, desc, eq, gte, like, lte, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { commitment, creditRecord, evaluation, listEntry, repair, subject } from "../../db/schema.js";
import { activeEntry, publicSubject, publishedRecord } from "../register/register.predicates.js";

export type RecordRow = typeof creditRecord.$inferSelect;
export type CommitmentRow = typeof commitment.$inferSelect;
export type EvaluationRow = typeof evaluation.$inferSelect;

/** A keyset position: a timestamp as PostgreSQL prints it (exact to the microsecond) and an id. */
export interface At { at: string; id: string }

interface Scope { today: string; privatePersons: boolean; region: string | null }

const inScope = (s: Scope): SQL | undefined => and(
  s.region ? like(subject.region, `${s.region}%`) : undefined,
  s.privatePersons ? undefined : publicSubject(s.today),
);

/** Published records (双公示), last published first. */
export async function pagePublishedRecords(db: Database, f: Scope & {
  category: string | null; authority: string | null; from: string | null; to: string | null; first: number; after: At | null;
}): Promise<(RecordRow & { cursorAt: string })[]> {
  const rows = await db.select({ record: creditRecord, cursorAt: sql<string>`${creditRecord.publishedAt}::text` }).from(creditRecord)
    .innerJoin(subject, eq(subject.id, creditRecord.subjectId))
    .where(and(
      publishedRecord(f.today),
      inScope(f),
      f.category ? eq(creditRecord.category, f.category) : undefined,
      f.authority ? like(creditRecord.authority, `%${f.authority}%`) : undefined,
      f.from ? gte(creditRecord.decisionDate, f.from) : undefined,
      f.to ? lte(creditRecord.decisionDate, f.to) : undefined,
      f.after ? sql`(${creditRecord.publishedAt}, ${creditRecord.id}) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)` : undefined,
    ))
    .orderBy(desc(creditRecord.publishedAt), desc(creditRecord.id))
    .limit(f.first + 1);
  return rows.map((r) => ({ ...r.record, cursorAt: r.cursorAt }));
}

/** Commitments (信用承诺, always public), last signed first. */
export async function pageCommitments(db: Database, f: Scope & {
  matter: string | null; status: string | null; kind: string | null; first: number; after: At | null;
}): Promise<(CommitmentRow & { cursorAt: string })[]> {
  const rows = await db.select({ commitment, cursorAt: sql<string>`${commitment.signedAt}::text` }).from(commitment)
    .innerJoin(subject, eq(subject.id, commitment.subjectId))
    .where(and(
      inScope(f),
      f.matter ? like(commitment.matter, `%${f.matter}%`) : undefined,
      f.status ? eq(commitment.status, f.status) : undefined,
      f.kind ? eq(commitment.kind, f.kind) : undefined,
      f.after ? sql`(${commitment.signedAt}, ${commitment.id}) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)` : undefined,
    ))
    .orderBy(desc(commitment.signedAt), desc(commitment.id))
    .limit(f.first + 1);
  return rows.map((r) => ({ ...r.commitment, cursorAt: r.cursorAt }));
}

/** Grades (信用评价), latest year first, then by sector and grade. */
export async function pageEvaluations(db: Database, f: Scope & {
  sector: string | null; year: number | null; grade: string | null; first: number; after: { year: number; id: string } | null;
}): Promise<EvaluationRow[]> {
  const rows = await db.select({ evaluation }).from(evaluation)
    .innerJoin(subject, eq(subject.id, evaluation.subjectId))
    .where(and(
      inScope(f),
      f.sector ? eq(evaluation.sector, f.sector) : undefined,
      f.year ? eq(evaluation.year, f.year) : undefined,
      f.grade ? eq(evaluation.grade, f.grade) : undefined,
      f.after ? sql`(${evaluation.year}, ${evaluation.id}) < (${f.after.year}, ${f.after.id}::uuid)` : undefined,
    ))
    .orderBy(desc(evaluation.year), desc(evaluation.id))
    .limit(f.first + 1);
  return rows.map((r) => r.evaluation);
}

/** Entries in force, counted by list and prefecture (the first 4 digits of the subject's region). */
export async function countEntries(db: Database, today: string, region: string | null): Promise<{ list: string; prefecture: string; count: number }[]> {
  const prefecture = sql<string>`left(${subject.region}, 4)`;
  return db.select({ list: listEntry.list, prefecture, count: sql<number>`count(*)::int` }).from(listEntry)
    .innerJoin(subject, eq(subject.id, listEntry.subjectId))
    .where(and(activeEntry(today), region ? like(subject.region, `${region}%`) : undefined))
    .groupBy(listEntry.list, prefecture)
    .orderBy(listEntry.list, prefecture);
}

/** Records the public may read now, counted by the month (China time) they were published and category. */
export async function countPublications(db: Database, today: string, sinceMonth: string): Promise<{ month: string; category: string; count: number }[]> {
  const month = sql<string>`to_char(${creditRecord.publishedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  return db.select({ month, category: creditRecord.category, count: sql<number>`count(*)::int` }).from(creditRecord)
    .where(and(publishedRecord(today), sql`${month} >= ${sinceMonth}`))
    .groupBy(month, creditRecord.category)
    .orderBy(month, creditRecord.category);
}

/** Approved repairs still standing (not reversed), counted by month of decision and what they repaired; nothing of whom. */
export async function countRepairs(db: Database, sinceMonth: string): Promise<{ month: string; targetKind: string; count: number }[]> {
  const month = sql<string>`to_char(${repair.decidedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  return db.select({ month, targetKind: repair.targetKind, count: sql<number>`count(*)::int` }).from(repair)
    .where(and(eq(repair.status, "APPROVED"), sql`${month} >= ${sinceMonth}`))
    .groupBy(month, repair.targetKind)
    .orderBy(month, repair.targetKind);
}
