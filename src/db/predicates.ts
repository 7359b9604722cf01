// What "active" and "published" mean, in SQL, for every store that filters by them.
import { and, type AnyColumn, eq, gt, type Placeholder, gte, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { creditRecord, listEntry, subject } from "./schema.js";

/** An entry in force on `today` (YYYY-MM-DD, China time; or a placeholder for it). */
export function activeEntry(today: string | Placeholder): SQL {
  return and(
    eq(listEntry.status, "ACTIVE"),
    lte(listEntry.effectiveFrom, today),
    or(isNull(listEntry.effectiveUntil), gte(listEntry.effectiveUntil, today)),
  )!;
}

/** A record the public may read on `today`: published, not withdrawn, within its period. */
export function publishedRecord(today: string): SQL {
  return and(
    isNotNull(creditRecord.publishedAt),
    inArray(creditRecord.status, ["PUBLISHED", "UNDER_OBJECTION", "CORRECTED"]),
    or(isNull(creditRecord.publicationEnds), gt(creditRecord.publicationEnds, today)),
  )!;
}

/** A subject that is not a private person: anything but a PERSON, or a person with public information. */
export function publicSubject(today: string): SQL {
  return or(
    ne(subject.kind, "PERSON"),
    sql`exists (select 1 from ${listEntry} where ${listEntry.subjectId} = ${subject.id} and ${activeEntry(today)})`,
    sql`exists (select 1 from ${creditRecord} where ${creditRecord.subjectId} = ${subject.id} and ${publishedRecord(today)})`,
  )!;
}

/** `column = any($1::uuid[])`: one parameter whatever the batch size. */
export function anyUuid(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(ids)}::uuid[])`;
}
