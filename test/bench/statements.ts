// What the baseline runs for a request: the service's own check statement (checkReader, given a
// bare postgres.js driver), or for `lookup` the subject(ref) statement below, rendered with
// drizzle's PostgreSQL dialect; for `ceiling` the plain lookup of the ceiling — subjects by
// (kind, identifier) with their ACTIVE list entries, one prepared statement whatever the batch.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { activeEntry } from "../../src/modules/register/register.predicates.js";
import { listEntry, subject } from "../../src/db/schema.js";
import type { SubjectKind } from "../../src/shared/identifiers.js";

/** A ref as the SQL wants it: the canonical identifier, or for a PERSON the protector's lookup key. */
export interface KeyedRef {
  kind: SubjectKind;
  key: string;
}

export interface Statement {
  text: string;
  params: unknown[];
}

export type Operation = "check" | "lookup";
/** What a baseline process runs: the service's operation with its own SQL, or the plain lookup ceiling. */
export type BaselineMode = Operation | "ceiling";

const dialect = new PgDialect();

export const render = (query: SQL): Statement => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
};

/**
 * `lookup`: one subject by (kind, identifier) with its active list entries — the `subject(ref)`
 * lookup, used to test the harness before `check` existed and to measure lookups.
 */
export function lookupStatements(refs: readonly KeyedRef[], today: string): Statement[] {
  return refs.map((ref) => render(sql`select ${subject.id}, ${subject.kind}, ${subject.identifier}, ${subject.name}, ${subject.region},
      coalesce((select json_agg(json_build_object('list', ${listEntry.list}, 'reason', ${listEntry.reasonCode}))
                from ${listEntry} where ${listEntry.subjectId} = ${subject.id} and ${activeEntry(today)}), '[]') as entries
    from ${subject} where ${and(eq(subject.kind, ref.kind), eq(subject.identifier, ref.key))}`));
}

/**
 * `ceiling`: the plain lookup — subjects by (kind, identifier) with their ACTIVE list entries —
 * as one statement for all of a request's refs, the values as two array parameters so that the
 * text never changes and one prepared statement serves every request.
 */
export const CEILING_TEXT = render(sql`select s.id, s.kind, s.identifier, s.name, s.region,
    coalesce((select json_agg(json_build_object('list', ${listEntry.list}, 'reason', ${listEntry.reasonCode}))
              from ${listEntry} where ${listEntry.subjectId} = s.id and ${listEntry.status} = 'ACTIVE'), '[]') as entries
  from ${subject} s join unnest(${sql.raw("$1")}::text[]::subject_kind[], ${sql.raw("$2")}::text[]) as r(kind, key)
    on s.kind = r.kind and s.identifier = r.key`).text;

export function ceilingParams(refs: readonly KeyedRef[]): [string[], string[]] {
  return [refs.map((r) => r.kind), refs.map((r) => r.key)];
}
