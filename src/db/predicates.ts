// SQL helpers for every store. What "in force" and "published" mean is the register's
// (modules/register/register.predicates).
import { type AnyColumn, Placeholder, sql, type SQL } from "drizzle-orm";

/** `column = any($1::uuid[])`: one parameter whatever the batch size (or a placeholder for it). */
export function anyUuid(column: AnyColumn, ids: readonly string[] | Placeholder): SQL {
  return sql`${column} = any(${ids instanceof Placeholder ? ids : sql.param(ids)}::uuid[])`;
}
