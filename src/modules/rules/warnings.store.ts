// SQL of the early-warning feed (信用预警): one statement per kind of warning, each bounded to a
// region prefix and, when asked, a subject kind.
import { sql, type SQL } from "drizzle-orm";
import { type Database, rowsOf } from "../../db/client.js";
import { commitment, creditRecord, listEntry, listRule, recordParty, subject } from "../../db/schema.js";
import { IN_FORCE } from "../register/register.states.js";

export interface WarningFactRow { id: string; decisionNumber: string | null; date: string }
export interface WarningRow { kind: string; subjectId: string; rule: string; due: string; facts: WarningFactRow[]; key: string }

export interface WarningScope { today: string; regionPrefixes: string[]; subjectKind: string | null; withinDays: number }

const inScope = (scope: WarningScope): SQL => sql.join([
  ...scope.regionPrefixes.map((p) => sql`s.region like ${`${p}%`}`),
  scope.subjectKind ? sql`s.kind = ${scope.subjectKind}` : sql`true`,
], sql` and `);

const inForce = (column: SQL) => sql`${column}::text = any(${sql.param([...IN_FORCE.RECORD])}::text[])`;

/**
 * One step before a COUNT rule: exactly `threshold` records in force within the rule's window
 * ending today (a window holds decisions of today and the windowDays - 1 days before), and no
 * entry of that rule in force. Due: the day the oldest of them leaves the window.
 */
export async function nearListing(db: Database, scope: WarningScope): Promise<WarningRow[]> {
  return rowsOf<WarningRow>(await db.execute(sql`select 'NEAR_LISTING' as kind, p.subject_id as "subjectId", lr.code as rule,
      (min(r.decision_date) + lr.window_days)::text as due, p.subject_id::text || '|' || lr.code as key,
      json_agg(json_build_object('id', r.id, 'decisionNumber', r.decision_number, 'date', r.decision_date) order by r.decision_date, r.id) as facts
    from ${listRule} lr
    join ${creditRecord} r on r.violation = lr.violation and r.decision_date <= ${scope.today}::date
      and r.decision_date > ${scope.today}::date - lr.window_days and ${inForce(sql`r.status`)}
    join ${recordParty} p on p.record_id = r.id and ((lr.role is null and p.is_subject) or p.role = lr.role)
    join ${subject} s on s.id = p.subject_id
    where lr.active and lr.kind = 'COUNT' and lr.threshold > 0 and ${inScope(scope)}
      and not exists (select 1 from ${listEntry} e where e.subject_id = p.subject_id and e.rule = lr.code and e.status = 'ACTIVE')
    group by p.subject_id, lr.code, lr.threshold, lr.window_days
    having count(distinct r.id) = lr.threshold`));
}

/** Entries in force whose effectiveUntil falls within the coming `withinDays` days. */
export async function entriesEnding(db: Database, scope: WarningScope): Promise<WarningRow[]> {
  return rowsOf<WarningRow>(await db.execute(sql`select 'ENTRY_ENDING' as kind, e.subject_id as "subjectId", coalesce(e.rule, e.reason_code) as rule,
      e.effective_until::text as due, e.id::text as key,
      json_build_array(json_build_object('id', e.id, 'decisionNumber', null, 'date', e.effective_from)) as facts
    from ${listEntry} e join ${subject} s on s.id = e.subject_id
    where e.status = 'ACTIVE' and e.effective_from <= ${scope.today}::date and e.effective_until >= ${scope.today}::date
      and e.effective_until <= ${scope.today}::date + ${scope.withinDays}::int and ${inScope(scope)}`));
}

/** Commitments in force ending within the coming days, and broken ones (履约情况: 不履约的申请人依法依规实施惩戒). */
export async function commitmentWarnings(db: Database, scope: WarningScope): Promise<WarningRow[]> {
  return rowsOf<WarningRow>(await db.execute(sql`select case when c.status = 'BROKEN' then 'COMMITMENT_BROKEN' else 'COMMITMENT_ENDING' end as kind,
      c.subject_id as "subjectId", c.kind as rule, coalesce(c.valid_until, (c.signed_at at time zone 'Asia/Shanghai')::date)::text as due, c.id::text as key,
      json_build_array(json_build_object('id', c.id, 'decisionNumber', c.matter, 'date', (c.signed_at at time zone 'Asia/Shanghai')::date)) as facts
    from ${commitment} c join ${subject} s on s.id = c.subject_id
    where ${inScope(scope)} and (c.status = 'BROKEN'
      or (c.status = 'VALID' and c.valid_until >= ${scope.today}::date and c.valid_until <= ${scope.today}::date + ${scope.withinDays}::int))`));
}

/** 双公示: licensing and penalty records still unpublished past their deadline. */
export async function publicationOverdue(db: Database, scope: WarningScope): Promise<WarningRow[]> {
  return rowsOf<WarningRow>(await db.execute(sql`select 'PUBLICATION_OVERDUE' as kind, r.subject_id as "subjectId", 'PUBLISH_WITHIN_7_WORKING_DAYS' as rule,
      r.publish_deadline::text as due, r.id::text as key,
      json_build_array(json_build_object('id', r.id, 'decisionNumber', r.decision_number, 'date', r.decision_date)) as facts
    from ${creditRecord} r join ${subject} s on s.id = r.subject_id
    where r.published_at is null and r.publish_deadline < ${scope.today}::date and ${inForce(sql`r.status`)} and ${inScope(scope)}`));
}
