// SQL of the rules module: the violation catalogue, the listing rules, the parties of records,
// the facts a rule counts (batched for every subject of an intake at once), the per-subject
// advisory locks, and the entries the rules make.
import { and, asc, count, eq, isNotNull, sql } from "drizzle-orm";
import { type Database, rowsOf } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { creditRecord, listEntry, listRule, recordParty, subject, violation } from "../../db/schema.js";
import { statusIn } from "../register/register.predicates.js";
import { IN_FORCE } from "../register/register.states.js";
import { DEFAULT_LIST_RULES, DEFAULT_VIOLATIONS } from "./rules.defaults.js";

export type ViolationRow = typeof violation.$inferSelect;
export type ListRuleRow = typeof listRule.$inferSelect;
export type NewParty = typeof recordParty.$inferInsert;
export type EntryRow = typeof listEntry.$inferSelect;

/** Writes the default catalogue and rules into empty tables; filled tables are left as they are. */
export async function ensureRuleDefaults(db: Database): Promise<void> {
  const [[violations], [rules]] = await Promise.all([
    db.select({ n: count() }).from(violation),
    db.select({ n: count() }).from(listRule),
  ]);
  if (violations!.n === 0) await db.insert(violation).values(DEFAULT_VIOLATIONS).onConflictDoNothing();
  if (rules!.n === 0) await db.insert(listRule).values(DEFAULT_LIST_RULES).onConflictDoNothing();
}

export function listViolations(db: Database): Promise<ViolationRow[]> {
  return db.select().from(violation).orderBy(asc(violation.code));
}

export async function upsertViolation(db: Database, values: Omit<typeof violation.$inferInsert, "updatedAt">): Promise<ViolationRow> {
  const [row] = await db.insert(violation).values(values)
    .onConflictDoUpdate({ target: violation.code, set: { name: values.name, legalBasis: values.legalBasis, updatedAt: sql`now()` } }).returning();
  return row!;
}

export function listRules(db: Database, opts: { activeOnly?: boolean } = {}): Promise<ListRuleRow[]> {
  return db.select().from(listRule).where(opts.activeOnly ? eq(listRule.active, true) : undefined).orderBy(asc(listRule.code));
}

export async function upsertRule(db: Database, values: Omit<typeof listRule.$inferInsert, "updatedAt">): Promise<ListRuleRow> {
  const { code: _code, ...set } = values;
  const [row] = await db.insert(listRule).values(values)
    .onConflictDoUpdate({ target: listRule.code, set: { ...set, updatedAt: sql`now()` } }).returning();
  return row!;
}

/** Replaces the parties of these records (re-sent records get the parties they are sent with). */
export async function replaceParties(db: Database, recordIds: readonly string[], rows: NewParty[]): Promise<void> {
  if (recordIds.length) await db.delete(recordParty).where(anyUuid(recordParty.recordId, recordIds));
  if (rows.length) await db.insert(recordParty).values(rows).onConflictDoNothing();
}

/** Every subject these records concern (their own subjects and their parties). */
export async function subjectsOfRecords(db: Database, recordIds: readonly string[]): Promise<string[]> {
  if (recordIds.length === 0) return [];
  const rows = await db.selectDistinct({ id: recordParty.subjectId }).from(recordParty).where(anyUuid(recordParty.recordId, recordIds));
  return rows.map((r) => r.id);
}

/**
 * Per-subject transaction locks (pg_advisory_xact_lock on a hash of the subject id), in id order
 * so that two intakes locking overlapping subjects wait for each other instead of deadlocking.
 */
export async function lockSubjects(db: Database, subjectIds: readonly string[]): Promise<void> {
  await db.execute(sql`select count(pg_advisory_xact_lock(hashtextextended('creditgate:subject:' || s.id, 0)))
    from (select id from unnest(${sql.param([...subjectIds])}::text[]) as u(id) order by id) as s`);
}

export interface PartyFact { subjectId: string; role: string | null; isSubject: boolean; recordId: string; date: string; violation: string }

/** The records in force naming one of `violations` that concern these subjects, with the role each plays. */
export async function partyFacts(db: Database, subjectIds: readonly string[], violations: readonly string[]): Promise<PartyFact[]> {
  return db.select({
    subjectId: recordParty.subjectId, role: recordParty.role, isSubject: recordParty.isSubject,
    recordId: creditRecord.id, date: creditRecord.decisionDate, violation: sql<string>`${creditRecord.violation}`,
  }).from(recordParty)
    .innerJoin(creditRecord, eq(creditRecord.id, recordParty.recordId))
    .where(and(
      anyUuid(recordParty.subjectId, subjectIds),
      sql`${creditRecord.violation} = any(${sql.param([...violations])}::text[])`,
      statusIn(creditRecord.status, IN_FORCE.RECORD),
    ));
}

export interface FleetRow { operatorId: string; vehicleId: string; recordId: string; date: string; violation: string | null; inForce: boolean }

/**
 * For each of these operators, every record naming it as OPERATOR, with the vehicle the record
 * names: the distinct vehicles are its fleet, those of qualifying records its over-limit vehicles.
 */
export async function fleetRows(db: Database, operatorIds: readonly string[]): Promise<FleetRow[]> {
  if (operatorIds.length === 0) return [];
  const rows = await db.execute(sql`select op.subject_id as "operatorId", v.subject_id as "vehicleId", r.id as "recordId",
      r.decision_date::text as "date", r.violation as "violation", (r.status::text = any(${sql.param([...IN_FORCE.RECORD])}::text[])) as "inForce"
    from ${recordParty} op
    join ${creditRecord} r on r.id = op.record_id
    join ${recordParty} v on v.record_id = op.record_id and v.role = 'VEHICLE'
    where op.role = 'OPERATOR' and op.subject_id = any(${sql.param([...operatorIds])}::uuid[])`);
  return rowsOf<FleetRow>(rows);
}

/** Entries the rules made for these subjects, in any status. */
export async function ruleEntriesOf(db: Database, subjectIds: readonly string[]): Promise<EntryRow[]> {
  return db.select().from(listEntry).where(and(anyUuid(listEntry.subjectId, subjectIds), isNotNull(listEntry.rule)));
}

export async function insertEntries(db: Database, rows: (typeof listEntry.$inferInsert)[]): Promise<EntryRow[]> {
  return rows.length ? db.insert(listEntry).values(rows).returning() : [];
}

/** Regions of subjects, for the rules' entries (not needed by the engine itself) and warnings. */
export async function subjectRegions(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: subject.id, region: subject.region }).from(subject).where(anyUuid(subject.id, ids));
  return new Map(rows.map((r) => [r.id, r.region]));
}
