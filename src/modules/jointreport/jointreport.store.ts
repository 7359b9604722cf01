// SQL of the quarterly joint reward/punishment report: list entries over the quarter, the
// measures that decided checks (from the tallies the audit trail keeps with each check event, in
// its transaction — never from in-process counters), the
// effects (repairs, objections, commitments) and the marked cases. One statement per part.
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../../db/client.js";

/**
 * Runs the report's reads in one read-only snapshot (its parts reconcile with each other), without
 * JIT: the planner cannot know how many results a check event holds, and compiling for its guess
 * costs seconds on a small trail.
 */
export async function inSnapshot<T>(db: Database, read: (db: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return read(tx as unknown as Database);
  }, { isolationLevel: "repeatable read", accessMode: "read only" });
}

/** A quarter in China time: its first day, its last day, and the first day after it. */
export interface Quarter { label: string; start: string; end: string; next: string }

/** `prefix`: a region prefix ("" for the whole province). */
interface Scope { quarter: Quarter; prefix: string }

const instant = (day: string) => sql`(${day}::date::timestamp at time zone 'Asia/Shanghai')`;
const inRegion = (column: ReturnType<typeof sql.raw>, prefix: string) => (prefix ? sql`${column} like ${`${prefix}%`}` : sql`true`);

export interface ObjectRow { list: string | null; reasonCode: string | null; reasonText: string | null; prefecture: string | null; added: number; inForce: number; ended: number; subjects: number; subjectsLeft: number }

/**
 * Entries by (list, reason, prefecture) — new in the quarter, in force at some time in it, ended
 * in it — and, as the row whose list is null, the totals with distinct subjects (and those that left).
 * An entry ends when it is revoked or repaired (the history's date) or on its effectiveUntil.
 */
export async function objectRows(db: Database, { quarter, prefix }: Scope): Promise<ObjectRow[]> {
  return rowsOf<ObjectRow>(await db.execute(sql`
    with e as (
      select e.id, e.subject_id, e.list::text as list, e.reason_code, e.reason_text, e.effective_from, s.region,
        case when e.status in ('REVOKED', 'REPAIRED')
          then coalesce((select max((c.at at time zone 'Asia/Shanghai')::date) from state_change c
                          where c.entity = 'ENTRY' and c.entity_id = e.id and c.to_status = e.status::text), e.effective_until, e.effective_from)
          else e.effective_until end as ended_on
      from list_entry e join subject s on s.id = e.subject_id
      where e.effective_from <= ${quarter.end}::date and ${inRegion(sql.raw("s.region"), prefix)}
    ), q as (
      select *, effective_from >= ${quarter.start}::date as added,
        (ended_on is null or ended_on >= ${quarter.start}::date) as in_force,
        (ended_on between ${quarter.start}::date and ${quarter.end}::date) as ended
      from e
    )
    select list, reason_code as "reasonCode", min(reason_text) as "reasonText", left(region, 4) || '00' as prefecture,
      (count(*) filter (where added and in_force))::int as added, (count(*) filter (where in_force))::int as "inForce",
      (count(*) filter (where ended))::int as ended,
      (count(distinct subject_id) filter (where in_force))::int as subjects,
      (count(distinct subject_id) filter (where ended))::int as "subjectsLeft"
    from q where in_force
    group by grouping sets ((list, reason_code, left(region, 4)), ())
    order by list nulls last, reason_code, prefecture`));
}

export interface MeasureUse { scenario: string; measure: string; decision: string; checks: number; subjects: number; systems: string[] }

/**
 * Check results by the measure that decided them, with distinct subjects and the requesting
 * systems (an API key's name, else the principal): from the tally the audit trail keeps
 * (check_measure_tally, written with each check event; drizzle/0018_check_tally_trigger.sql).
 */
export async function measureUses(db: Database, { quarter, prefix }: Scope): Promise<MeasureUse[]> {
  return rowsOf<MeasureUse>(await db.execute(sql`
    select t.scenario, t.measure, t.decision, sum(t.checks)::int as checks, count(distinct t.subject_id)::int as subjects,
      array_agg(distinct coalesce(k.name, t.principal) order by coalesce(k.name, t.principal)) as systems
    from check_measure_tally t
    ${prefix ? sql`join subject s on s.id = t.subject_id and s.region like ${`${prefix}%`}` : sql``}
    left join api_key k on t.principal = 'key:' || k.id::text
    where t.day between ${quarter.start}::date and ${quarter.end}::date
    group by 1, 2, 3
    order by 1, 2, 3`));
}

