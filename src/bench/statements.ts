// The SQL the baseline runs, as text and parameters: built by the same code the service runs
// (drizzle `SQL` objects), rendered once per request with drizzle's PostgreSQL dialect.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { activeEntry } from "../modules/register/register.predicates.js";
import { listEntry, subject } from "../db/schema.js";
import { checkQueries } from "../modules/check/check.store.js";
import type { SubjectKind } from "../shared/identifiers.js";

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

const dialect = new PgDialect();

export const render = (query: SQL): Statement => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
};

/**
 * `lookup`: one subject by (kind, identifier) with its active list entries — the `subject(ref)`
 * lookup, used to test the harness before `check` existed and to measure lookups.
 */
function lookupQueries(refs: readonly KeyedRef[], today: string): SQL[] {
  return refs.map((ref) => sql`select ${subject.id}, ${subject.kind}, ${subject.identifier}, ${subject.name}, ${subject.region},
      coalesce((select json_agg(json_build_object('list', ${listEntry.list}, 'reason', ${listEntry.reasonCode}))
                from ${listEntry} where ${listEntry.subjectId} = ${subject.id} and ${activeEntry(today)}), '[]') as entries
    from ${subject} where ${and(eq(subject.kind, ref.kind), eq(subject.identifier, ref.key))}`);
}

export type StatementBuilder = (refs: readonly KeyedRef[], scenario: string, today: string) => Statement[];

/** `check`: exactly the statements the service's check runs (src/modules/check/check.store.ts). */
export function statementBuilder(operation: Operation): StatementBuilder {
  if (operation === "lookup") return (refs, _scenario, today) => lookupQueries(refs, today).map(render);
  return (refs, scenario, today) => checkQueries({ refs: [...refs], scenario, today }).map(render);
}
