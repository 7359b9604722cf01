// SQL helpers for every store. What "in force" and "published" mean is the register's
// (modules/register/register.predicates).
import { type AnyColumn, sql, type SQL } from "drizzle-orm";

/** `column = any($1::uuid[])`: one parameter whatever the batch size. */
export function anyUuid(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(ids)}::uuid[])`;
}
