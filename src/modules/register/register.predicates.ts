// Read-time expiry in SQL: what is in force on a day, for every store that filters by it. The
// statuses come from the register's table; the dates do the rest (a record's publication ends,
// an entry runs out) without anything being written.
import { and, type AnyColumn, eq, gt, gte, inArray, isNotNull, isNull, lte, ne, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import { creditRecord, listEntry, subject } from "../../db/schema.js";
import { IN_FORCE } from "./register.states.js";

/** `column` holds one of `statuses`. */
export function statusIn(column: AnyColumn, statuses: readonly string[]): SQL {
  return statuses.length === 1 ? eq(column, statuses[0]!) : inArray(column, [...statuses]);
}

/** An entry in force on `today` (YYYY-MM-DD, China time; or a placeholder for it). */
export function activeEntry(today: string | Placeholder): SQL {
  return and(
    statusIn(listEntry.status, IN_FORCE.ENTRY),
    lte(listEntry.effectiveFrom, today),
    or(isNull(listEntry.effectiveUntil), gte(listEntry.effectiveUntil, today)),
  )!;
}

/** A record the public may read on `today`: published, not withdrawn, within its period. */
export function publishedRecord(today: string | Placeholder): SQL {
  return and(
    isNotNull(creditRecord.publishedAt),
    statusIn(creditRecord.status, IN_FORCE.RECORD),
    or(isNull(creditRecord.publicationEnds), gt(creditRecord.publicationEnds, today)),
  )!;
}

/** A subject that is not a private person: anything but a PERSON, or a person with public information. */
export function publicSubject(today: string | Placeholder): SQL {
  return or(
    ne(subject.kind, "PERSON"),
    sql`exists (select 1 from ${listEntry} where ${listEntry.subjectId} = ${subject.id} and ${activeEntry(today)})`,
    sql`exists (select 1 from ${creditRecord} where ${creditRecord.subjectId} = ${subject.id} and ${publishedRecord(today)})`,
  )!;
}