export interface DecisionCount { scenario: string; month: string; decision: string; checks: number }

/** Every check result of the quarter by scenario, month (China time) and decision: what the chart shows (check_decision_tally). */
export async function decisionCounts(db: Database, { quarter, prefix }: Scope): Promise<DecisionCount[]> {
  return rowsOf<DecisionCount>(await db.execute(sql`
    select scenario, to_char(day, 'YYYY-MM') as month, decision, sum(checks)::int as checks
    from check_decision_tally
    where day between ${quarter.start}::date and ${quarter.end}::date and ${prefix ? sql`region like ${`${prefix}%`}` : sql`true`}
    group by 1, 2, 3
    order by 1, 2, 3`));
}

export interface EffectCounts { repairsCompleted: number; objectionsUpheld: number; commitmentsSigned: number; commitmentsBroken: number }

/** Repairs approved, objections upheld and commitments broken in the quarter (the state history), commitments signed in it. */
export async function effectCounts(db: Database, { quarter, prefix }: Scope): Promise<EffectCounts> {
  const moved = (entity: string, table: string, to: string) => sql`(select count(*)::int from state_change c
    join ${sql.raw(table)} t on t.id = c.entity_id join subject s on s.id = t.subject_id
    where c.entity = ${entity} and c.to_status = ${to} and c.at >= ${instant(quarter.start)} and c.at < ${instant(quarter.next)}
      and ${inRegion(sql.raw("s.region"), prefix)})`;
  const [row] = rowsOf<EffectCounts>(await db.execute(sql`
    select ${moved("REPAIR", "repair", "APPROVED")} as "repairsCompleted",
      ${moved("OBJECTION", "objection", "UPHELD")} as "objectionsUpheld",
      (select count(*)::int from commitment c join subject s on s.id = c.subject_id
        where c.signed_at >= ${instant(quarter.start)} and c.signed_at < ${instant(quarter.next)} and ${inRegion(sql.raw("s.region"), prefix)}) as "commitmentsSigned",
      ${moved("COMMITMENT", "commitment", "BROKEN")} as "commitmentsBroken"`));
  return row!;
}

export interface CaseRow {
  id: string; entryId: string; facts: string; markedBy: string; markedAt: Date;
  list: string; reasonCode: string; reasonText: string; authority: string; effectiveFrom: string; effectiveUntil: string | null; status: string;
  subjectName: string; subjectKind: string; region: string;
}

/** Cases (典型案例) whose entry was in force at some time in the quarter. */
export async function caseRows(db: Database, { quarter, prefix }: Scope): Promise<CaseRow[]> {
  const rows = rowsOf<CaseRow & { markedAt: string | Date }>(await db.execute(sql`
    select j.id, j.entry_id as "entryId", j.facts, j.marked_by as "markedBy", j.marked_at as "markedAt",
      e.list::text as list, e.reason_code as "reasonCode", e.reason_text as "reasonText", e.authority, e.effective_from::text as "effectiveFrom",
      e.effective_until::text as "effectiveUntil", e.status::text as status, s.name as "subjectName", s.kind::text as "subjectKind", s.region
    from joint_case j join list_entry e on e.id = j.entry_id join subject s on s.id = e.subject_id
    where e.effective_from <= ${quarter.end}::date and (e.effective_until is null or e.effective_until >= ${quarter.start}::date)
      and ${inRegion(sql.raw("s.region"), prefix)}
    order by j.marked_at, j.id`));
  return rows.map((r) => ({ ...r, markedAt: new Date(r.markedAt) }));
}

/** Marks an entry as a case (again: its facts are replaced). */
export async function upsertCase(db: Database, values: { entryId: string; facts: string; markedBy: string }): Promise<{ id: string }> {
  const [row] = rowsOf<{ id: string }>(await db.execute(sql`
    insert into joint_case (entry_id, facts, marked_by) values (${values.entryId}::uuid, ${values.facts}, ${values.markedBy})
    on conflict (entry_id) do update set facts = excluded.facts, marked_by = excluded.marked_by, marked_at = now()
    returning id`));
  return row!;
}

/** When the register's audit trail begins: the first quarter that can have a report (null: no event yet). */
export async function firstAuditAt(db: Database): Promise<Date | null> {
  const [row] = rowsOf<{ at: string | null }>(await db.execute(sql`select min(at)::text as at from audit_event`));
  return row?.at ? new Date(row.at) : null;
}
